import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_petition_first_unit")]

    operations = [
        migrations.AlterField(
            model_name="petition",
            name="first_unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.unit",
                verbose_name="first receiving unit",
            ),
        ),
    ]
