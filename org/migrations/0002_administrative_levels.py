import datetime

from django.db import migrations

LEVELS = [
    ("central", "Trung ương", 0, None, None),
    ("province", "Cấp tỉnh", 10, None, None),
    # The district level ended on 01/7/2025; reports on earlier windows still have its column.
    ("district", "Cấp huyện", 20, None, datetime.date(2025, 6, 30)),
    ("commune", "Cấp xã", 30, None, None),
    ("division", "Cấp phòng, ban", 40, None, None),
]


def add_levels(apps, schema_editor):
    level = apps.get_model("org", "AdministrativeLevel")
    for code, name, rank, valid_from, valid_to in LEVELS:
        level.objects.update_or_create(
            code=code, defaults={"name": name, "rank": rank, "valid_from": valid_from, "valid_to": valid_to}
        )


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(add_levels, migrations.RunPython.noop)]
