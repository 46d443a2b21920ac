"""Reads of deadlines for pages: the case page's "Statutory deadlines" section."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from sen_portal import timescales
from sen_portal.casework.deadlines import long_date
from sen_portal.casework.models import Child, Deadline

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


def deadline_rows_for_child(
    *, child: Child, today: datetime.date | None = None
) -> list[DeadlineRow]:
    """Every deadline of the case, the ones still to do first (soonest first), then the
    closed ones (latest first). One query, whatever the number of deadlines."""
    today = today or timezone.localdate()
    amber = amber_limit(today)
    deadlines = list(child.deadlines.select_related("exception_recorded_by"))
    live = sorted((d for d in deadlines if d.is_live), key=lambda d: (d.due_on, d.pk))
    closed = sorted(
        (d for d in deadlines if not d.is_live), key=lambda d: (d.due_on, d.pk), reverse=True
    )
    return [
        DeadlineRow(d, *deadline_tag(d, today=today, amber_until=amber), _when(d, today))
        for d in live + closed
    ]
