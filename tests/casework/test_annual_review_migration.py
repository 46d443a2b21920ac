"""The data migration that moves live annual review deadlines one day earlier (CFA s44(1):
"the period of 12 months starting with"), with a chronology note on each case."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from sen_portal.casework.models import ChronologyEvent, Deadline
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "sen_portal.casework.migrations.0012_annual_review_one_day_earlier"
)
D = datetime.date


def old_row(child, started_on, due_on, status="open", code="annual_review"):
    extra = {
        "open": {},
        "met": {"met_on": due_on},
        "breached": {"breached_at": timezone.now()},
    }[status]
    return Deadline.objects.create(
        child=child, code=code, started_on=started_on, due_on=due_on, status=status, **extra
    )


def test_live_reviews_move_one_day_earlier_with_a_note_and_others_stay():
    child = ChildFactory()
    open_one = old_row(child, D(2026, 3, 10), D(2027, 3, 10))
    breached = old_row(child, D(2024, 9, 15), D(2025, 9, 15), status="breached")
    met = old_row(child, D(2023, 3, 10), D(2024, 3, 10), status="met")
    # One open clock per case and timescale: these two belong to other children.
    by_hand = old_row(ChildFactory(), D(2026, 1, 5), D(2026, 12, 1))
    other = old_row(ChildFactory(), D(2026, 3, 10), D(2026, 4, 7), code="review_decision")
    leap = old_row(ChildFactory(), D(2024, 2, 29), D(2025, 2, 28))

    migration.move_live_reviews_one_day_earlier(apps, None)

    def due(row):
        row.refresh_from_db()
        return row.due_on

    assert due(open_one) == D(2027, 3, 9)
    assert due(breached) == D(2025, 9, 14)
    assert due(met) == D(2024, 3, 10)  # history is not rewritten
    assert due(leap) == D(2025, 2, 28)  # both rules agree
    assert due(by_hand) == D(2026, 12, 1)
    assert due(other) == D(2026, 4, 7)
    notes = ChronologyEvent.objects.filter(child=child, kind="deadline_corrected")
    assert sorted(e.summary for e in notes) == [
        "Annual review due date corrected to Sunday 14 September 2025",
        "Annual review due date corrected to Tuesday 9 March 2027",
    ]
    assert all(e.visible_to_family for e in notes)
    assert "12 months starting with Tuesday 10 March 2026" in "".join(e.note for e in notes)


def test_running_it_twice_changes_nothing_more():
    child = ChildFactory()
    row = old_row(child, D(2026, 3, 10), D(2027, 3, 10))
    migration.move_live_reviews_one_day_earlier(apps, None)
    migration.move_live_reviews_one_day_earlier(apps, None)
    row.refresh_from_db()
    assert row.due_on == D(2027, 3, 9)
    assert ChronologyEvent.objects.filter(child=child, kind="deadline_corrected").count() == 1


reg_5_4 = importlib.import_module(
    "sen_portal.casework.migrations.0015_disagreement_timescales_and_reg_5_4_heads"
)


def test_an_early_years_exception_on_the_six_week_decision_is_withdrawn_with_a_note():
    # Reg 5(4) has no early years closure head: the row is open again (or missed).
    # Such a row can no longer be written, so lift the constraint for this test only
    # (PostgreSQL rolls the DDL back with the test's transaction).
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE casework_deadline DROP CONSTRAINT deadline_exception_reason_allowed"
        )
    child = ChildFactory()
    row = Deadline.objects.create(
        child=child,
        code="decide_whether_to_assess",
        started_on=D(2020, 1, 6),
        due_on=D(2020, 2, 17),
        status="excepted",
        exception_reason="early_years_closure",
        exception_starts_on=D(2020, 1, 10),
        exception_note="Nursery closed",
    )
    reg_5_4._withdraw_reg_5_4_early_years_exceptions(apps, None)
    row.refresh_from_db()
    assert (row.status, row.exception_reason) == ("breached", "")
    assert row.breached_at is not None
    [note] = ChronologyEvent.objects.filter(child=child, kind="deadline_exception_withdrawn")
    assert "Nursery closed" in note.note and not note.visible_to_family
