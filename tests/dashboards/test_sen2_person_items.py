"""The SEN2 person items on the case: sex, ethnicity and the reason a UPN is unknown,
entered on the case form (with GOV.UK error messages), shown on the case page and
checked by the SEN2 validation report."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse

from sen_portal.casework.demo import demo_upn
from sen_portal.casework.models import Child, ChronologyEvent
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 1, 10, 10, 0, tzinfo=datetime.UTC)


def case_form(child: Child, **overrides) -> dict:
    data = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "date_of_birth_day": str(child.date_of_birth.day),
        "date_of_birth_month": str(child.date_of_birth.month),
        "date_of_birth_year": str(child.date_of_birth.year),
        "la_reference": child.la_reference,
        "upn": child.upn,
        "uln": child.uln,
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "upn_unknown_reason": child.upn_unknown_reason,
        "caseworker": str(child.caseworker_id or ""),
        "version_field": child.version,  # the version the form was built from
    }
    data.update(overrides)
    return data


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


def test_a_caseworker_records_sex_ethnicity_and_why_there_is_no_upn(signed_in, team, caseworker):
    with time_machine.travel(NOW, tick=False):
        child = ChildFactory(team=team, caseworker=caseworker, sex="", ethnicity="",
                             date_of_birth=datetime.date(2022, 5, 1))  # fmt: skip
        response = signed_in.post(
            reverse("casework:child_edit", args=[child.pk]),
            case_form(child, sex="M", ethnicity="BCRB", upn_unknown_reason="UN1"),
        )
        detail = signed_in.get(reverse("casework:child_detail", args=[child.pk]))
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.sex, child.ethnicity, child.upn_unknown_reason) == ("M", "BCRB", "UN1")
    event = ChronologyEvent.objects.get(child=child, kind="case_details_changed")
    assert "Reason there is no UPN" in event.summary and "Ethnicity" in event.summary
    page = detail.content.decode()
    assert "Black Caribbean" in page
    assert "child is aged under 6 years old and is not yet assigned a upn (UN1)" in page


def test_a_reason_for_no_upn_is_refused_when_the_upn_is_given(signed_in, team, caseworker):
    child = ChildFactory(team=team, caseworker=caseworker)
    response = signed_in.post(
        reverse("casework:child_edit", args=[child.pk]),
        case_form(child, upn=demo_upn(7), upn_unknown_reason="UN3"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Leave the reason there is no UPN empty when you give the UPN" in page
    assert 'href="#id_upn_unknown_reason"' in page


def test_under_6_is_refused_for_a_child_of_6_or_more(signed_in, team, caseworker):
    with time_machine.travel(NOW, tick=False):
        child = ChildFactory(team=team, caseworker=caseworker,
                             date_of_birth=datetime.date(2020, 1, 10))  # 6 today  # fmt: skip
        response = signed_in.post(
            reverse("casework:child_edit", args=[child.pk]),
            case_form(child, upn_unknown_reason="UN1"),
        )
    assert "The child is 6 or older: choose another reason there is no UPN" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sex", "X", "Select female, male or not known"),
        ("ethnicity", "ZZZZ", "Select an ethnicity from the list"),
        ("upn_unknown_reason", "UN11", "Select a reason from the list"),
        # Not in the DfE's 2025 and 2026 lists (sen2_codes.CURRENT_UPN_UNKNOWN).
        ("upn_unknown_reason", "UN4", "Select a reason from the list"),
    ],
)
def test_unknown_codes_are_refused_with_a_message(
    signed_in, team, caseworker, field, value, message
):
    child = ChildFactory(team=team, caseworker=caseworker)
    response = signed_in.post(
        reverse("casework:child_edit", args=[child.pk]), case_form(child, **{field: value})
    )
    assert message in response.content.decode()


def test_the_form_offers_the_dfe_codes(signed_in, team, caseworker):
    child = ChildFactory(team=team, caseworker=caseworker)
    page = signed_in.get(reverse("casework:child_edit", args=[child.pk])).content.decode()
    assert 'value="WBRI"' in page and 'value="NOBT"' in page
    assert 'type="radio"' in page and 'name="sex"' in page
    assert "has not been assigned a UPN (UN2)" in page


def test_the_database_refuses_a_upn_and_a_reason_together(team):
    with pytest.raises(IntegrityError):
        ChildFactory(team=team, upn=demo_upn(3), upn_unknown_reason="UN2")


def test_retired_upn_reasons_are_not_offered_and_are_reported(team, make_case):
    """UN4, UN6 and UN7 are not in the DfE's 2025 and 2026 lists (liia-tools-pipeline
    sen2_schema_2025/2026.xsd upnunknowntype): the case form offers the seven that are,
    with their meanings, and the SEN2 check asks for a reason again."""
    from sen_portal.dashboards import sen2
    from sen_portal.dashboards.selectors import Scope
    from sen_portal.sen2_codes import CURRENT_UPN_UNKNOWN, UpnUnknown

    assert [c.value for c in CURRENT_UPN_UNKNOWN] == ["UN1", "UN2", "UN3", "UN5", "UN8",
                                                     "UN9", "UN10"]  # fmt: skip
    assert UpnUnknown.UN3.label.startswith("Child is educated outside of England")
    child = make_case(team, received_on=datetime.date(2025, 3, 3), last_name="Retired",
                      upn_unknown_reason="UN4")  # fmt: skip
    children = sen2.children_with_problems(
        scope=Scope("All"), census_date=datetime.date(2026, 1, 15)
    )
    assert {p.child.pk: p.rules for p in sen2.problems(children)} == {
        child.pk: [sen2.RULES["upn_unknown_retired"]]
    }
