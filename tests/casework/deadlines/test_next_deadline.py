"""Each case's earliest live deadline (Child.next_due_on, next_due_code), which the caseload
sorts by, is kept by the database in the same transaction as the deadline rows: opening,
meeting, cancelling, missing (the sweep's set-based UPDATE) or excepting a deadline, and
writes that bypass the services, all leave it right."""

import datetime

import pytest
from django.db import connection

from sen_portal.casework.models import Child, Deadline
from sen_portal.casework.services import (
    deadline_cancel,
    deadline_meet,
    deadline_record_exception,
)
from sen_portal.casework.sweep import sweep_deadlines
from tests.casework.deadlines.conftest import DUE, RECEIVED, on_day, open_on
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def next_of(child) -> tuple:
    row = Child.objects.values_list("next_due_on", "next_due_code").get(pk=child.pk)
    return row


def test_a_case_with_no_deadline_has_none(child):
    assert next_of(child) == (None, "")


def test_opening_deadlines_keeps_the_soonest(child, caseworker, final_plan):
    assert next_of(child) == (DUE, "final_plan")
    # Decide whether to assess: 6 weeks from the same request, so sooner.
    decide = open_on(
        RECEIVED, child=child, code="decide_whether_to_assess", start=RECEIVED,
        acting_user=caseworker,
    )  # fmt: skip
    assert next_of(child) == (decide.due_on, "decide_whether_to_assess")
    assert decide.due_on == datetime.date(2025, 2, 17)


def test_meeting_or_cancelling_the_soonest_moves_to_the_next(child, caseworker, final_plan):
    decide = open_on(
        RECEIVED, child=child, code="decide_whether_to_assess", start=RECEIVED,
        acting_user=caseworker,
    )  # fmt: skip
    with on_day(datetime.date(2025, 2, 10)):
        deadline_meet(deadline=decide, on=datetime.date(2025, 2, 10), acting_user=caseworker)
    assert next_of(child) == (DUE, "final_plan")
    with on_day(datetime.date(2025, 3, 1)):
        deadline_cancel(deadline=final_plan, acting_user=caseworker, reason="Withdrawn")
    assert next_of(child) == (None, "")


def test_a_missed_deadline_stays_the_next_one(child, final_plan):
    # The sweep marks it missed with one set-based UPDATE: still live, still red.
    with on_day(DUE + datetime.timedelta(days=2)):
        sweep_deadlines()
    final_plan.refresh_from_db()
    assert final_plan.status == Deadline.Status.BREACHED
    assert next_of(child) == (DUE, "final_plan")


def test_an_exception_keeps_the_deadline_on_the_caseload(child, caseworker, final_plan):
    with on_day(datetime.date(2025, 3, 1)):
        deadline_record_exception(
            deadline=final_plan,
            reason="exceptional_personal_circumstances",
            starts_on=datetime.date(2025, 3, 1),
            note="In hospital",
            acting_user=caseworker,
        )
    assert next_of(child) == (DUE, "final_plan")


def test_writes_that_bypass_the_services_keep_it_right_too(child, caseworker, final_plan):
    other = ChildFactory(team=child.team)
    Deadline.objects.filter(pk=final_plan.pk).update(due_on=DUE - datetime.timedelta(days=7))
    assert next_of(child) == (DUE - datetime.timedelta(days=7), "final_plan")
    # A deadline moved to another case: both cases are recomputed.
    Deadline.objects.filter(pk=final_plan.pk).update(child=other)
    assert next_of(child) == (None, "")
    assert next_of(other) == (DUE - datetime.timedelta(days=7), "final_plan")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM casework_deadline WHERE id = %s", [final_plan.pk])
    assert next_of(other) == (None, "")


def test_saving_a_case_loaded_before_a_deadline_changed_does_not_undo_it(
    child, caseworker, final_plan
):
    stale = Child.objects.get(pk=child.pk)
    decide = open_on(
        RECEIVED, child=child, code="decide_whether_to_assess", start=RECEIVED,
        acting_user=caseworker,
    )  # fmt: skip
    stale.town = "Northtown"
    stale.save()
    assert next_of(child) == (decide.due_on, "decide_whether_to_assess")
    assert Child.objects.get(pk=child.pk).town == "Northtown"
