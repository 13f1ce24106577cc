from django.db import migrations


def pad_paths(apps, schema_editor):
    unit_model = apps.get_model("org", "Unit")
    for unit in unit_model.objects.all().only("pk", "path"):
        ids = [int(part) for part in unit.path.strip("/").split("/") if part]
        unit.path = "/" + "".join(f"{pk:010d}/" for pk in ids)
        unit.save(update_fields=["path"])


class Migration(migrations.Migration):
    dependencies = [("org", "0002_administrative_levels")]
    operations = [migrations.RunPython(pad_paths, migrations.RunPython.noop)]
