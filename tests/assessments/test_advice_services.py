"""Advice requests and the assessment's path to a decision."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import can_proceed

from assessments import services
from assessments.models import AdviceRequest
from sen_portal import timescales
from sen_portal.casework.models import ChronologyEvent, Deadline
from tests.assessments.helpers import TODAY, days_ago, send_advice
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def advice_deadline(advice) -> Deadline:
    return Deadline.objects.get(code="advice_due", subject_id=str(advice.pk))


def test_each_advice_request_has_its_own_6_week_clock_from_the_day_it_was_asked(
    assessment, ask_advice, psychologist
):
    advice = ask_advice(assessment, giver=psychologist, requested_on=days_ago(5))
    deadline = advice_deadline(advice)
    assert deadline.started_on == days_ago(5)
    assert deadline.due_on == advice.due_on == timescales.due_date("advice_due", days_ago(5))


def test_preparing_for_adulthood_advice_is_refused_before_year_9(
    child, assessment, ask_advice, psychologist
):
    with pytest.raises(ValidationError, match="year 9"):
        ask_advice(assessment, kind="preparing_for_adulthood", giver=psychologist)
    assert not AdviceRequest.objects.exists()


def test_preparing_for_adulthood_advice_is_asked_for_from_year_9(
    team, caseworker, make_request, ask_advice, psychologist
):
    teenager = ChildFactory(team=team, date_of_birth=TODAY.replace(year=TODAY.year - 15))
    request_obj = make_request(teenager)
    assessment = services.request_decide_to_assess(
        assessment_request=request_obj, on=days_ago(10), acting_user=caseworker
    )
    advice = ask_advice(assessment, kind="preparing_for_adulthood", giver=psychologist)
    assert advice.kind == "preparing_for_adulthood"


def test_only_advice_givers_are_named_as_advice_givers(assessment, ask_advice, caseworker):
    with pytest.raises(ValidationError, match="Select an advice giver"):
        ask_advice(assessment, giver=caseworker)


def test_advice_cannot_be_asked_for_before_the_assessment_started(
    assessment, ask_advice, psychologist
):
    with pytest.raises(ValidationError, match="on or after the day the assessment started"):
        ask_advice(
            assessment,
            giver=psychologist,
            requested_on=assessment.started_on - datetime.timedelta(1),
        )


def test_advice_is_sent_once_and_meets_its_deadline(assessment, ask_advice, psychologist):
    advice = ask_advice(assessment, giver=psychologist)
    send_advice(advice, psychologist)
    assert advice_deadline(advice).status == "met"
    with pytest.raises(services.ActionRefused, match="cannot be sent twice"):
        send_advice(advice, psychologist, needs="Something else")
    advice.refresh_from_db()
    assert advice.needs == "Difficulties with working memory."
    assert ChronologyEvent.objects.filter(kind="advice_received").count() == 1


def test_only_the_named_advice_giver_may_send_the_advice(
    assessment, ask_advice, psychologist, paediatrician, other_caseworker
):
    # Another advice giver, and staff who do not run the case, may not; the case's own
    # caseworker may record it when it arrives by post or email (test_advice_by_post.py).
    advice = ask_advice(assessment, giver=psychologist)
    for other in (paediatrician, other_caseworker):
        with pytest.raises(PermissionDenied):
            send_advice(advice, other)
    advice.refresh_from_db()
    assert advice.status == "requested"


def test_the_caseworker_records_advice_when_nobody_with_an_account_was_asked(
    assessment, ask_advice, caseworker
):
    advice = ask_advice(assessment, kind="family_views")
    send_advice(advice, caseworker, received_on=days_ago(1))
    advice.refresh_from_db()
    assert (advice.status, advice.received_on) == ("received", days_ago(1))


def test_the_advice_cannot_be_complete_while_any_is_outstanding(
    assessment, ask_advice, psychologist, paediatrician, caseworker
):
    first = ask_advice(assessment, giver=psychologist)
    ask_advice(assessment, kind="health", giver=paediatrician)
    send_advice(first, psychologist)
    assert not can_proceed(assessment.complete_advice)
    with pytest.raises(services.ActionRefused, match="Every piece of advice"):
        services.assessment_complete_advice(assessment=assessment, on=TODAY, acting_user=caseworker)
    assessment.refresh_from_db()
    assert assessment.status == "gathering_advice"


def test_the_advice_cannot_be_complete_when_none_was_asked_for(assessment, caseworker):
    with pytest.raises(services.ActionRefused):
        services.assessment_complete_advice(assessment=assessment, on=TODAY, acting_user=caseworker)


def test_an_accepted_exception_settles_the_advice_and_goes_on_the_deadline(
    assessment, ask_advice, psychologist, caseworker
):
    advice = ask_advice(assessment, giver=psychologist)
    services.advice_claim_exception(
        advice_request=advice,
        reason="missed_appointment",
        starts_on=days_ago(2),
        note="The family did not come to the assessment on two dates.",
        acting_user=psychologist,
    )
    # Claimed is not enough: the caseworker decides.
    assert not can_proceed(assessment.complete_advice)
    assert advice_deadline(advice).status == "open"
    services.advice_accept_exception(advice_request=advice, acting_user=caseworker)
    deadline = advice_deadline(advice)
    assert (deadline.status, deadline.exception_reason) == ("excepted", "missed_appointment")
    assert deadline.due_on == advice.due_on  # an exception never moves the date
    completed = services.assessment_complete_advice(
        assessment=assessment, on=TODAY, acting_user=caseworker
    )
    assert completed.status == "advice_complete"


def test_an_exception_the_regulations_do_not_list_is_refused(assessment, ask_advice, psychologist):
    advice = ask_advice(assessment, giver=psychologist)
    with pytest.raises(ValidationError, match="regulations allow"):
        services.advice_claim_exception(
            advice_request=advice,
            reason="school_closure",  # Reg 10(4)(a), not Reg 8(2)
            starts_on=TODAY,
            note="Summer holidays.",
            acting_user=psychologist,
        )


def test_a_rejected_exception_leaves_the_advice_due(
    assessment, ask_advice, psychologist, caseworker
):
    advice = ask_advice(assessment, giver=psychologist)
    services.advice_claim_exception(
        advice_request=advice,
        reason="exceptional_personal_circumstances",
        starts_on=TODAY,
        note="Busy term.",
        acting_user=psychologist,
    )
    rejected = services.advice_reject_exception(
        advice_request=advice, note="Workload is not an exception.", acting_user=caseworker
    )
    assert (rejected.status, rejected.exception_reason) == ("requested", "")
    assert advice_deadline(advice).status == "open"


def test_withdrawing_the_assessment_cancels_outstanding_advice_and_the_clocks(
    child, assessment, ask_advice, psychologist, paediatrician, caseworker
):
    sent = ask_advice(assessment, giver=psychologist)
    send_advice(sent, psychologist)
    waiting = ask_advice(assessment, kind="health", giver=paediatrician)
    services.assessment_withdraw(
        assessment=assessment, on=TODAY, reason="Family moved away.", acting_user=caseworker
    )
    waiting.refresh_from_db()
    sent.refresh_from_db()
    assert (waiting.status, sent.status) == ("cancelled", "received")
    live = Deadline.objects.filter(child=child, status__in=Deadline.LIVE)
    assert not live.exists()


def test_deciding_not_to_issue_needs_reasons(assessment, ask_advice, psychologist, caseworker):
    send_advice(ask_advice(assessment, giver=psychologist), psychologist)
    services.assessment_complete_advice(assessment=assessment, on=TODAY, acting_user=caseworker)
    with pytest.raises(ValidationError):
        services.assessment_decide_not_to_issue(
            assessment=assessment, on=TODAY, reasons="", acting_user=caseworker
        )
    assessment.refresh_from_db()
    assert assessment.status == "advice_complete"
