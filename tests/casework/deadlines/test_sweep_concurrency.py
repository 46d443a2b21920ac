"""Two sweeps at once, on separate database connections: nothing is written twice.

Committed data (transaction=True), so each thread's own connection sees it, as two Celery
workers would.
"""

import datetime
import threading

import pytest
from django.db import connections

from sen_portal.accounts.roles import Role
from sen_portal.casework.models import ChronologyEvent, Deadline, Notification
from sen_portal.casework.services import deadline_open
from sen_portal.casework.sweep import sweep_deadlines
from tests.factories import ChildFactory, TeamFactory, UserFactory

TODAY = datetime.date(2025, 5, 27)
CASES = 40


def run_two_sweeps_at_once():
    start = threading.Barrier(2)
    results, errors = [], []

    def sweep():
        try:
            start.wait()
            results.append(sweep_deadlines(today=TODAY))
        except Exception as exc:  # a thread cannot fail the test: collect and assert below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_nothing_twice_and_breach_each_deadline_once(settings):
    # Small batches, so the two sweeps interleave over many claims.
    settings.DEADLINE_SWEEP_BATCH_SIZE = 3
    team = TeamFactory()
    caseworker = UserFactory(role=Role.CASEWORKER, team=team)
    UserFactory(role=Role.MANAGER, team=team)
    UserFactory(role=Role.MANAGER, team=team)
    for _ in range(CASES):
        child = ChildFactory(team=team, caseworker=caseworker)
        # Missed (due 5 May), due today (27 May), and due in 3 working days (30 May).
        deadline_open(
            child=child, code="decide_whether_to_assess", start=datetime.date(2025, 3, 24)
        )
        deadline_open(child=child, code="final_plan", start=datetime.date(2025, 1, 7))
        deadline_open(child=child, code="advice_due", start=datetime.date(2025, 4, 18))

    results = run_two_sweeps_at_once()

    breaches = sum(r.breaches for r in results)
    assert breaches == CASES
    assert Deadline.objects.filter(status=Deadline.Status.BREACHED).count() == CASES
    # One chronology event per breach, whichever sweep got it.
    assert ChronologyEvent.objects.filter(kind="deadline_breached").count() == CASES
    # Each breach: caseworker + 2 managers; each escalation: 2 managers; each reminder: 1.
    expected = {"breach": CASES * 3, "escalation": CASES * 2, "reminder": CASES}
    for kind, count in expected.items():
        assert Notification.objects.filter(kind=kind).count() == count, kind
    assert sum(r.notifications for r in results) == sum(expected.values())
    # And a third sweep finds nothing left to do.
    again = sweep_deadlines(today=TODAY)
    assert again.notifications == 0 and again.breaches == 0
