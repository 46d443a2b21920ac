"""Who may do what, role by role, and what a hand-made POST of an illegal step gets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import AssessmentRequest, NeedsAssessment
from sen_portal.casework.models import ChronologyEvent
from tests.assessments.helpers import TODAY, date_fields, send_advice

pytestmark = pytest.mark.django_db

DECIDE = {**date_fields("on", TODAY), "reasons": "Needs met at SEN support."}


def snapshot():
    return (
        list(AssessmentRequest.objects.values_list("status", flat=True)),
        NeedsAssessment.objects.count(),
        ChronologyEvent.objects.count(),
    )


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("caseworker", 302),
        ("manager", 302),
        ("other_caseworker", 404),  # another team's case: as if it did not exist
        ("admin", 403),  # reads every case, decides none
        ("advice_giver", 403),
        ("family", 403),
        ("editor", 403),
    ],
)
def test_only_the_case_team_may_decide_a_request(
    client, personas, received_request, persona, expected
):
    client.force_login(personas[persona])
    response = client.post(
        reverse("assessments:request_decline", args=[received_request.pk]), DECIDE
    )
    assert response.status_code == expected
    received_request.refresh_from_db()
    assert received_request.status == ("declined" if expected == 302 else "received")


@pytest.mark.parametrize(
    "persona,can_read,sees_buttons",
    [
        ("caseworker", True, True),
        ("manager", True, True),
        ("admin", True, False),
        ("other_caseworker", False, False),
    ],
)
def test_the_request_page_shows_decision_buttons_only_to_those_who_may_decide(
    client, personas, received_request, persona, can_read, sees_buttons
):
    client.force_login(personas[persona])
    response = client.get(reverse("assessments:request_detail", args=[received_request.pk]))
    assert response.status_code == (200 if can_read else 404)
    decline_url = reverse("assessments:request_decline", args=[received_request.pk])
    assert (decline_url in response.content.decode()) is sees_buttons


def test_an_illegal_transition_posted_by_hand_is_refused_and_changes_nothing(
    client, caseworker, received_request
):
    client.force_login(caseworker)
    client.post(reverse("assessments:request_decline", args=[received_request.pk]), DECIDE)
    before = snapshot()
    response = client.post(
        reverse("assessments:request_decide_to_assess", args=[received_request.pk]),
        date_fields("on", TODAY),
    )
    assert response.status_code == 409
    assert "This cannot be done now" in response.content.decode()
    assert snapshot() == before


def test_a_declined_request_offers_no_decision_buttons(client, caseworker, received_request):
    client.force_login(caseworker)
    client.post(reverse("assessments:request_decline", args=[received_request.pk]), DECIDE)
    page = client.get(reverse("assessments:request_detail", args=[received_request.pk]))
    html = page.content.decode()
    for name in ("request_decide_to_assess", "request_decline", "request_withdraw"):
        assert reverse(f"assessments:{name}", args=[received_request.pk]) not in html


def test_completing_the_advice_by_hand_while_advice_is_outstanding_is_refused(
    client, caseworker, assessment, ask_advice, psychologist
):
    ask_advice(assessment, giver=psychologist)
    client.force_login(caseworker)
    detail = client.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    url = reverse("assessments:assessment_complete_advice", args=[assessment.pk])
    assert url not in detail.content.decode()
    response = client.post(url, date_fields("on", TODAY))
    assert response.status_code == 409
    assert "Every piece of advice" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == "gathering_advice"


def test_deciding_to_issue_before_the_advice_is_complete_is_refused(
    client, caseworker, assessment, ask_advice, psychologist
):
    send_advice(ask_advice(assessment, giver=psychologist), psychologist)
    client.force_login(caseworker)
    response = client.post(
        reverse("assessments:assessment_decide_to_issue", args=[assessment.pk]),
        date_fields("on", TODAY),
    )
    assert response.status_code == 409
    assessment.refresh_from_db()
    assert assessment.status == "gathering_advice"


def test_the_confirmation_page_of_an_illegal_step_is_not_shown(client, caseworker, assessment):
    client.force_login(caseworker)
    response = client.get(
        reverse("assessments:assessment_decide_not_to_issue", args=[assessment.pk])
    )
    assert response.status_code == 409


def test_an_advice_giver_cannot_act_for_the_caseworker(
    client, assessment, ask_advice, psychologist
):
    advice = ask_advice(assessment, giver=psychologist)
    client.force_login(psychologist)
    for name in ("advice_record", "advice_cancel", "advice_exception"):
        response = client.post(reverse(f"assessments:{name}", args=[advice.pk]))
        assert response.status_code == 403
