"""A family member's portal access is no longer a per-member flag: the young person's
recorded decision (family.YoungPersonAccess) decides it for every family member, present
or added later. Before the flag goes, any case where it was withdrawn keeps its "no" as
the young person's decision, so no parent regains access by this migration."""

from django.db import migrations


def keep_withdrawn_access(apps, schema_editor):
    FamilyMember = apps.get_model("casework", "FamilyMember")
    YoungPersonAccess = apps.get_model("family", "YoungPersonAccess")
    withdrawn = FamilyMember.objects.filter(portal_access=False).values_list("child_id", flat=True)
    for child_id in set(withdrawn):
        access, _ = YoungPersonAccess.objects.get_or_create(child_id=child_id)
        if access.parents_keep_access is not False:
            access.parents_keep_access = False
            access.save(update_fields=["parents_keep_access"])


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0010_child_sen2_person_items"),
        ("family", "0002_email_preference"),
    ]

    operations = [
        migrations.RunPython(keep_withdrawn_access, migrations.RunPython.noop),
        migrations.RemoveField(model_name="familymember", name="portal_access"),
    ]
