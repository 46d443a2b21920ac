"""A caseworker's home page: today's work. Their cases with a statutory deadline overdue,
due today or due in the next seven days, and what others did on their cases since they
last opened each one (advice received, the family's comments, replies from schools).
Bounded: a fixed number of rows, and a few queries (one per kind of deadline subject
named) whatever the caseload."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from sen_portal.casework.models import ChronologyEvent, Deadline, RecordAccess
from sen_portal.casework.models.deadline import DeadlineStatus
from sen_portal.casework.selectors import (
    DeadlineRow,
    amber_limit,
    deadline_tag,
    subject_names,
)

WEEK = datetime.timedelta(days=7)
# What changed: looked for over the last month, newest first, at most this many.
CHANGES_SINCE = datetime.timedelta(days=30)
ROWS_SHOWN = 30


@dataclass(frozen=True)
class TodaysWork:
    overdue: list[DeadlineRow]
    today: list[DeadlineRow]
    this_week: list[DeadlineRow]
    changes: list[ChronologyEvent]
    more_due: bool  # more deadlines than ROWS_SHOWN: see the case list

    @property
    def nothing(self) -> bool:
        return not (self.overdue or self.today or self.this_week or self.changes)


def todays_work_for(*, user, today: datetime.date | None = None) -> TodaysWork:
    today = today or timezone.localdate()
    due = list(
        Deadline.objects.filter(
            child__caseworker=user,
            status__in=(DeadlineStatus.OPEN, DeadlineStatus.BREACHED),
            due_on__lte=today + WEEK,
        )
        .select_related("child")
        .order_by("due_on", "pk")[: ROWS_SHOWN + 1]
    )
    more = len(due) > ROWS_SHOWN
    due = due[:ROWS_SHOWN]
    names = subject_names(due)
    amber = amber_limit(today)
    rows = [
        DeadlineRow(
            d, *deadline_tag(d, today=today, amber_until=amber), "", *names.get(d.pk, ("", ""))
        )
        for d in due
    ]
    # The last time this user opened each case (the record access log, which every case
    # page writes); events by others after it are news to them.
    last_seen = (
        RecordAccess.objects.filter(user=user, child=OuterRef("child"))
        .order_by("-accessed_at")
        .values("accessed_at")[:1]
    )
    changes = list(
        ChronologyEvent.objects.filter(
            child__caseworker=user, occurred_at__gte=timezone.now() - CHANGES_SINCE
        )
        .exclude(actor=user)
        .exclude(actor__isnull=True)
        .annotate(last_seen=Subquery(last_seen))
        .filter(Q(last_seen__isnull=True) | Q(occurred_at__gt=F("last_seen")))
        .select_related("child", "actor")
        .order_by("-occurred_at")[:ROWS_SHOWN]
    )
    return TodaysWork(
        # A family's date that has passed is not overdue work (timescales.whose_date).
        overdue=[r for r in rows if r.deadline.due_on < today and r.colour == "red"],
        today=[r for r in rows if r.deadline.due_on == today],
        this_week=[r for r in rows if r.deadline.due_on > today],
        changes=changes,
        more_due=more,
    )
