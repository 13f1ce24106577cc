import datetime

from django.db import migrations

# DOMAIN.md "Time limits": Law on Denunciation 2018, Circular 05/2021/TT-TTCP, Regulation 11-QĐi/TW.
RULES = [
    ("initial_handling", 7, "working", "the day the petition is received", "Điều 24 Luật Tố cáo 2018; Thông tư 05/2021/TT-TTCP"),
    ("initial_handling_multi", 10, "working", "the day the petition is received", "Khi cần xác minh ở nhiều địa điểm"),
    ("forward", 5, "working", "the day the petition is received", "Chuyển đơn đến cơ quan có thẩm quyền"),
    ("notify_acceptance", 5, "working", "the day of the decision to accept", "Thông báo thụ lý cho người tố cáo"),
    ("resolve", 30, "calendar", "the day of the decision to accept", "Điều 30 Luật Tố cáo 2018"),
    ("extension", 30, "calendar", "the previous due date", "Gia hạn một lần (phức tạp) hoặc hai lần (đặc biệt phức tạp)"),
    ("party_feedback", 10, "working", "the day the petition is received", "Quy định 11-QĐi/TW"),
]

NOTICES = {
    "accepted": (
        "Ngày {date}, tố cáo của ông/bà đã được thụ lý giải quyết. Thời hạn giải quyết đến ngày {due}.",
        "On {date} your denunciation was accepted for resolution. It is due by {due}.",
    ),
    "refused": (
        "Ngày {date}, đơn của ông/bà không được thụ lý. Lý do: {reason}",
        "On {date} your report was not accepted. Reason: {reason}",
    ),
    "forwarded": (
        "Ngày {date}, đơn của ông/bà đã được chuyển đến {body}, là cơ quan có thẩm quyền giải quyết.",
        "On {date} your report was forwarded to {body}, the competent body.",
    ),
    "guided": (
        "Nội dung đơn không thuộc thẩm quyền giải quyết của chúng tôi. Ông/bà có thể gửi đến {body}.",
        "Your report is not within our competence. You may send it to {body}.",
    ),
    "extended": (
        "Thời hạn giải quyết đã được gia hạn đến ngày {due}. Lý do: {reason}",
        "The time limit was extended to {due}. Reason: {reason}",
    ),
    "suspended": (
        "Từ ngày {date}, việc giải quyết tạm đình chỉ. Lý do: {reason}",
        "From {date} the handling is suspended. Reason: {reason}",
    ),
    "resumed": (
        "Từ ngày {date}, việc giải quyết được tiếp tục.",
        "From {date} the handling resumed.",
    ),
    "concluded": (
        "Ngày {date}, đã có kết luận nội dung tố cáo: {outcome}.",
        "On {date} a conclusion was reached: {outcome}.",
    ),
}


def add_defaults(apps, schema_editor):
    rule = apps.get_model("cases", "DeadlineRule")
    template = apps.get_model("cases", "NoticeTemplate")
    since = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    for step, days, count, starts, note in RULES:
        if not rule.objects.filter(step=step).exists():
            rule.objects.create(step=step, days=days, count=count, starts=starts, valid_from=since, note=note)
    for kind, (vi, en) in NOTICES.items():
        template.objects.get_or_create(kind=kind, language="vi", defaults={"text": vi})
        template.objects.get_or_create(kind=kind, language="en", defaults={"text": en})


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_case_handling")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
