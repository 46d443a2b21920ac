"""Issued versions are frozen: written once, refused any change by Python and by the
database, and they keep what was issued whatever happens to the plan afterwards."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from plans import services
from plans.models import PlanVersion, PlanVersionPdf, VersionIsImmutable
from plans.snapshot import compare, content_hash
from tests.plans.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(draft_version):
    return draft_version


def test_issuing_the_draft_freezes_every_section_as_version_1(version):
    assert (version.number, version.kind, version.issued_on) == (1, "draft", TODAY)
    sections = version.snapshot["sections"]
    assert set(sections) == {"A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"}
    assert sections["A"]["aspirations"] == "To be a train driver."
    assert [n["ref"] for n in sections["B"]["needs"]] == ["B1", "B2"]
    assert sections["E"]["outcomes"][0]["needs"] == ["B1"]
    assert sections["F"]["items"][0]["outcomes"] == ["E1"]
    assert sections["G"]["items"][0]["agency"] == "health"
    # A draft never names the school or college (CoP 9.77).
    assert sections["I"] == {"withheld": True, "institution": None, "note": ""}


def test_the_content_hash_is_the_hash_of_the_stored_snapshot(version):
    assert version.content_sha256 == content_hash(PlanVersion.objects.get(pk=version.pk).snapshot)


def test_a_version_cannot_be_changed_or_deleted_through_the_orm(version):
    version.issued_on = TODAY.replace(year=TODAY.year - 1)
    with pytest.raises(VersionIsImmutable):
        version.save()
    with pytest.raises(VersionIsImmutable):
        version.delete()
    with pytest.raises(VersionIsImmutable):
        PlanVersion.objects.filter(pk=version.pk).update(kind="final")
    with pytest.raises(VersionIsImmutable):
        PlanVersion.objects.filter(pk=version.pk).delete()
    with pytest.raises(VersionIsImmutable):
        PlanVersionPdf.objects.filter(version=version).update(sha256="0" * 64)
    assert PlanVersion.objects.get(pk=version.pk).issued_on == TODAY


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE plans_planversion SET snapshot = '{}' WHERE id = %s",
        "DELETE FROM plans_planversion WHERE id = %s",
        "UPDATE plans_planversionpdf SET sha256 = repeat('0', 64) WHERE version_id = %s",
        "DELETE FROM plans_planversionpdf WHERE version_id = %s",
    ],
)
def test_the_database_refuses_to_change_a_version_whatever_the_client(version, sql):
    with (
        pytest.raises(DatabaseError, match="write-once"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [version.pk])
    assert PlanVersion.objects.get(pk=version.pk).content_sha256 == version.content_sha256


def test_changing_the_plan_after_the_draft_leaves_the_draft_as_issued(
    draft_issued, version, caseworker
):
    services.plan_section_update(
        plan=draft_issued,
        code="A",
        data={"a_aspirations": "To work with animals."},
        acting_user=caseworker,
    )
    assert PlanVersion.objects.get(pk=version.pk).snapshot["sections"]["A"]["aspirations"] == (
        "To be a train driver."
    )


def test_the_final_plan_is_version_2_and_names_the_school(final_ready, caseworker):
    final = services.plan_issue_final(plan=final_ready, on=TODAY, acting_user=caseworker).version
    assert (final.number, final.kind) == (2, "final")
    assert final.snapshot["sections"]["I"]["institution"]["name"] == "Northshire Primary School"


def test_comparing_versions_shows_what_changed_section_by_section(final_ready, caseworker):
    services.plan_item_save(
        plan=final_ready,
        code="H2",
        data={
            "what": "Short breaks at a Saturday club",
            "delivered_by": "Short breaks service",
            "how_often": "Twice a month",
            "how_long": "3 hours, for a year",
            "responsible_agency": "social_care",
            "contact_name": "Short breaks team",
        },
        acting_user=caseworker,
    )
    final = services.plan_issue_final(plan=final_ready, on=TODAY, acting_user=caseworker).version
    draft = final_ready.versions.get(number=1)
    changes = {c.code: c for c in compare(draft.snapshot, final.snapshot)}
    assert {code for code, c in changes.items() if c.changed} == {"H2", "I"}
    assert ("added", "H2.1: Short breaks at a Saturday club") in changes["H2"].lines
    assert ("removed", "Not named in a draft plan") in changes["I"].lines
    assert changes["A"].lines and all(kind == "same" for kind, _ in changes["A"].lines)


def test_the_comparison_page_compares_with_the_plan_as_it_is_now(client, caseworker, draft_issued):
    services.plan_section_update(
        plan=draft_issued,
        code="C",
        data={"c_health_needs": "Asthma: an inhaler must be at hand in PE."},
        acting_user=caseworker,
    )
    client.force_login(caseworker)
    page = client.get(
        reverse("plans:version_compare", args=[draft_issued.pk]), {"from": "1", "to": "current"}
    ).content.decode()
    # Section C, and section I: a draft withholds it, the plan as it is now does not.
    assert "2 sections changed" in page
    assert "Asthma: an inhaler must be at hand in PE." in page
    assert "No health needs related to SEN were identified." in page
