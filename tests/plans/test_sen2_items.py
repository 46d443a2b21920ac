"""The SEN2 items caseworkers record where they already work: the DfE type and rank of
each need in section B (one primary need per plan), and the named plan's residential,
work-based learning, SEN unit, resourced provision and transfer-in items with section I."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plans.models import Need
from tests.plans.conftest import FINAL_ON, date_fields

pytestmark = pytest.mark.django_db

NEED = {"area": "cognition_learning", "description": "Reading well below age expectations"}


def test_a_need_records_its_dfe_type_and_rank(client, caseworker, plan):
    client.force_login(caseworker)
    add = reverse("plans:item_add", args=[plan.pk, "b"])
    client.post(add, {**NEED, "sen_type": "SPLD", "sen_type_rank": "1"})
    need = Need.objects.get(plan=plan)
    assert (need.sen_type, need.sen_type_rank) == ("SPLD", 1)
    page = client.get(add).content.decode()
    assert "Specific learning difficulty" in page and "Primary need" in page


def test_a_plan_has_one_primary_need(client, caseworker, plan):
    client.force_login(caseworker)
    add = reverse("plans:item_add", args=[plan.pk, "b"])
    client.post(add, {**NEED, "sen_type": "SPLD", "sen_type_rank": "1"})
    response = client.post(add, {**NEED, "sen_type": "ASD", "sen_type_rank": "1"})
    assert response.status_code == 200
    assert "The plan already has a primary need" in response.content.decode()
    assert Need.objects.filter(plan=plan).count() == 1
    client.post(add, {**NEED, "sen_type": "ASD", "sen_type_rank": "2"})
    assert Need.objects.filter(plan=plan, sen_type_rank=2).count() == 1


def test_a_rank_needs_a_type(client, caseworker, plan):
    client.force_login(caseworker)
    response = client.post(
        reverse("plans:item_add", args=[plan.pk, "b"]), {**NEED, "sen_type_rank": "1"}
    )
    assert "Select the type of need" in response.content.decode()
    assert not Need.objects.filter(plan=plan).exists()


def test_section_i_records_the_named_plan_items(client, caseworker, plan, institutions):
    client.force_login(caseworker)
    url = reverse("plans:section", args=[plan.pk, "i"])
    data = {
        "placement": str(institutions["primary"].pk),
        "placement_note": "",
        "placement_resourced_provision": "on",
        "residential": "A",
        "work_based_learning": "",
        "transferred_from_la": "873",
        "completed": "no",
        "version_field": plan.version,
    }
    client.post(url, data)
    plan.refresh_from_db()
    assert plan.placement_resourced_provision and not plan.placement_sen_unit
    assert (plan.residential, plan.work_based_learning) == ("A", "")
    assert plan.transferred_from_la == "873"
    response = client.post(url, {**data, "placement_sen_unit": "on", "transferred_from_la": "87",
                                 "version_field": plan.version})  # fmt: skip
    page = response.content.decode()
    assert "Select an SEN unit or a resourced provision, not both" in page
    assert "3-digit LA code" in page


def test_placements_are_recorded_on_an_issued_plan(client, caseworker, plan_in_force,
                                                   institutions):  # fmt: skip
    from plans.models import PlacementRecord

    client.force_login(caseworker)
    url = reverse("plans:placement_records", args=[plan_in_force.pk])
    assert url in client.get(reverse("plans:plan_detail", args=[plan_in_force.pk])).content.decode()
    base = {"rank": "1", **date_fields("entry_date", FINAL_ON)}
    # Neither a school nor a setting: refused with a GOV.UK error.
    page = client.post(url, base).content.decode()
    assert "govuk-error-summary" in page and "Choose a school or college, or a setting" in page
    client.post(url, {**base, "institution": str(institutions["primary"].pk)})
    # "Not in education: other" needs the reason (SEN2 item 5.7c(i)).
    page = client.post(url, {**base, "sen_setting": "NIEO", "rank": "2"}).content.decode()
    assert "Describe why they are not in education" in page
    client.post(url, {**base, "sen_setting": "EHE", "rank": "2"})
    rows = PlacementRecord.objects.filter(plan=plan_in_force).order_by("rank")
    assert [(r.institution_id is not None, r.sen_setting) for r in rows] == [
        (True, ""),
        (False, "EHE"),
    ]
    assert "Elective home education" in client.get(url).content.decode()
