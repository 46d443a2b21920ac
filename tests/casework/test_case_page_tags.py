"""The case page's rows written in Python (casework/templatetags/case_page_tags.py) are
byte for byte what the templates they replace wrote (issue #22): each template, as it was,
is kept here and rendered beside the new code over rows of every shape."""

import datetime
import itertools
import uuid
from pathlib import Path

import pytest
from django.template import Context, Template

from sen_portal.casework.models import (
    Child,
    ChronologyEvent,
    Deadline,
    Document,
    FamilyMember,
    Letter,
)
from sen_portal.casework.selectors.deadlines import DeadlineRow, NextStep
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


def _render_before(name: str, **context) -> str:
    return Template(_before(name)).render(Context(context))


def _children(team):
    worker = UserFactory.build(full_name="Alex <Worker>")
    plain = ChildFactory.build(team=team, caseworker=None, sex="", ethnicity="")
    full = ChildFactory.build(
        team=team,
        caseworker=worker,
        sex=Child._meta.get_field("sex").choices[0][0],
        ethnicity=Child._meta.get_field("ethnicity").choices[1][0],
        address_line_1="1 <High> Street",
        address_line_2="Flat & 2",
        town="Northshire",
        postcode="NS1 1AA",
        upn="A123456789012",
        uln="1234567890",
        nhs_number="943 476 5919",
    )
    unknown = ChildFactory.build(
        team=team,
        upn="",
        upn_unknown_reason=Child._meta.get_field("upn_unknown_reason").choices[0][0],
    )
    half = ChildFactory.build(team=team, address_line_2="Somewhere", postcode="")
    return [plain, full, unknown, half]


def test_the_child_card_is_the_old_card_byte_for_byte(child):
    for each in _children(child.team):
        each.pk = child.pk
        assert case_page_tags.child_card_html(each) == _render_before("child_card.html", child=each)


@pytest.mark.parametrize("may_run_case", [True, False])
def test_the_documents_card_is_the_old_card_byte_for_byte(child, may_run_case):
    documents = [
        Document(
            child=child,
            title=f"Report {n} <&>",
            file_type=file_type,
            size=size,
            created_at=datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC),
            step_label=label,
            shared_with_family=shared,
        )
        for n, (file_type, size, label, shared) in enumerate(
            itertools.product(
                [c[0] for c in Document._meta.get_field("file_type").choices][:2],
                (512, 2_500_000),
                ("", "Advice <from> the school"),
                (False, True),
            )
        )
    ]
    for shown in ([], documents):
        context = {"child": child, "documents": shown, "may_run_case": may_run_case}
        assert case_page_tags.documents_card_html(
            shown, child=child, may_run_case=may_run_case
        ) == _render_before("documents_card.html", **context)


def test_the_family_card_is_the_old_card_byte_for_byte(child):
    members = [
        FamilyMember(
            pk=n,
            child=child,
            full_name=f"Pat <{n}> & Co",
            relationship=FamilyMember.Relationship.PARENT,
            is_main_contact=main,
            parental_responsibility=pr,
            email=email,
            phone=phone,
        )
        for n, (main, pr, email, phone) in enumerate(
            itertools.product(
                (False, True), (False, True), ("", "a&b@example.org"), ("", "01234 567890")
            ),
            start=1,
        )
    ]
    for shown in ([], members):
        assert case_page_tags.family_card_html(shown, child=child) == _render_before(
            "family_card.html", child=child, family_members=shown
        )


def test_the_letters_card_is_the_old_include_byte_for_byte(child):
    letters = [
        Letter(
            child=child,
            title=f"Decision <{n}> & notice",
            dated_on=datetime.date(2026, 2, n % 28 + 1),
            act_by=datetime.date(2026, 3, 1) if act else None,
            act_by_what="reply <to us>" if act else "",
            addressees=[{"name": "Pat & Sam"}, {"name": "Jo <B>"}],
            copies=copies,
            document_id=document,
            sent_on=datetime.date(2026, 2, 3) if sent else None,
            service_on=datetime.date(2026, 2, 5) if sent else None,
            delivery=delivery,
        )
        for n, (act, copies, document, sent, delivery) in enumerate(
            itertools.product(
                (False, True),
                ([], [{"name": "School <A>"}, {"name": "GP & co"}]),
                (None, uuid.UUID(int=7)),
                (False, True),
                ("email", "post"),
            )
        )
    ]
    for shown in ([], letters):
        assert case_page_tags.letters_card_html(shown, child=child) == _render_before(
            "letters_card.html", child=child, letters=shown
        )


def test_the_next_step_banner_is_the_old_include_byte_for_byte(child):
    rows = _deadline_rows(child)
    steps = [None] + [
        NextStep(row=row, overdue=overdue, others=others)
        for row in rows[:8]
        for overdue, others in ((0, 0), (1, 1), (2, 3))
    ]
    for step in steps:
        for deadline_rows in ([], rows):
            assert case_page_tags.next_step_html(
                step, has_deadlines=bool(deadline_rows)
            ) == _render_before("next_step.html", next_step=step, deadline_rows=deadline_rows)
