import django.db.models.deletion
from django.db import migrations, models

# Until now the unit that received a petition first was read from its "cases.petition.receive"
# audit event (cases.stats); the column takes it from there once. A petition with no such event
# (imported history) was received where it is now.
BACKFILL = """
UPDATE cases_petition SET first_unit_id = COALESCE(
    (SELECT e.unit_id FROM audit_auditevent e
      WHERE e.object_type = 'cases.petition' AND e.object_id = CAST(cases_petition.id AS VARCHAR(64))
        AND e.action = 'cases.petition.receive' AND e.unit_id IS NOT NULL
      ORDER BY e.seq LIMIT 1),
    unit_id)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_chain_head"),
        ("cases", "0007_waiting_petitions_index"),
        ("org", "0004_unit_headcount"),
    ]

    operations = [
        migrations.AddField(
            model_name="petition",
            name="first_unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.unit",
                verbose_name="first receiving unit",
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
