"""Opening and closing deadlines through the services that workflows will call."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sen_portal.casework.models import ChronologyEvent, Deadline
from sen_portal.casework.services import (
    DeadlineTransitionNotAllowed,
    deadline_cancel,
    deadline_meet,
    deadline_record_exception,
    deadlines_close_for_subject,
)
from tests.casework.deadlines.conftest import DUE, RECEIVED, on_day, open_on
from tests.factories import FamilyMemberFactory

pytestmark = pytest.mark.django_db


def events(child, kind):
    return list(ChronologyEvent.objects.filter(child=child, kind=kind))


def test_opening_a_deadline_takes_its_due_date_from_the_statutory_calendar(final_plan, child):
    assert final_plan.due_on == DUE
    assert final_plan.started_on == RECEIVED
    assert final_plan.status == Deadline.Status.OPEN
    [event] = events(child, "deadline_opened")
    assert event.summary == "Statutory deadline set: Issue the final plan, due 26 May 2025"
    assert "20 weeks from request received on 6 January 2025 (Reg 13(2))" in event.note
    assert event.subject == final_plan
    assert event.actor == child.caseworker


def test_a_deadline_can_belong_to_a_workflow_object(child, caseworker):
    advice_request = FamilyMemberFactory(child=child)  # any model stands in for one
    deadline = open_on(
        RECEIVED, child=child, code="advice_due", start=RECEIVED, subject=advice_request
    )
    assert deadline.subject == advice_request
    assert deadline.due_on == datetime.date(2025, 2, 17)


def test_the_same_clock_cannot_be_opened_twice(final_plan, child):
    with pytest.raises(ValidationError, match="already open"):
        open_on(RECEIVED, child=child, code="final_plan", start=RECEIVED)
    subject = FamilyMemberFactory(child=child)
    open_on(RECEIVED, child=child, code="advice_due", start=RECEIVED, subject=subject)
    with pytest.raises(ValidationError, match="already open"):
        open_on(RECEIVED, child=child, code="advice_due", start=RECEIVED, subject=subject)
    # Another advice giver's request is another clock.
    other = FamilyMemberFactory(child=child)
    open_on(RECEIVED, child=child, code="advice_due", start=RECEIVED, subject=other)


def test_the_database_itself_refuses_a_second_open_deadline(final_plan, child):
    duplicate = Deadline(child=child, code="final_plan", started_on=RECEIVED, due_on=DUE)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_an_unknown_timescale_is_refused(child):
    with pytest.raises(ValidationError):
        open_on(RECEIVED, child=child, code="final_plann", start=RECEIVED)


def test_a_closed_clock_can_be_started_again(final_plan, child, caseworker):
    with on_day(datetime.date(2025, 2, 1)):
        deadline_cancel(deadline=final_plan, acting_user=caseworker, reason="Request withdrawn")
    again = open_on(
        datetime.date(2025, 3, 3), child=child, code="final_plan", start=datetime.date(2025, 3, 3)
    )
    assert again.due_on == datetime.date(2025, 7, 21)


def test_meeting_a_deadline_on_time(final_plan, child, caseworker):
    with on_day(datetime.date(2025, 5, 20)):
        met = deadline_meet(
            deadline=final_plan, on=datetime.date(2025, 5, 20), acting_user=caseworker
        )
    assert met.status == Deadline.Status.MET
    assert met.met_on == datetime.date(2025, 5, 20)
    assert not met.met_late
    [event] = events(child, "deadline_met")
    assert event.summary == "Statutory deadline met: Issue the final plan"
    assert (event.from_state, event.to_state) == ("open", "met")


def test_meeting_it_after_the_due_day_is_met_late(final_plan, child, caseworker):
    with on_day(datetime.date(2025, 6, 2)):
        met = deadline_meet(
            deadline=final_plan, on=datetime.date(2025, 5, 29), acting_user=caseworker
        )
    assert met.status == Deadline.Status.MET
    assert met.met_late and met.days_late == 3
    [event] = events(child, "deadline_met_late")
    assert event.summary == "Statutory deadline met: Issue the final plan (3 days late)"


def test_a_step_cannot_be_met_in_the_future(final_plan, caseworker):
    with on_day(datetime.date(2025, 5, 1)), pytest.raises(ValidationError):
        deadline_meet(deadline=final_plan, on=datetime.date(2025, 5, 2), acting_user=caseworker)


def test_met_and_cancelled_are_final(final_plan, child, caseworker):
    with on_day(datetime.date(2025, 5, 1)):
        deadline_meet(deadline=final_plan, on=datetime.date(2025, 5, 1), acting_user=caseworker)
        with pytest.raises(DeadlineTransitionNotAllowed):
            deadline_meet(deadline=final_plan, on=datetime.date(2025, 5, 1), acting_user=caseworker)
        with pytest.raises(DeadlineTransitionNotAllowed):
            deadline_cancel(deadline=final_plan, acting_user=caseworker)
    other = open_on(RECEIVED, child=child, code="decide_whether_to_assess", start=RECEIVED)
    with on_day(datetime.date(2025, 1, 20)):
        deadline_cancel(deadline=other, acting_user=caseworker)
        with pytest.raises(DeadlineTransitionNotAllowed):
            deadline_meet(deadline=other, on=datetime.date(2025, 1, 20), acting_user=caseworker)
    # The stale instance the caller holds does not fool the service: it re-reads the row.
    assert Deadline.objects.get(pk=other.pk).status == Deadline.Status.CANCELLED


def test_recording_an_exception_keeps_the_date_and_stops_the_chase(final_plan, child, caseworker):
    with on_day(datetime.date(2025, 5, 20)):
        excepted = deadline_record_exception(
            deadline=final_plan,
            reason="school_closure",
            starts_on=datetime.date(2025, 4, 1),
            ends_on=datetime.date(2025, 4, 30),
            note="The school was closed for rebuilding; letter from the head on file.",
            acting_user=caseworker,
        )
    assert excepted.status == Deadline.Status.EXCEPTED
    assert excepted.due_on == DUE
    assert excepted.exception_recorded_by == caseworker
    [event] = events(child, "deadline_exception_recorded")
    assert event.summary == "Exception recorded: Issue the final plan"
    assert event.note.startswith(
        "School or college closed for 4 weeks or more when its advice was asked "
        "(Reg 10(4)(a)), 1 April 2025 to 30 April 2025."
    )
    # The step still has to happen, and can still be met.
    with on_day(datetime.date(2025, 6, 3)):
        met = deadline_meet(deadline=excepted, on=datetime.date(2025, 6, 3), acting_user=caseworker)
    assert met.status == Deadline.Status.MET and met.met_late and met.has_exception


def test_only_the_reasons_the_regulation_lists_are_accepted(final_plan, child, caseworker):
    # Missed appointments excuse late advice (Reg 8(2)), not a late final plan (Reg 13(3)).
    with pytest.raises(ValidationError, match="regulations allow"):
        deadline_record_exception(
            deadline=final_plan,
            reason="missed_appointment",
            starts_on=datetime.date(2025, 4, 1),
            note="x",
            acting_user=caseworker,
        )
    review = open_on(RECEIVED, child=child, code="annual_review", start=RECEIVED)
    with pytest.raises(ValidationError, match="no statutory exceptions"):
        deadline_record_exception(
            deadline=review,
            reason="school_closure",
            starts_on=datetime.date(2025, 4, 1),
            note="x",
            acting_user=caseworker,
        )
    assert Deadline.objects.get(pk=final_plan.pk).status == Deadline.Status.OPEN


def test_the_database_refuses_a_reason_the_timescale_does_not_allow(final_plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Deadline.objects.filter(pk=final_plan.pk).update(
            exception_reason="missed_appointment", exception_starts_on=RECEIVED
        )


def test_an_exception_needs_dates_in_order_and_evidence(final_plan, caseworker):
    with pytest.raises(ValidationError, match="end date"):
        deadline_record_exception(
            deadline=final_plan,
            reason="absent_from_area",
            starts_on=datetime.date(2025, 4, 30),
            ends_on=datetime.date(2025, 4, 1),
            note="Away",
            acting_user=caseworker,
        )
    with pytest.raises(ValidationError, match="evidence"):
        deadline_record_exception(
            deadline=final_plan,
            reason="absent_from_area",
            starts_on=datetime.date(2025, 4, 1),
            note="   ",
            acting_user=caseworker,
        )


def test_an_on_time_step_needs_no_exception_but_a_late_one_can_have_one(
    final_plan, child, caseworker
):
    with on_day(datetime.date(2025, 5, 1)):
        deadline_meet(deadline=final_plan, on=datetime.date(2025, 5, 1), acting_user=caseworker)
    with pytest.raises(DeadlineTransitionNotAllowed):
        deadline_record_exception(
            deadline=final_plan,
            reason="absent_from_area",
            starts_on=datetime.date(2025, 3, 1),
            note="Away",
            acting_user=caseworker,
        )
    late = open_on(RECEIVED, child=child, code="decide_whether_to_assess", start=RECEIVED)
    with on_day(datetime.date(2025, 3, 1)):
        deadline_meet(deadline=late, on=datetime.date(2025, 2, 28), acting_user=caseworker)
        late = deadline_record_exception(
            deadline=late,
            reason="absent_from_area",
            starts_on=datetime.date(2025, 1, 10),
            ends_on=datetime.date(2025, 2, 20),
            note="Family abroad; flight confirmation seen.",
            acting_user=caseworker,
        )
    assert late.status == Deadline.Status.MET and late.met_late
    assert late.exception_reason == "absent_from_area"


def test_closing_a_workflow_objects_deadlines_touches_only_that_object(child, caseworker):
    request_a, request_b = FamilyMemberFactory(child=child), FamilyMemberFactory(child=child)
    decide = open_on(
        RECEIVED, child=child, code="decide_whether_to_assess", start=RECEIVED, subject=request_a
    )
    not_issue = open_on(
        RECEIVED, child=child, code="decide_not_to_issue", start=RECEIVED, subject=request_a
    )
    other = open_on(
        RECEIVED, child=child, code="decide_whether_to_assess", start=RECEIVED, subject=request_b
    )
    with on_day(datetime.date(2025, 2, 10)):
        closed = deadlines_close_for_subject(
            subject=request_a, acting_user=caseworker, codes=["decide_whether_to_assess"]
        )
        assert [d.pk for d in closed] == [decide.pk]
        assert closed[0].met_on == datetime.date(2025, 2, 10)
        cancelled = deadlines_close_for_subject(
            subject=request_a, acting_user=caseworker, outcome="cancelled", reason="Withdrawn"
        )
    assert [d.pk for d in cancelled] == [not_issue.pk]
    assert Deadline.objects.get(pk=other.pk).status == Deadline.Status.OPEN
    assert len(events(child, "deadline_met")) == 1
    assert len(events(child, "deadline_cancelled")) == 1
