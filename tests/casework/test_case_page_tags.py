"""The case page's rows written in Python (casework/templatetags/case_page_tags.py) are
byte for byte what the templates they replace wrote (issue #22): each template, as it was,
is kept here and rendered beside the new code over rows of every shape."""

import datetime
import itertools
from pathlib import Path

import pytest
from django.template import Context, Template

from sen_portal.casework.models import ChronologyEvent, Deadline
from sen_portal.casework.selectors.deadlines import DeadlineRow
from sen_portal.casework.templatetags import case_page_tags
from tests.factories import ChildFactory, UserFactory

# The templates as they were before issue #22, kept beside this test.
BEFORE = Path(__file__).parent / "case_page_before"


def _before(name: str) -> str:
    return (BEFORE / name).read_text()


def _old(source: str, loop: str, items, **context) -> str:
    template = Template("{% for " + loop + " %}" + source + "{% endfor %}")
    return template.render(Context({"items": items, **context}))


@pytest.fixture
def child(db):
    return ChildFactory()


def _deadline_rows(child):
    recorder = UserFactory.build(full_name="Sam O'Neill <Team lead>")
    today = datetime.date(2026, 3, 2)
    rows = []
    shapes = itertools.product(
        ("final_plan", "annual_review"),  # exceptions allowed, not allowed
        (Deadline.Status.OPEN, Deadline.Status.MET, Deadline.Status.EXCEPTED),
        ("", "Advice from Dr A & B <Ltd>"),  # named
        ("", "/somewhere/?a=1&b=2"),  # url
        (None, "school_closure"),  # exception
        (None, datetime.date(2026, 5, 1)),  # exception ends
        (None, recorder),
    )
    for pk, (code, status, named, url, reason, ends, by) in enumerate(shapes, start=1):
        d = Deadline(
            pk=pk,
            child=child,
            code=code,
            status=status,
            due_on=today + datetime.timedelta(days=pk),
            met_on=today + datetime.timedelta(days=pk + 3) if status == "met" else None,
            exception_reason=reason or "",
            exception_starts_on=today if reason else None,
            exception_ends_on=ends if reason else None,
            exception_recorded_by=by if reason else None,
        )
        rows.append(DeadlineRow(d, "On track", "green", "3 days left", named, url))
    return rows


@pytest.mark.parametrize("may_record_exceptions", [True, False])
def test_the_deadline_rows_are_the_old_include_byte_for_byte(child, may_record_exceptions):
    rows = _deadline_rows(child)
    old = _old(
        _before("deadline_row.html"),
        "row in items",
        rows,
        child=child,
        may_record_exceptions=may_record_exceptions,
    )
    new = case_page_tags.deadline_rows_html(
        rows, child=child, may_record_exceptions=may_record_exceptions
    )
    assert new == old


def test_the_timeline_is_the_old_loop_byte_for_byte(child):
    actor = UserFactory.build(full_name="Jo <Caseworker> & Co")
    occurred = [
        datetime.datetime(2026, 1, 5, 12, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 7, 5, 23, 30, 15, 120, tzinfo=datetime.UTC),  # BST, next day
        datetime.datetime(2026, 3, 29, 0, 59, tzinfo=datetime.UTC),
    ]
    notes = ["", "One line <b>bold</b>", "First\nsecond\n\nNew paragraph & more"]
    events = [
        ChronologyEvent(
            pk=n, child=child, actor=who, summary=f"Summary {n} <'\"&>", occurred_at=at, note=note
        )
        for n, (who, at, note) in enumerate(
            itertools.product((None, actor), occurred, notes), start=1
        )
    ]
    old = _old(_before("timeline_item.html"), "event in items", events)
    assert case_page_tags.timeline_html(events) == old
    assert case_page_tags.timeline_html(events, heading="h2") == old.replace("h3", "h2")
