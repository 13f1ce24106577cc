"""The national texts every plan hangs from. They belong to no unit: everyone reads them."""

import datetime

from django.db import migrations

from baove.lib.text import fold

TEXTS = [
    (
        "directive",
        "27-CT/TW",
        datetime.date(2019, 1, 10),
        "Bộ Chính trị",
        "Chỉ thị về tăng cường sự lãnh đạo của Đảng đối với công tác bảo vệ người phát hiện, tố giác, "
        "người đấu tranh chống tham nhũng, lãng phí, tiêu cực",
    ),
    (
        "regulation",
        "11-QĐi/TW",
        datetime.date(2019, 2, 18),
        "Bộ Chính trị",
        "Quy định về trách nhiệm của người đứng đầu cấp ủy trong việc tiếp dân, đối thoại trực tiếp với dân "
        "và xử lý những phản ánh, kiến nghị của dân",
    ),
    (
        "conclusion",
        "69-KL/TW",
        datetime.date(2020, 2, 24),
        "Ban Bí thư",
        "Kết luận về tiếp tục thực hiện Chỉ thị số 33-CT/TW, ngày 30/3/2009 của Ban Bí thư về tăng cường sự "
        "lãnh đạo của Đảng đối với tổ chức và hoạt động của luật sư",
    ),
    (
        "regulation",
        "231-QĐ/TW",
        datetime.date(2025, 1, 17),
        "Bộ Chính trị",
        "Quy định về bảo vệ người đấu tranh chống tham nhũng, lãng phí, tiêu cực",
    ),
]


def add_texts(apps, schema_editor):
    document = apps.get_model("programme", "Document")
    for kind, number, issued_on, issuer_name, title in TEXTS:
        if document.objects.filter(number=number, unit__isnull=True).exists():
            continue
        row = document.objects.create(
            kind=kind,
            number=number,
            issued_on=issued_on,
            issuer_name=issuer_name,
            is_party=True,
            title=title,
            search_text=fold(f"{number} {title} {issuer_name}"),
        )
        row.path = f"/{row.pk:010d}/"
        row.depth = 0
        row.save(update_fields=["path", "depth"])


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]
    operations = [migrations.RunPython(add_texts, migrations.RunPython.noop)]
