"""Attack round, finding 5: the Django admin neither edits children's records nor reads
them unlogged, and every export or CSV download of many children's data is logged
(who, when, which file, which scope)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from sen_portal.casework.models import Child, DataExport, FamilyMember, RecordAccess

pytestmark = pytest.mark.django_db

CENSUS = "2026-01-15"


@pytest.mark.parametrize("model", ["child", "familymember"])
def test_the_admin_shows_a_record_read_only_and_logs_the_read(
    client, admin_user, child, family_member, model
):
    obj = child if model == "child" else family_member
    client.force_login(admin_user)
    change_url = reverse(f"admin:casework_{model}_change", args=[obj.pk])
    assert client.get(change_url).status_code == 200
    assert RecordAccess.objects.filter(user=admin_user, child=child, path=change_url).exists()

    # No add, change or delete, whatever is posted.
    assert client.get(reverse(f"admin:casework_{model}_add")).status_code == 403
    client.post(change_url, {"first_name": "Changed", "full_name": "Changed"})
    assert (
        client.post(
            reverse(f"admin:casework_{model}_delete", args=[obj.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Child.objects.get(pk=child.pk).first_name == "Sam"
    assert FamilyMember.objects.get(pk=family_member.pk).full_name != "Changed"


def test_a_sen2_download_is_logged_with_who_what_and_scope(client, manager, team, make_case):
    import datetime

    make_case(team, received_on=datetime.date(2025, 3, 3))
    client.force_login(manager)
    response = client.get(
        reverse("dashboards:sen2_module_csv", args=["person"]), {"census_date": CENSUS}
    )
    b"".join(response.streaming_content)
    export = DataExport.objects.get()
    assert export.user == manager
    assert export.what == f"sen2-{CENSUS}-person.csv"
    assert export.scope == team.name


def test_a_dashboard_csv_download_is_logged(client, manager, team):
    client.force_login(manager)
    response = client.get(reverse("dashboards:caseloads"), {"format": "csv"})
    assert response.status_code == 200
    export = DataExport.objects.get()
    assert (export.user, export.scope) == (manager, team.name)


def test_the_sen2_export_command_is_logged(tmp_path):
    call_command("sen2_export", census_date=CENSUS, output=str(tmp_path / "out.xml"),
                 stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    export = DataExport.objects.get()
    assert export.user is None
    assert "sen2_export" in export.by
    assert export.scope == "All teams"
