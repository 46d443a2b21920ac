"""Advice asked for during an EHC needs assessment (Reg 6), due within 6 weeks of the
request for it (Reg 8(1)).

States: requested → received, or requested → exception claimed (the advice giver says a
Reg 8(2) exception applies) → excepted (the caseworker accepts it) or back to requested
(the caseworker does not); received can still follow an exception. Cancelled when the
advice is no longer needed.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from assessments.events import AssessmentEvent
from assessments.rules import is_the_advice_giver, records_the_advice, runs_the_case
from sen_portal import timescales
from sen_portal.base_models import BaseModel
from sen_portal.casework import steps
from sen_portal.casework.steps import Event
from sen_portal.dates import long_date

NO_EXCEPTION_WAITING = "There is no exception waiting for a decision."
ADVICE_EXCEPTION_CHOICES = [
    (reason.code, reason.label) for reason in timescales.exception_reasons_for("advice_due")
]


class AdviceKind(models.TextChoices):
    """Reg 6(1): the advice and information the LA must seek."""

    FAMILY_VIEWS = "family_views", "Views of the parent or young person"
    EDUCATION = "education", "Educational advice"
    EDUCATIONAL_PSYCHOLOGY = "educational_psychology", "Psychological advice"
    HEALTH = "health", "Medical (health) advice"
    SOCIAL_CARE = "social_care", "Social care advice"
    PREPARING_FOR_ADULTHOOD = (
        "preparing_for_adulthood",
        "Preparing for adulthood and independent living",
    )


class AdviceStatus(models.TextChoices):
    REQUESTED = "requested", "Asked for"
    EXCEPTION_CLAIMED = "exception_claimed", "Exception reported"
    EXCEPTED = "excepted", "Exception accepted"
    RECEIVED = "received", "Received"
    CANCELLED = "cancelled", "Cancelled"


class AdviceRequest(ConcurrentTransitionMixin, BaseModel):
    Kind = AdviceKind
    Status = AdviceStatus
    noun = "advice request"  # "Nothing was changed: the advice request is ..."
    step_related = ("assessment__child", "advice_giver")  # what a step reads when locked
    # Still waiting for something: the assessment cannot move on.
    OUTSTANDING = (AdviceStatus.REQUESTED, AdviceStatus.EXCEPTION_CLAIMED)

    # Not guessable: advice givers open these by URL.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(
        "assessments.NeedsAssessment", on_delete=models.PROTECT, related_name="advice_requests"
    )
    # The case's team, a copy kept by the database (migration assessments
    # 0003_advice_team: set from the assessment's case on every insert and on any change
    # of assessment or team, and carried with the case when it moves team), so the
    # dashboards read one team's index range. Never written by the application.
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,  # the team's indexes below lead with it
    )
    kind = models.CharField("Advice", max_length=30, choices=Kind.choices)
    advice_giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advice_requests",
        help_text="Empty when the caseworker records the advice (for example the family's views)",
    )
    addressee = models.CharField(
        "Asked of",
        max_length=150,
        help_text="The person or organisation asked, as the family would recognise them",
    )
    questions = models.TextField("What we are asking")
    # What the professional needs to act: where the child is taught (they often visit).
    setting = models.CharField(
        "School, college or early years setting",
        max_length=200,
        blank=True,
        help_text="Where the child or young person goes, if anywhere",
    )
    requested_on = models.DateField("Date asked")
    due_on = models.DateField(
        "Advice due", help_text="Reg 8(1): 6 weeks from the request (a copy of the deadline)"
    )

    status = FSMField(
        max_length=20, choices=Status.choices, default=Status.REQUESTED, protected=True
    )
    received_on = models.DateField("Date received", null=True, blank=True)
    needs = models.TextField("Needs", blank=True)
    outcomes = models.TextField("Outcomes", blank=True)
    provision = models.TextField("Recommended provision", blank=True)
    document = models.OneToOneField(
        "casework.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    exception_reason = models.CharField(max_length=40, choices=ADVICE_EXCEPTION_CHOICES, blank=True)
    exception_starts_on = models.DateField(null=True, blank=True)
    exception_note = models.TextField(blank=True)
    cancelled_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "kind"]
        indexes = [
            # The advice giver's list: their requests by status, soonest due first.
            models.Index(fields=["advice_giver", "status", "due_on"], name="advice_giver_due_idx"),
            # The timeliness dashboard's advice figures (advice received in a year, by
            # kind, on time or not): an index-only range, not a scan of every request
            # (issue #22; like casework's deadline_met_idx).
            models.Index(
                fields=["received_on"],
                name="advice_received_idx",
                include=["assessment", "kind", "due_on", "exception_reason"],
                condition=Q(status="received"),
            ),
            # The same for one team (a manager's dashboards), and its advice overdue by
            # agency: the team's range of each index.
            models.Index(
                fields=["team", "received_on"],
                name="advice_team_received_idx",
                include=["kind", "due_on", "exception_reason"],
                condition=Q(status="received"),
            ),
            models.Index(
                fields=["team", "due_on"],
                name="advice_team_requested_idx",
                include=["kind"],
                condition=Q(status="requested"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AdviceStatus.values), name="advice_status_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AdviceKind.values), name="advice_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("requested_on")), name="advice_due_after_asked"
            ),
            # Received exactly when the advice is in: a date and a summary.
            models.CheckConstraint(
                condition=(
                    Q(status="received", received_on__isnull=False)
                    & ~Q(needs="")
                    & ~Q(outcomes="")
                    & ~Q(provision="")
                )
                | (~Q(status="received") & Q(received_on__isnull=True)),
                name="advice_received_complete",
            ),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True)
                | Q(received_on__gte=models.F("requested_on")),
                name="advice_received_after_asked",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["exception_claimed", "excepted"])
                | (~Q(exception_reason="") & Q(exception_starts_on__isnull=False)),
                name="advice_exception_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.addressee}"

    @property
    def deadline_url(self) -> str:
        """Where the next action on this step's deadline is taken (the case page)."""
        from django.urls import reverse

        return reverse("assessments:advice_staff_detail", args=[self.pk])

    @property
    def deadline_label(self) -> str:
        """Names this request's deadline on the case page: whose advice it is."""
        return f"{self.get_kind_display()} from {self.addressee}"

    @property
    def child(self):
        return self.assessment.child

    @property
    def is_outstanding(self) -> bool:
        return self.status in self.OUTSTANDING

    @property
    def recorded_by_caseworker(self) -> bool:
        return self.advice_giver_id is None

    @property
    def entered_on_behalf_of(self) -> str:
        """Whose advice a member of staff entered ("" when the advice giver sent it
        themselves): the professional's, received by post or email, or the addressee's."""
        if self.submitted_by_id is None or self.submitted_by_id == self.advice_giver_id:
            return ""
        if self.advice_giver is not None:
            return self.advice_giver.full_name
        return self.addressee

    @property
    def exception_label(self) -> str:
        """The Reg 8(2) exception claimed, with the regulation: "... (Reg 8(2)(a))"."""
        found = {r.code: r for r in timescales.exception_reasons_for("advice_due")}
        reason = found[self.exception_reason]
        return f"{reason.label} ({reason.regulation})"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == AdviceStatus.REQUESTED and self.due_on < today

    # --- Transitions: bodies set fields only; services do the rest. -------------------

    @transition(
        field=status,
        source=[AdviceStatus.REQUESTED, AdviceStatus.EXCEPTION_CLAIMED, AdviceStatus.EXCEPTED],
        target=AdviceStatus.RECEIVED,
        permission=records_the_advice,
        custom=steps.declare(refused="This advice cannot be sent now."),
    )
    def submit(
        self,
        *,
        on: datetime.date,
        needs: str,
        outcomes: str,
        provision: str,
        by,
        at: datetime.datetime,
    ) -> None:
        """Reg 8(1): the advice, within 6 weeks of the request where no exception applies."""
        self.received_on = on
        self.needs = needs
        self.outcomes = outcomes
        self.provision = provision
        self.submitted_by = by
        self.submitted_at = at

    @transition(
        field=status,
        source=AdviceStatus.REQUESTED,
        target=AdviceStatus.EXCEPTION_CLAIMED,
        permission=is_the_advice_giver,
        # Reg 8(2): what prevents the advice started on or after it was asked for.
        custom=steps.declare(
            when=steps.DateRule(
                "date it started",
                not_before="requested_on",
                before_what="the day the advice was asked for",
                field="starts_on",
            ),
            refused="An exception can only be reported on advice still due.",
            texts={"note": "Enter what has happened"},
            event=lambda a, reason, starts_on, note, **_: Event(
                AssessmentEvent.ADVICE_EXCEPTION_CLAIMED,
                f"Advice giver reported an exception: {a.get_kind_display()}",
                note=f"{a.exception_label} from {long_date(starts_on)}.\n{note}",
            ),
        ),
    )
    def claim_exception(self, *, reason: str, starts_on: datetime.date, note: str) -> None:
        """Reg 8(2): the advice giver tells the caseworker why the 6 weeks cannot be met."""
        self.exception_reason = reason
        self.exception_starts_on = starts_on
        self.exception_note = note

    @transition(
        field=status,
        source=AdviceStatus.EXCEPTION_CLAIMED,
        target=AdviceStatus.EXCEPTED,
        permission=runs_the_case,
        custom=steps.declare(
            refused=NO_EXCEPTION_WAITING,
            event=lambda a, **_: Event(
                AssessmentEvent.ADVICE_EXCEPTION_ACCEPTED,
                f"Exception accepted: {a.get_kind_display()} from {a.addressee}",
            ),
        ),
    )
    def accept_exception(self) -> None:
        """The caseworker agrees the exception applies; it goes on the deadline."""

    @transition(
        field=status,
        source=AdviceStatus.EXCEPTION_CLAIMED,
        target=AdviceStatus.REQUESTED,
        permission=runs_the_case,
        custom=steps.declare(
            refused=NO_EXCEPTION_WAITING,
            texts={"note": "Enter why the exception does not apply"},
            event=lambda a, note, **_: Event(
                AssessmentEvent.ADVICE_EXCEPTION_REJECTED,
                f"Exception not accepted: {a.get_kind_display()} from {a.addressee}",
                note=note,
            ),
        ),
    )
    def reject_exception(self) -> None:
        """Not an exception the regulations allow (or no evidence): still due."""
        self.exception_reason = ""
        self.exception_starts_on = None
        self.exception_note = ""

    @transition(
        field=status,
        source=[AdviceStatus.REQUESTED, AdviceStatus.EXCEPTION_CLAIMED, AdviceStatus.EXCEPTED],
        target=AdviceStatus.CANCELLED,
        permission=runs_the_case,
        custom=steps.declare(
            refused="This advice request cannot be cancelled.",
            texts={"reason": "Enter why the advice is not needed"},
            event=lambda a, reason, **_: Event(
                AssessmentEvent.ADVICE_CANCELLED,
                f"Advice no longer needed: {a.get_kind_display()} from {a.addressee}",
                note=reason,
            ),
        ),
    )
    def cancel(self, *, reason: str) -> None:
        self.cancelled_reason = reason
