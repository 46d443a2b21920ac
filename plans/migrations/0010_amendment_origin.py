from django.db import migrations, models


def review_origin_from_reason(apps, schema_editor):
    """Amendments started from a review before origins were recorded: their reason is
    the one reviews.services.review_prepare_amendments writes. Without this, such an
    amendment awaiting the review's decision could not be sent with it (Devon)."""
    PlanAmendment = apps.get_model("plans", "PlanAmendment")
    PlanAmendment.objects.filter(reason__startswith="The annual review meeting on").update(
        origin="review"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0009_sen2_xsd_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="planamendment",
            name="origin",
            field=models.CharField(
                choices=[
                    ("review", "An annual review"),
                    (
                        "other",
                        "Another reason (a reassessment, a tribunal order, a change of need)",
                    ),
                ],
                default="other",
                max_length=10,
                verbose_name="Started by",
            ),
        ),
        migrations.RunPython(review_origin_from_reason, migrations.RunPython.noop),
    ]
