"""Reads of deadlines for pages: the case page's "What to do next" and "Statutory
deadlines" sections."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from sen_portal import timescales
from sen_portal.casework.models import Child, Deadline
from sen_portal.dates import long_date
from sen_portal.prepared import CASE_ID, Prepared, known_parent

Status = Deadline.Status


@dataclass(frozen=True)
class DeadlineLook:
    """How a deadline is shown on every page: the words in its GOV.UK tag, the tag's
    colour (govuk-tag--<colour>), and a line of words ("3 days left", "Met on 2 May
    2025, 4 days late")."""

    label: str
    colour: str
    words: str


@dataclass(frozen=True)
class DeadlineRow:
    deadline: Deadline
    tag: str  # the words in the GOV.UK tag
    colour: str  # govuk-tag--<colour>
    when: str  # "3 days left", "Met on 2 May 2025, 4 days late"
    # Which one: whose advice, which review ("Educational psychology advice from Dr
    # Adviser"); empty when the step's title says it all (one decision per request).
    named: str = ""
    # Its page, when the subject has one: where the next action is taken.
    url: str = ""

    @property
    def is_open(self) -> bool:
        return self.deadline.is_live


def deadline_look(
    deadline: Deadline,
    *,
    today: datetime.date | None = None,
    amber_until: datetime.date | None = None,
) -> DeadlineLook:
    """The one presentation of a deadline (case, assessment and plan pages alike).

    Red: overdue, or missed (the sweep has recorded the breach). Amber (GOV.UK's orange
    tag): due today or within DEADLINE_AMBER_WORKING_DAYS working days. Green: otherwise.
    Closed deadlines are grey; an exception is purple (its time limit does not apply:
    neither on time nor late)."""
    today = today or timezone.localdate()
    label, colour = deadline_tag(
        deadline, today=today, amber_until=amber_until or amber_limit(today)
    )
    return DeadlineLook(label, colour, _when(deadline, today))


def deadline_tag(
    deadline: Deadline, *, today: datetime.date, amber_until: datetime.date
) -> tuple[str, str]:
    """The label and colour of ``deadline_look``."""
    if deadline.status == Status.MET:
        return ("Met late", "grey") if deadline.met_late else ("Met", "grey")
    if deadline.status == Status.CANCELLED:
        return "Cancelled", "grey"
    if deadline.status == Status.EXCEPTED:
        return "Exception recorded", "purple"
    if deadline.status == Status.BREACHED:
        return "Missed", "red"
    if deadline.due_on < today and timescales.whose_date(deadline.code) is timescales.Party.FAMILY:
        # The family's date (their 15 days, Reg 13(1); the adviser contact, Reg 33) has
        # passed: it ended, it was not the council's to miss.
        return "Ended", "grey"
    return due_date_tag(deadline.due_on, today=today, amber_until=amber_until)


def due_date_tag(
    due_on: datetime.date, *, today: datetime.date, amber_until: datetime.date
) -> tuple[str, str]:
    """The red/amber/green of a step still to do, from its due date alone."""
    if due_on < today:
        return "Overdue", "red"
    if due_on == today:
        return "Due today", "orange"
    if due_on <= amber_until:
        return "Due soon", "orange"
    return "On track", "green"


def amber_limit(today: datetime.date) -> datetime.date:
    """The last day a step still to do counts as "due soon" (amber)."""
    return timescales.add_working_days(today, settings.DEADLINE_AMBER_WORKING_DAYS)


def _when(deadline: Deadline, today: datetime.date) -> str:
    if deadline.status == Status.MET:
        text = f"Met on {long_date(deadline.met_on)}"
        if deadline.met_late:
            days = deadline.days_late
            text += f", {days} day{'s' if days != 1 else ''} late"
        return text
    if deadline.status == Status.CANCELLED:
        return "No longer applies"
    return timescales.days_left_in_words(today, deadline.due_on).capitalize()


def subject_names(deadlines: list[Deadline]) -> dict[int, tuple[str, str]]:
    """The name and page of each deadline's subject, for the deadlines whose subject
    model says how to name it (``deadline_label``) or where to act (``deadline_url``).
    One query per kind of subject, whatever the number of deadlines; casework knows no
    workflow app."""
    by_type: dict[int, set[str]] = {}
    for d in deadlines:
        if d.subject_type_id and d.subject_id:
            by_type.setdefault(d.subject_type_id, set()).add(d.subject_id)
    subjects: dict[tuple[int, str], object] = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None or not (
            hasattr(model, "deadline_label") or hasattr(model, "deadline_url")
        ):
            continue
        related = getattr(model, "DEADLINE_RELATED", ())
        for obj in model._default_manager.filter(pk__in=ids).select_related(*related):
            subjects[(type_id, str(obj.pk))] = obj
    names = {}
    for d in deadlines:
        obj = subjects.get((d.subject_type_id, d.subject_id))
        if obj is not None:
            names[d.pk] = (getattr(obj, "deadline_label", ""), getattr(obj, "deadline_url", ""))
    return names


# Compiled once per process (issue #22): every case page reads them.
_CASE_DEADLINES = Prepared(
    lambda marker: Deadline.objects.filter(child_id=marker).select_related("exception_recorded_by"),
    marker=CASE_ID,
)


def deadline_rows_for_child(
    *, child: Child, today: datetime.date | None = None, before: tuple[str, list] | None = None
) -> list[DeadlineRow]:
    """Every deadline of the case, each named, the ones still to do first (soonest
    first), then the closed ones (latest first). One query for the deadlines and one per
    kind of subject, whatever the number of deadlines. ``before``: an INSERT to run in
    the same round trip (the case page's access log; sen_portal.prepared)."""
    today = today or timezone.localdate()
    amber = amber_limit(today)
    deadlines = _CASE_DEADLINES.objects(child.pk, before=before)
    known_parent(deadlines, "child", child)
    names = subject_names(deadlines)
    live = sorted((d for d in deadlines if d.is_live), key=lambda d: (d.due_on, d.pk))
    closed = sorted(
        (d for d in deadlines if not d.is_live), key=lambda d: (d.due_on, d.pk), reverse=True
    )
    return [
        DeadlineRow(
            d,
            *deadline_tag(d, today=today, amber_until=amber),
            _when(d, today),
            *names.get(d.pk, ("", "")),
        )
        for d in live + closed
    ]


@dataclass(frozen=True)
class NextStep:
    """What to do next on a case: the most urgent open deadline, and how many more."""

    row: DeadlineRow
    overdue: int  # open deadlines already past their date (this one included)
    others: int  # open deadlines after this one


def next_step_for_child(rows: list[DeadlineRow]) -> NextStep | None:
    """The case page leads with this: the open deadline due soonest (an excepted one
    only when nothing else is open, since its time limit does not apply). None when
    nothing is open. Reads the rows deadline_rows_for_child made: no query."""
    live = [r for r in rows if r.is_open]
    if not live:
        return None
    timed = [r for r in live if r.deadline.status != Status.EXCEPTED] or live
    first = timed[0]
    overdue = sum(1 for r in timed if r.colour == "red")
    return NextStep(row=first, overdue=overdue, others=len(live) - 1)
