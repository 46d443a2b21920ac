"""A school's URN is exactly 6 digits (Get Information About Schools; SEN2 items 4.7a and
5.7a): the table of schools refuses any other length, a college's 8-digit UKPRN is
exempt, and a URN kept from before is an error in the SEN2 check, per child, with a link
to the school's page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.models import Institution, PlacementRecord, Plan, validate_urn
from sen_portal.dashboards import sen2
from sen_portal.dashboards.selectors import Scope

pytestmark = pytest.mark.django_db

d = datetime.date
CENSUS = d(2026, 1, 15)
MESSAGE = "Enter the school&#x27;s URN as 6 digits, for example 100000"


def _add(client, **fields):
    data = {"urn": "", "name": "Fictional School", "kind": "mainstream", "town": "", "ukprn": ""}
    return client.post(reverse("admin:plans_institution_add"), {**data, **fields})


@pytest.mark.parametrize("urn", ["12345", "1234567", "12345678", "10000a", "100 00"])
def test_the_table_of_schools_refuses_a_urn_that_is_not_6_digits(client, admin_user, urn):
    client.force_login(admin_user)
    response = _add(client, urn=urn)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Institution.objects.exists()


def test_a_6_digit_urn_is_saved_and_a_college_keeps_its_8_digit_ukprn(client, admin_user):
    client.force_login(admin_user)
    assert _add(client, urn="100000").status_code == 302
    response = _add(client, urn="130001", name="Fictional College", kind="fe_college",
                    ukprn="10000001")  # fmt: skip
    assert response.status_code == 302
    assert Institution.objects.get(urn="130001").ukprn == "10000001"
    with pytest.raises(ValidationError, match="as 6 digits"):
        validate_urn("1000000")


@pytest.fixture
def legacy(school):
    """URNs kept from before the rule (a bulk update skips validators)."""
    short = Institution.objects.create(urn="100002", name="Short URN School", kind="mainstream")
    college = Institution.objects.create(urn="100003", name="Fictional College",
                                         kind="fe_college", ukprn="10000003")  # fmt: skip
    Institution.objects.filter(pk=short.pk).update(urn="10002")
    Institution.objects.filter(pk=college.pk).update(urn="1000003")
    return short, college


def _findings(census_date=CENSUS):
    ids = sen2.problem_ids(scope=Scope(label="All teams"), census_date=census_date)
    return {
        p.child.last_name: [(f.label, f.url, f.where) for f in p.findings if f.error]
        for p in sen2.problems(sen2.labelled(ids, census_date))
    }


def test_a_kept_urn_is_an_error_for_each_child_with_a_link_to_the_school(
    client, manager, team, make_case, legacy
):
    short, college = legacy
    named = make_case(team, received_on=d(2025, 2, 3), plan_on=d(2025, 6, 2),
                      upn="A123456789012", last_name="Named")  # fmt: skip
    Plan.objects.filter(child=named).update(placement=short)
    placed = make_case(team, received_on=d(2025, 2, 3), plan_on=d(2025, 6, 2),
                       upn="A123456789013", last_name="Placed")  # fmt: skip
    PlacementRecord.objects.filter(plan__child=placed).update(institution=short)
    # A college returned by its UKPRN: its URN is not written, so not checked.
    at_college = make_case(team, received_on=d(2025, 2, 3), plan_on=d(2025, 6, 2),
                           upn="A123456789014", last_name="College")  # fmt: skip
    Plan.objects.filter(child=at_college).update(placement=college)
    PlacementRecord.objects.filter(plan__child=at_college).update(institution=college)
    make_case(team, received_on=d(2025, 2, 3), plan_on=d(2025, 6, 2),
              upn="A123456789015", last_name="Fine")  # fmt: skip

    label = sen2.RULES["urn_not_six_digits"]
    link = reverse("admin:plans_institution_change", args=[short.pk])
    assert _findings() == {
        "Named": [(label, link, "school")],
        "Placed": [(label, link, "school")],
    }
    assert sen2.counts(scope=Scope(label="All teams"), census_date=CENSUS).errors == 2

    client.force_login(manager)
    page = client.get(reverse("dashboards:sen2_check"), {"census_date": "2026-01-15"})
    text = page.content.decode()
    assert "digits: enter the school&#x27;s URN as 6 digits, for example 100000" in text
    assert f'href="{link}"' in text and "Fix on the school page" in text


def test_a_placement_after_the_census_date_is_not_checked(team, make_case, legacy):
    short, _ = legacy
    later = make_case(team, received_on=d(2025, 2, 3), plan_on=d(2025, 6, 2),
                      upn="A123456789012", last_name="Later")  # fmt: skip
    PlacementRecord.objects.create(plan=Plan.objects.get(child=later), institution=short,
                                   rank=2, entry_date=d(2026, 2, 1))  # fmt: skip
    assert _findings() == {}
