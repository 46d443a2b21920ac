"""Whose date a deadline is (timescales.whose_date): the sweep escalates and records
breaches for the council's deadlines only. Worked example: a draft plan posted on
Thursday 3 December 2026 is served on Monday 7 December (the second working day after
posting); the family's 15 days, beginning with that day (Reg 13(1)), end on Monday 21
December 2026. On day 16, Tuesday 22 December, nothing is "missed"."""

import datetime

import pytest

from sen_portal import timescales
from sen_portal.casework.models import Deadline, Notification
from sen_portal.casework.selectors.deadlines import deadline_tag
from sen_portal.casework.sweep import sweep_deadlines
from sen_portal.casework.todays_work import todays_work_for
from tests.casework.deadlines.conftest import on_day, open_on

pytestmark = pytest.mark.django_db

D = datetime.date
SERVED = timescales.service_date("post", D(2026, 12, 3))


def sweep_on(day):
    with on_day(day):
        return sweep_deadlines()


def test_whose_date_each_timescale_is():
    assert D(2026, 12, 7) == SERVED
    assert timescales.due_date("draft_representations", SERVED) == D(2026, 12, 21)
    assert timescales.whose_date("draft_representations") is timescales.Party.FAMILY
    assert timescales.whose_date("amendment_representations") is timescales.Party.FAMILY
    assert timescales.whose_date("mediation_adviser_contact") is timescales.Party.FAMILY
    assert timescales.whose_date("advice_due") is timescales.Party.OTHER_BODY
    assert timescales.whose_date("institution_consultation") is timescales.Party.OTHER_BODY
    assert timescales.whose_date("mediation_agreement_health") is timescales.Party.OTHER_BODY
    # Reg 42(3): what a commissioning body agreed without the council is its to do.
    assert timescales.whose_date("mediation_agreement_health_act") is timescales.Party.OTHER_BODY
    for code in ("final_plan", "review_decision", "reassessment_decision", "tribunal_amend_plan"):
        assert timescales.whose_date(code) is timescales.Party.COUNCIL
        assert code in timescales.COUNCIL_CODES
    assert set(timescales.WHOSE_DATE) == set(timescales.TIMESCALES)


def test_the_familys_15_days_end_on_day_15_and_are_never_missed(child, caseworker, manager):
    window = open_on(SERVED, child=child, code="draft_representations", start=SERVED)
    assert window.due_on == D(2026, 12, 21)
    # The last day: no escalation to managers, no reminders before it.
    for day in (D(2026, 12, 8), D(2026, 12, 16), D(2026, 12, 21)):
        assert sweep_on(day).notifications == 0
    # Day 16: the window has ended; it is not a breach.
    result = sweep_on(D(2026, 12, 22))
    assert result.breaches == 0 and result.notifications == 0
    window.refresh_from_db()
    assert window.status == Deadline.Status.OPEN and window.breached_at is None
    amber = timescales.add_working_days(D(2026, 12, 22), 5)
    assert deadline_tag(window, today=D(2026, 12, 22), amber_until=amber) == ("Ended", "grey")
    with on_day(D(2026, 12, 22)):
        assert todays_work_for(user=caseworker, today=D(2026, 12, 22)).overdue == []


def test_another_bodys_date_is_reminded_not_breached(child, caseworker):
    advice = open_on(D(2025, 1, 6), child=child, code="advice_due", start=D(2025, 1, 6))
    assert advice.due_on == D(2025, 2, 17)
    assert sweep_on(D(2025, 2, 14)).reminders == 1  # chase the advice giver
    assert sweep_on(D(2025, 2, 17)).escalations == 0
    assert sweep_on(D(2025, 2, 18)).breaches == 0
    advice.refresh_from_db()
    assert advice.status == Deadline.Status.OPEN


def test_the_councils_date_is_escalated_and_breached(child, caseworker, manager):
    decision = open_on(
        D(2026, 3, 2), child=child, code="reassessment_decision", start=D(2026, 3, 2)
    )
    assert decision.due_on == D(2026, 3, 17)  # within 15 days of receiving (Reg 25(1))
    assert sweep_on(D(2026, 3, 17)).escalations >= 1
    assert sweep_on(D(2026, 3, 18)).breaches == 1
    decision.refresh_from_db()
    assert decision.status == Deadline.Status.BREACHED
    assert Notification.objects.filter(kind="breach").exists()
