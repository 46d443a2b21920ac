"""Requests for assessment: the clocks they start and what each decision does to them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from assessments import services
from assessments.models import AssessmentRequest, NeedsAssessment
from sen_portal import timescales
from sen_portal.casework.models import ChronologyEvent, Deadline
from tests.assessments.helpers import TODAY, days_ago
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def deadlines(child) -> dict[str, str]:
    return {d.code: d.status for d in Deadline.objects.filter(child=child)}


def test_recording_a_request_starts_the_6_16_and_20_week_clocks_from_receipt(child, make_request):
    received = datetime.date(2025, 1, 6)
    child.date_of_birth = datetime.date(2017, 3, 1)
    child.save()
    assessment_request = make_request(child, received_on=received)
    due = {d.code: d.due_on for d in Deadline.objects.filter(child=child)}
    # DOMAIN.md's worked example: decided by 17 February, final plan by 26 May 2025.
    assert due == {
        "decide_whether_to_assess": datetime.date(2025, 2, 17),
        "decide_not_to_issue": datetime.date(2025, 4, 28),
        "final_plan": datetime.date(2025, 5, 26),
    }
    event = ChronologyEvent.objects.get(kind="assessment_request_received")
    assert event.subject == assessment_request
    assert event.visible_to_family


@pytest.mark.parametrize(
    "received_on,field,message",
    [
        (TODAY + datetime.timedelta(days=1), "received_on", "must be today or in the past"),
        (days_ago(365 * 9), "received_on", "on or after the date of birth"),
    ],
)
def test_a_request_dated_in_the_future_or_before_birth_is_refused_and_nothing_is_saved(
    child, make_request, received_on, field, message
):
    with pytest.raises(ValidationError) as error:
        make_request(child, received_on=received_on)
    assert message in error.value.message_dict[field][0]
    assert not AssessmentRequest.objects.exists()
    assert not Deadline.objects.exists()
    assert not ChronologyEvent.objects.filter(kind="assessment_request_received").exists()


def test_only_a_young_person_asks_for_themselves(child, make_request, team):
    with pytest.raises(ValidationError, match="Only a young person can ask for themselves"):
        make_request(child, requester="young_person")
    older = ChildFactory(team=team, date_of_birth=TODAY.replace(year=TODAY.year - 17))
    assert make_request(older, requester="young_person").requester == "young_person"


@pytest.mark.parametrize(
    ("born", "received_on", "allowed"),
    [
        # Born 15 October 2010: 16 in school year 2026/27, leaving date Friday 25 June
        # 2027, a young person from Saturday 26 June 2027 (Education Act 1996 s8(3)).
        (datetime.date(2010, 10, 15), datetime.date(2026, 10, 15), False),  # 16th birthday
        (datetime.date(2010, 10, 15), datetime.date(2027, 6, 25), False),
        (datetime.date(2010, 10, 15), datetime.date(2027, 6, 26), True),
        # Born 20 August 2010: leaving date Friday 26 June 2026, before the birthday.
        (datetime.date(2010, 8, 20), datetime.date(2026, 6, 27), True),
        # Under 25 (CFA s83(2)): the 25th birthday ends it.
        (datetime.date(2001, 5, 10), datetime.date(2026, 5, 9), True),
        (datetime.date(2001, 5, 10), datetime.date(2026, 5, 10), False),
    ],
)
def test_a_young_person_request_follows_the_school_leaving_date_and_the_25th_birthday(
    make_request, team, time_machine, born, received_on, allowed
):
    time_machine.move_to(datetime.datetime(2027, 7, 1, 12, 0), tick=False)
    child = ChildFactory(team=team, date_of_birth=born)
    if allowed:
        assert make_request(child, requester="young_person", received_on=received_on)
    else:
        with pytest.raises(ValidationError, match="Only a young person"):
            make_request(child, requester="young_person", received_on=received_on)


def test_sharing_with_agencies_needs_the_familys_consent(child, make_request):
    with pytest.raises(ValidationError, match="agreed"):
        make_request(child, consent_to_share=False, share_with=["health"])


def test_a_second_request_while_one_waits_for_a_decision_is_refused(
    child, received_request, make_request
):
    with pytest.raises(services.ActionRefused, match="already has a request"):
        make_request(child)
    assert AssessmentRequest.objects.count() == 1


def test_deciding_to_assess_meets_the_6_week_deadline_and_starts_the_assessment(
    child, received_request, caseworker
):
    assessment = services.request_decide_to_assess(
        assessment_request=received_request, on=days_ago(3), acting_user=caseworker
    )
    received_request.refresh_from_db()
    assert received_request.status == "assessing"
    assert received_request.decided_by == caseworker
    assert assessment.status == "gathering_advice"
    assert assessment.started_on == days_ago(3)
    met = Deadline.objects.get(child=child, code="decide_whether_to_assess")
    assert (met.status, met.met_on) == ("met", days_ago(3))
    assert deadlines(child)["decide_not_to_issue"] == "open"
    assert deadlines(child)["final_plan"] == "open"


def test_declining_records_reasons_opens_the_appeal_and_stops_the_later_clocks(
    child, received_request, caseworker
):
    declined = services.request_decline(
        assessment_request=received_request,
        on=days_ago(2),
        reasons="Needs can be met from the school's own resources.",
        acting_user=caseworker,
    )
    assert declined.status == "declined"
    assert declined.appeal_due_on == timescales.appeal_due(days_ago(2))
    assert deadlines(child) == {
        "decide_whether_to_assess": "met",
        "decide_not_to_issue": "cancelled",
        "final_plan": "cancelled",
        "appeal_after_decision": "open",
    }
    event = ChronologyEvent.objects.get(kind="assessment_request_declined")
    assert (event.from_state, event.to_state) == ("received", "declined")
    assert "Needs can be met" in event.note
    assert not NeedsAssessment.objects.exists()


def test_declining_without_reasons_is_refused(received_request, caseworker):
    with pytest.raises(ValidationError):
        services.request_decline(
            assessment_request=received_request, on=TODAY, reasons="  ", acting_user=caseworker
        )
    received_request.refresh_from_db()
    assert received_request.status == "received"


def test_a_decision_before_the_request_arrived_is_refused(received_request, caseworker):
    with pytest.raises(ValidationError, match="on or after the day the request was received"):
        services.request_decide_to_assess(
            assessment_request=received_request,
            on=received_request.received_on - datetime.timedelta(days=1),
            acting_user=caseworker,
        )
    assert not NeedsAssessment.objects.exists()


def test_withdrawing_cancels_every_clock(child, received_request, caseworker):
    services.request_withdraw(
        assessment_request=received_request,
        on=TODAY,
        reason="The family moved to another county.",
        acting_user=caseworker,
    )
    assert set(deadlines(child).values()) == {"cancelled"}


def test_a_decided_request_cannot_be_decided_again(received_request, caseworker):
    services.request_decline(
        assessment_request=received_request, on=TODAY, reasons="No.", acting_user=caseworker
    )
    with pytest.raises(services.ActionRefused, match="already been decided"):
        services.request_decide_to_assess(
            assessment_request=received_request, on=TODAY, acting_user=caseworker
        )
    assert not NeedsAssessment.objects.exists()
    assert (
        ChronologyEvent.objects.filter(kind__startswith="assessment_request_decided").count() == 0
    )
