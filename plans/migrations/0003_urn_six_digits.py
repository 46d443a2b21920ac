"""A school's URN is exactly 6 digits (Get Information About Schools; the SEN2 URN
items). Validators only: no change to the table."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_versions_write_once"),
    ]

    operations = [
        migrations.AlterField(
            model_name="institution",
            name="urn",
            field=models.CharField(
                help_text="Unique reference number, from Get Information About Schools",
                max_length=8,
                unique=True,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{6}$", "Enter the school's URN as 6 digits, for example 100000"
                    )
                ],
                verbose_name="URN",
            ),
        ),
    ]
