"""Report builders the job tests export: a good one, and ones that fail in each way."""

from django.core.exceptions import ValidationError

from exports.builders import register
from exports.tests.sample import make_report

SECRET = "nội dung bí mật không được vào nhật ký"


@register("exports.tests.sample")
def sample(params, progress):
    progress(1, 2, "Đang tính số liệu")
    report = make_report(params.get("style", "party"))
    progress(2, 2, "Đã tính xong")
    return report


@register("exports.tests.crash")
def crash(params, progress):
    progress(1, 3, "Đang tính số liệu")
    raise RuntimeError(SECRET)


@register("exports.tests.refuse")
def refuse(params, progress):
    raise ValidationError("Mẫu báo cáo này đã bị xóa.")


@register("exports.tests.not_a_report")
def not_a_report(params, progress):
    return {"title": "không phải báo cáo"}
