"""Disagreement pages: recording and running one through HTTP, the case panel, the
team's list (filters, pagination, constant queries), and who may reach them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from disagreements import services
from disagreements.models import Disagreement
from tests.factories import ChildFactory
from tests.journeys import at, date_fields

pytestmark = pytest.mark.django_db
D = datetime.date

READ = {
    "caseworker": 200,
    "manager": 200,
    "admin": 200,
    "other_caseworker": 404,
    "advice_giver": 403,
    "family": 403,
    "editor": 403,
}
WRITE = {**READ, "admin": 403}


@pytest.fixture
def on_day(time_machine):
    at(time_machine, D(2030, 8, 22))


@pytest.fixture
def disagreement(child, caseworker, on_day):
    return services.disagreement_record(
        child=child, kind="not_to_assess", decision_on=D(2030, 8, 1), acting_user=caseworker
    )


def step(d, name):
    return reverse("disagreements:step", args=[d.pk, name])


def test_a_caseworker_records_and_runs_a_disagreement(client, caseworker, child, on_day):
    client.force_login(caseworker)
    case_page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert "Mediation and appeals" in case_page
    assert "No disagreements recorded." in case_page

    url = reverse("disagreements:record", args=[child.pk])
    response = client.post(url, {**date_fields("decision_on", D(2030, 8, 1))})
    assert "Select the decision the family disagree with" in response.content.decode()
    response = client.post(
        url, {"kind": "not_to_assess", **date_fields("decision_on", D(2030, 8, 1))}
    )
    d = Disagreement.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("disagreements:detail", args=[d.pk])

    # The certificate cannot come before the adviser is contacted: the button is not
    # there, and a hand-made POST is refused.
    page = client.get(response.url).content.decode()
    assert "Record the mediation certificate" not in page
    assert client.post(step(d, "certificate"), date_fields("on", D(2030, 8, 22))).status_code == 409

    response = client.post(step(d, "contact"), date_fields("on", D(2030, 8, 22)))
    assert "Select who contacted the mediation adviser" in response.content.decode()
    response = client.post(
        step(d, "contact"), {**date_fields("on", D(2030, 8, 22)), "by": "parent"}
    )
    assert response.status_code == 302
    page = client.get(reverse("disagreements:detail", args=[d.pk])).content.decode()
    assert "Mediation certificate due by <strong>Wednesday 28 August 2030</strong>" in page

    # Certificate before the contact: a GOV.UK error on the field.
    response = client.post(step(d, "certificate"), date_fields("on", D(2030, 8, 21)))
    assert response.status_code == 200
    assert "The date of the certificate must be on or after" in response.content.decode()
    assert client.post(step(d, "certificate"), date_fields("on", D(2030, 8, 22))).status_code == 302
    assert (
        client.post(
            step(d, "appeal"), {**date_fields("on", D(2030, 8, 22)), "reference": "EH1/30"}
        ).status_code
        == 302
    )
    assert (
        client.post(step(d, "hearing"), date_fields("hearing_on", D(2030, 8, 22))).status_code
        == 302
    )
    response = client.post(
        step(d, "outcome"), {**date_fields("on", D(2030, 8, 22)), "outcome": "allowed"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("disagreements:order_add", args=[d.pk]),
        {"kind": "reconsider", **date_fields("made_on", D(2030, 8, 22))},
    )
    assert response.status_code == 302
    order = d.orders.get()
    assert order.due_on == D(2030, 9, 5)  # 2 weeks from the order, Reg 44(2)(d)
    page = client.get(reverse("disagreements:detail", args=[d.pk])).content.decode()
    assert "Reconsider and tell the family" in page
    url = reverse("disagreements:order_comply", args=[d.pk, order.pk])
    response = client.post(url, date_fields("on", D(2030, 8, 22)))
    assert "Enter what was done" in response.content.decode()
    response = client.post(
        url, {**date_fields("on", D(2030, 8, 22)), "action": "We decided to assess."}
    )
    assert response.status_code == 302
    assert client.post(step(d, "close"), date_fields("on", D(2030, 8, 22))).status_code == 302
    d.refresh_from_db()
    assert d.status == Disagreement.Status.CLOSED

    case_page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert "Not to carry out an EHC needs assessment" in case_page
    assert "Complied with 22 August 2030" in case_page


@pytest.mark.parametrize("persona,expected", READ.items())
def test_the_disagreement_page_by_role(client, personas, disagreement, persona, expected):
    client.force_login(personas[persona])
    response = client.get(reverse("disagreements:detail", args=[disagreement.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize("persona,expected", WRITE.items())
def test_recording_contact_by_role(client, personas, disagreement, persona, expected):
    client.force_login(personas[persona])
    response = client.post(
        step(disagreement, "contact"), {**date_fields("on", D(2030, 8, 22)), "by": "parent"}
    )
    assert response.status_code == (302 if expected == 200 else expected)
    disagreement.refresh_from_db()
    assert (disagreement.adviser_contacted_on is not None) == (expected == 200)


@pytest.mark.parametrize("persona,expected", WRITE.items())
def test_recording_a_disagreement_by_role(client, personas, child, on_day, persona, expected):
    client.force_login(personas[persona])
    url = reverse("disagreements:record", args=[child.pk])
    response = client.post(
        url, {"kind": "not_to_assess", **date_fields("decision_on", D(2030, 8, 1))}
    )
    assert response.status_code == (302 if expected == 200 else expected)


def test_the_list_is_the_teams_open_disagreements(
    client, caseworker, other_caseworker, disagreement
):
    client.force_login(other_caseworker)
    assert "Sam Example" not in client.get(reverse("disagreements:list")).content.decode()
    client.force_login(caseworker)
    page = client.get(reverse("disagreements:list")).content.decode()
    assert "Sam Example" in page
    filtered = client.get(reverse("disagreements:list"), {"stage": "appeal_lodged"})
    assert "Sam Example" not in filtered.content.decode()
    assert "No open disagreements matching these filters" in filtered.content.decode()
    by_kind = client.get(reverse("disagreements:list"), {"kind": "not_to_assess"})
    assert "Sam Example" in by_kind.content.decode()


def make_disagreements(team, user, n):
    for i in range(n):
        child = ChildFactory(team=team, first_name=f"Pupil{i}", last_name="Demo")
        d = services.disagreement_record(
            child=child, kind="plan_contents", decision_on=D(2030, 8, 1), acting_user=user
        )
        services.disagreement_lodge_appeal(disagreement=d, on=D(2030, 8, 2), acting_user=user)


def test_the_list_uses_a_constant_number_of_queries(
    client, caseworker, team, on_day, django_assert_max_num_queries
):
    client.force_login(caseworker)
    make_disagreements(team, caseworker, 3)
    # Session and user; the request's savepoint; the count, the unread notifications
    # badge, the page of disagreements with their children, their orders; saving the
    # session (with its savepoint): 11, whatever the number of rows.
    with django_assert_max_num_queries(11) as few:
        client.get(reverse("disagreements:list"))
    make_disagreements(team, caseworker, 30)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("disagreements:list"))
    assert response.context["page"].paginator.num_pages == 2
    second = client.get(reverse("disagreements:list"), {"page": 2, "stage": "appeal_lodged"})
    assert len(second.context["rows"]) == 8


def test_family_cannot_reach_the_list(client, family_user, family_member):
    client.force_login(family_user)
    assert client.get(reverse("disagreements:list")).status_code == 403
