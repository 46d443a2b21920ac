"""Statutory deadlines as rows (DESIGN.md principle 4).

A workflow that starts a statutory clock opens a `Deadline` whose due date comes from
sen_portal/timescales.py; the periodic sweep (casework/sweep.py) reads the open rows by
(status, due_on) and writes reminders, escalations and breaches. Nothing waits inside a
broker, so a lost worker or Redis loses nothing.

Status is a plain choices field, not an FSMField: the sweep breaches thousands of rows in
one set-based UPDATE (a per-row transition cannot meet the sweep's time budget), and the
services in casework/services/deadlines.py enforce `TRANSITIONS` for every other change, each
under a row lock. Nothing else may change `status`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from sen_portal import timescales
from sen_portal.base_models import BaseModel
from sen_portal.casework.models.case import Child

TIMESCALE_CHOICES = [(code, t.title) for code, t in timescales.TIMESCALES.items()]
EXCEPTION_REASON_CHOICES = [(r.code, r.label) for r in timescales.EXCEPTION_REASONS]


def _exception_reason_fits_timescale() -> Q:
    """The database's copy of timescales.TIMESCALE_EXCEPTIONS: a reason may be recorded only
    against a time limit whose regulation lists it (a change in the law is a migration)."""
    condition = Q(exception_reason="")
    for code, reasons in sorted(timescales.TIMESCALE_EXCEPTIONS.items()):
        condition |= Q(code=code, exception_reason__in=sorted(reasons))
    return condition


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    BREACHED = "breached", "Missed"
    # The time limit does not apply (Reg 5(4), 8(2), 10(4), 13(3), 44(3)); the step
    # still has to happen, so the deadline can still be met.
    EXCEPTED = "excepted", "Exception recorded"
    CANCELLED = "cancelled", "Cancelled"


class Deadline(BaseModel):
    """One statutory time limit on one case: when its clock started, when it falls due,
    and what became of it."""

    Status = DeadlineStatus

    # Which status may follow which. A breach stays on the record (breached_at) whatever
    # follows it; met and cancelled are final.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.OPEN: frozenset({Status.MET, Status.BREACHED, Status.EXCEPTED, Status.CANCELLED}),
        Status.BREACHED: frozenset({Status.MET, Status.EXCEPTED, Status.CANCELLED}),
        Status.EXCEPTED: frozenset({Status.MET, Status.EXCEPTED, Status.CANCELLED}),
        Status.MET: frozenset(),
        Status.CANCELLED: frozenset(),
    }
    LIVE = (Status.OPEN, Status.BREACHED, Status.EXCEPTED)

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="deadlines")
    # The case's team, a copy kept by the database (migration casework 0003_deadline_team:
    # set from the case on every insert and on any change of case or team, and carried
    # with the case when it moves team), so the dashboards read one team's index range,
    # not the council's rows joined to the cases. Never written by the application.
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,  # the team's indexes below lead with it
    )
    # The workflow object whose state started the clock (a request, an advice request, a
    # plan...). Generic because casework knows no particular workflow.
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_id = models.CharField(max_length=40, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    code = models.CharField("Timescale", max_length=40, choices=TIMESCALE_CHOICES)
    started_on = models.DateField("Clock started")
    due_on = models.DateField("Due")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    met_on = models.DateField(null=True, blank=True)
    breached_at = models.DateTimeField(
        null=True, blank=True, help_text="When the sweep found it still open after its due day"
    )
    exception_reason = models.CharField(max_length=40, choices=EXCEPTION_REASON_CHOICES, blank=True)
    exception_starts_on = models.DateField(null=True, blank=True)
    exception_ends_on = models.DateField(null=True, blank=True)
    exception_note = models.TextField("Evidence", blank=True)
    exception_recorded_at = models.DateTimeField(null=True, blank=True)
    exception_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # The sweep: open deadlines by due date (reminder window, due today, overdue).
            models.Index(fields=["status", "due_on"], name="deadline_sweep_idx"),
            # deadlines_close_for_subject: the live deadlines of one workflow object.
            models.Index(fields=["subject_type", "subject_id"], name="deadline_subject_idx"),
            # A case's live deadlines, soonest first: Child.next_due_on's upkeep (the
            # triggers read the first of these) and the case page. Only the live rows,
            # so it does not grow with the years of history.
            models.Index(
                fields=["child", "due_on", "id"],
                name="deadline_live_child_idx",
                condition=Q(status__in=["open", "breached", "excepted"]),
            ),
            # The dashboards' steps still to do, by due date (overdue, this week, at risk);
            # with the code, because whose date it is (timescales.whose_date) follows it:
            # the counts stay an index-only scan.
            models.Index(
                fields=["due_on", "child"],
                name="deadline_to_do_idx",
                condition=Q(status__in=["open", "breached"]),
                include=["code"],
            ),
            # Timeliness: the steps of the reported kinds done in a period, with what the
            # counts need (an index-only scan: the dashboards never read the table).
            models.Index(
                fields=["code", "met_on"],
                name="deadline_met_idx",
                include=["due_on", "exception_reason", "child"],
                condition=Q(status="met"),
            ),
            # The same two for one team (a manager's dashboards), from the team's own
            # column: the team's range of the index, whatever the council's history.
            models.Index(
                fields=["team", "due_on"],
                name="deadline_team_to_do_idx",
                condition=Q(status__in=["open", "breached"]),
                include=["code"],
            ),
            models.Index(
                fields=["team", "code", "met_on"],
                name="deadline_team_met_idx",
                include=["due_on", "exception_reason"],
                condition=Q(status="met"),
            ),
        ]
        constraints = [
            # One live clock per step: a workflow cannot start the same clock twice.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "code"],
                condition=Q(status="open", subject_type__isnull=False),
                name="deadline_one_open_per_subject",
                violation_error_message="This deadline is already open",
            ),
            # Case-level deadlines (no workflow object): one open per case and timescale.
            models.UniqueConstraint(
                fields=["child", "code"],
                condition=Q(status="open", subject_type__isnull=True),
                name="deadline_one_open_per_case",
                violation_error_message="This deadline is already open on this case",
            ),
            models.CheckConstraint(
                condition=Q(code__in=list(timescales.TIMESCALES)), name="deadline_code_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeadlineStatus.values), name="deadline_status_known"
            ),
            models.CheckConstraint(
                condition=Q(subject_type__isnull=True, subject_id="")
                | (Q(subject_type__isnull=False) & ~Q(subject_id="")),
                name="deadline_subject_complete",
            ),
            # Met exactly when the date it was met is known.
            models.CheckConstraint(
                condition=Q(status="met", met_on__isnull=False)
                | (~Q(status="met") & Q(met_on__isnull=True)),
                name="deadline_met_has_date",
            ),
            # A breach is stamped; an open deadline has never been breached (it stops
            # being open when it is).
            models.CheckConstraint(
                condition=~Q(status="breached") | Q(breached_at__isnull=False),
                name="deadline_breached_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="open") | Q(breached_at__isnull=True),
                name="deadline_open_not_breached",
            ),
            # An exception is a reason with a start date, or nothing at all.
            models.CheckConstraint(
                condition=Q(
                    exception_reason="",
                    exception_starts_on__isnull=True,
                    exception_ends_on__isnull=True,
                    exception_note="",
                )
                | (~Q(exception_reason="") & Q(exception_starts_on__isnull=False)),
                name="deadline_exception_complete",
            ),
            models.CheckConstraint(
                condition=Q(exception_ends_on__isnull=True)
                | Q(exception_ends_on__gte=models.F("exception_starts_on")),
                name="deadline_exception_dates_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="excepted") | ~Q(exception_reason=""),
                name="deadline_excepted_has_reason",
            ),
            models.CheckConstraint(
                condition=_exception_reason_fits_timescale(),
                name="deadline_exception_reason_allowed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} due {self.due_on:%Y-%m-%d} ({self.status})"

    @property
    def timescale(self) -> timescales.Timescale:
        return timescales.TIMESCALES[self.code]

    @property
    def title(self) -> str:
        return self.timescale.title

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE

    @property
    def met_late(self) -> bool:
        """Met, but after the due day: still "met", and reported as late."""
        return self.met_on is not None and self.met_on > self.due_on

    @property
    def days_late(self) -> int:
        return (self.met_on - self.due_on).days if self.met_late else 0

    @property
    def has_exception(self) -> bool:
        return bool(self.exception_reason)

    @property
    def exception_reason_label(self) -> str:
        return self.get_exception_reason_display() if self.exception_reason else ""

    @property
    def exception_reasons(self) -> tuple[timescales.ExceptionReason, ...]:
        return timescales.exception_reasons_for(self.code)

    @property
    def can_record_exception(self) -> bool:
        """Only time limits whose regulation allows exceptions, and only while the step
        is still to do or was done late (an on-time step needs no excuse)."""
        if not self.exception_reasons:
            return False
        return self.is_live or self.met_late

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]

    @classmethod
    def subject_type_for(cls, subject: models.Model) -> ContentType:
        return ContentType.objects.get_for_model(subject)
