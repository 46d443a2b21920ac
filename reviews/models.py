"""Annual reviews of EHC plans (CFA s44, Regs 18-22) and phase transfers (Reg 18).

A review: due → meeting arranged → meeting held → report received → decided (keep the
plan, amend it or cease it), or cancelled (the plan ended first). Transition bodies only
set fields; reviews/services/ writes the chronology and the deadlines.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from reviews.events import DECISION_EVENTS, ReviewEvent
from sen_portal.base_models import BaseModel
from sen_portal.casework import steps
from sen_portal.casework.rules import runs_the_case
from sen_portal.casework.steps import Event
from sen_portal.dates import long_date


def _plan_issued(review: Review) -> datetime.date:
    """Steps may be recorded after the event (a meeting the school held before anyone
    updated the case), but never before the plan under review was issued."""
    return review.plan.final_issued_on or review.created_at.date()


# What the review's people and advice are dated after: the plan under review was issued.
AFTER_PLAN = steps.DateRule("date", _plan_issued, "the day the plan was issued")
# What follows the meeting is dated on or after it.
AFTER_MEETING = steps.DateRule("date", ("held_on", _plan_issued), "the day of the meeting")
DECISION_WORDS = {
    "maintain": "keep the plan as it is",
    "amend": "amend the plan",
    "cease": "stop maintaining the plan",
}


def _decision_event(review: Review, decision: str, reasons: str, **_) -> Event:
    note = reasons
    if review.appeal_due_on is not None:
        note += (
            "\nThe family may ask for mediation or appeal to the Tribunal against the "
            f"decision not to change the plan, by {long_date(review.appeal_due_on)}."
        )
    if decision == "amend":
        note += "\nThe proposed amendments were sent with this decision."
    return Event(
        DECISION_EVENTS[decision],
        f"After the annual review the council decided to {DECISION_WORDS[decision]}",
        note=note,
        family=True,
    )


class ReviewStatus(models.TextChoices):
    DUE = "due", "Due"
    SCHEDULED = "scheduled", "Meeting arranged"
    HELD = "held", "Meeting held"
    REPORT_RECEIVED = "report_received", "Report received"
    DECIDED = "decided", "Decided"
    CANCELLED = "cancelled", "Cancelled"


class ReviewDecision(models.TextChoices):
    """Reg 20(10): what the council decides within 4 weeks of the meeting."""

    MAINTAIN = "maintain", "Keep the plan as it is"
    AMEND = "amend", "Amend the plan"
    CEASE = "cease", "Stop maintaining the plan"


LIVE_STATUSES = ("due", "scheduled", "held", "report_received")


class Review(ConcurrentTransitionMixin, BaseModel):
    Status = ReviewStatus
    step_related = ("plan", "child")  # what a step reads from the locked row
    Decision = ReviewDecision
    LIVE = (
        ReviewStatus.DUE,
        ReviewStatus.SCHEDULED,
        ReviewStatus.HELD,
        ReviewStatus.REPORT_RECEIVED,
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="reviews")
    child = models.ForeignKey("casework.Child", on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField(
        "Meeting due by",
        help_text="The annual review deadline (CFA s44(1)), or sooner for a child under 5 "
        "reviewed more often (CoP 9.178) or a phase transfer (Reg 18)",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the daily job started it",
    )
    status = FSMField(max_length=20, choices=Status.choices, default=Status.DUE, protected=True)

    meeting_on = models.DateField("Date of the meeting", null=True, blank=True)
    venue = models.CharField("Where", max_length=200, blank=True)
    papers_sent_on = models.DateField("Invitations and papers sent on", null=True, blank=True)
    held_on = models.DateField("Meeting held on", null=True, blank=True)
    report_received_on = models.DateField("Report received on", null=True, blank=True)
    report_summary = models.TextField("Summary of the report", blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField("Reasons", blank=True)
    decided_on = models.DateField("Decision sent on", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appeal_due_on = models.DateField(
        "Last day to appeal",
        null=True,
        blank=True,
        help_text="A decision to keep the plan as it is can be appealed (Reg 20(10); HESC "
        "Tribunal Rules r20(1)(c))",
    )
    cancelled_on = models.DateField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # The reviews list: live reviews by the date they are due.
            models.Index(fields=["status", "due_on"], name="review_status_due_idx"),
            # The case panel: one child's reviews.
            models.Index(fields=["child", "-due_on"], name="review_child_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=LIVE_STATUSES),
                name="review_one_live_per_plan",
                violation_error_message="This plan already has a review in progress",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="review_status_known"
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decision__in=ReviewDecision.values),
                name="review_decision_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["due", "cancelled"]) | Q(meeting_on__isnull=False),
                name="review_scheduled_has_meeting",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["held", "report_received", "decided"])
                | Q(held_on__isnull=False),
                name="review_held_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="decided")
                | (~Q(decision="") & ~Q(decision_reasons="") & Q(decided_on__isnull=False)),
                name="review_decided_has_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled")
                | (Q(cancelled_on__isnull=False) & ~Q(cancellation_reason="")),
                name="review_cancelled_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of the EHC plan for {self.child}, due {self.due_on:%d %B %Y}"

    @property
    def deadline_url(self) -> str:
        """Where the next action on this step's deadline is taken (the case page)."""
        from django.urls import reverse

        return reverse("reviews:review_detail", args=[self.pk])

    @property
    def deadline_label(self) -> str:
        """Names this review's deadlines on the case page: which review."""
        return f"The review due {self.due_on.day} {self.due_on:%B %Y}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE

    # --- Transitions: bodies set fields only; services do the rest. -------------------

    @transition(
        field=status,
        source=[ReviewStatus.DUE, ReviewStatus.SCHEDULED],
        target=ReviewStatus.SCHEDULED,
        permission=runs_the_case,
        custom=steps.declare(refused="The meeting cannot be arranged now."),
    )
    def schedule(self, *, meeting_on: datetime.date, venue: str) -> None:
        """Reg 20(3): at least 2 weeks' notice of the meeting. Arranging it again moves it."""
        self.meeting_on = meeting_on
        self.venue = venue

    @transition(
        field=status,
        source=ReviewStatus.SCHEDULED,
        target=ReviewStatus.HELD,
        permission=runs_the_case,
        custom=steps.declare(
            when=AFTER_PLAN.but(what="date the meeting was held", field="held_on", arg="on"),
            refused="Only an arranged meeting can be recorded as held.",
        ),
    )
    def hold(self, *, on: datetime.date) -> None:
        self.held_on = on
        self.meeting_on = on

    @transition(
        field=status,
        source=ReviewStatus.HELD,
        target=ReviewStatus.REPORT_RECEIVED,
        permission=runs_the_case,
        custom=steps.declare(
            when=AFTER_MEETING.but(
                what="date the report was received", field="received_on", arg="on"
            ),
            refused="The report follows the meeting.",
            texts={"summary": "Enter a summary of the report"},
            event=lambda r, summary, **_: Event(
                ReviewEvent.REPORT_RECEIVED,
                "Report of the review meeting received",
                note=summary,
                family=True,
            ),
        ),
    )
    def receive_report(self, *, on: datetime.date, summary: str) -> None:
        """Reg 20(7)-(8): the report, sent to everyone invited within 2 weeks."""
        self.report_received_on = on
        self.report_summary = summary

    @transition(
        field=status,
        source=ReviewStatus.REPORT_RECEIVED,
        target=ReviewStatus.DECIDED,
        permission=runs_the_case,
        custom=steps.declare(
            when=AFTER_MEETING.but(what="date the decision was sent"),
            refused="The decision follows the report of the meeting.",
            texts={"reasons": "Enter the reasons for the decision"},
            event=_decision_event,
        ),
    )
    def decide(
        self,
        *,
        decision: str,
        reasons: str,
        on: datetime.date,
        by,
        appeal_due_on: datetime.date | None,
    ) -> None:
        """Reg 20(10): keep, amend or cease, notified within 4 weeks of the meeting."""
        self.decision = decision
        self.decision_reasons = reasons
        self.decided_on = on
        self.decided_by = by
        self.appeal_due_on = appeal_due_on

    @transition(
        field=status,
        source=[
            ReviewStatus.DUE,
            ReviewStatus.SCHEDULED,
            ReviewStatus.HELD,
            ReviewStatus.REPORT_RECEIVED,
        ],
        target=ReviewStatus.CANCELLED,
        permission=runs_the_case,
        custom=steps.declare(
            refused="This review cannot be cancelled.",
            texts={"reason": "Enter why the review is cancelled"},
            event=lambda r, reason, **_: Event(
                ReviewEvent.CANCELLED, "Annual review cancelled", note=reason
            ),
        ),
    )
    def cancel(self, *, on: datetime.date, reason: str) -> None:
        self.cancelled_on = on
        self.cancellation_reason = reason


class ParticipantRole(models.TextChoices):
    """Reg 20(2): who is invited to the review meeting."""

    FAMILY = "family", "Parent or carer"
    YOUNG_PERSON = "young_person", "Child or young person"
    INSTITUTION = "institution", "School, college or early years setting"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    LA_OFFICER = "la_officer", "Council SEN officer"
    OTHER = "other", "Other"


class Participant(BaseModel):
    """Someone invited to the review meeting, and whether they came."""

    Role = ParticipantRole

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField("Name", max_length=200)
    role = models.CharField("Role", max_length=20, choices=ParticipantRole.choices)
    organisation = models.CharField(
        "Organisation", max_length=200, blank=True, help_text="For example, the school's name"
    )
    invited_on = models.DateField("Invited on")
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["invited_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=ParticipantRole.values), name="participant_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def deadline_label(self) -> str:
        return str(self)


class AdviceKind(models.TextChoices):
    INSTITUTION = "institution", "School, college or early years setting"
    FAMILY = "family", "Views of the family or young person"
    EDUCATIONAL_PSYCHOLOGY = "educational_psychology", "Educational psychology"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    OTHER = "other", "Other"


class ReviewAdvice(BaseModel):
    """Advice and information asked for the review (Reg 20(4)): it must be circulated at
    least 2 weeks before the meeting, so that is when it is due."""

    Kind = AdviceKind

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="advice")
    kind = models.CharField("Type of advice", max_length=30, choices=AdviceKind.choices)
    from_whom = models.CharField("Asked from", max_length=200)
    requested_on = models.DateField("Asked on")
    due_on = models.DateField("Due by")
    received_on = models.DateField("Received on", null=True, blank=True)
    summary = models.TextField("Summary", blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AdviceKind.values), name="review_advice_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.from_whom}"

    @property
    def deadline_label(self) -> str:
        return str(self)

    @property
    def received(self) -> bool:
        return self.received_on is not None


class ReviewFrequency(BaseModel):
    """A child under 5 may be reviewed every 3 to 6 months (CoP 9.178, guidance): the
    council's choice for one plan. The statutory 12-month deadline still stands."""

    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.CASCADE, related_name="review_frequency"
    )
    months = models.PositiveSmallIntegerField("Review every (months)")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(months__gte=3, months__lte=6), name="review_frequency_3_to_6"
            ),
        ]


class TransferPhase(models.TextChoices):
    """Reg 2(1) "transfer between phases of education": a transfer from (a) relevant
    early years education to school, (b) infant school to junior school, (c) primary
    school to middle school, (d) primary school to secondary school, (e) middle school to
    secondary school, or (f) secondary school to a post-16 institution (SI 2014/1530 reg
    2(1), legislation.gov.uk, read 4 December 2026), as the year groups of September in a
    two-tier or a three-tier area (reviews/phases.py). Reg 18(2) adds moves between
    post-16 institutions at other times."""

    RECEPTION = "reception", "Early years to school (Reception)"
    JUNIOR = "junior", "Infant to junior school (Year 3)"
    SECONDARY = "secondary", "Primary to secondary school (Year 7)"
    # Three-tier areas (first, middle and upper schools).
    MIDDLE = "middle", "First to middle school (Year 5)"
    UPPER = "upper", "Middle to upper school (Year 9)"
    POST16 = "post16", "Secondary school to post-16 (Year 12)"
    POST16_MOVE = "post16_move", "Between post-16 institutions (Reg 18(2))"


class PhaseTransfer(BaseModel):
    """One child's move between phases in September of ``transfer_year``: the plan must
    name the next school or college before 15 February of that year (31 March for
    post-16), Reg 18(1). Its deadline row has this transfer as subject."""

    Phase = TransferPhase

    child = models.ForeignKey(
        "casework.Child", on_delete=models.PROTECT, related_name="phase_transfers"
    )
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="phase_transfers")
    transfer_year = models.PositiveSmallIntegerField(
        "Year of transfer", help_text="The calendar year of the September move"
    )
    phase = models.CharField(max_length=12, choices=TransferPhase.choices)
    due_on = models.DateField("Next school or college named by")
    review = models.ForeignKey(
        Review, on_delete=models.SET_NULL, null=True, blank=True, related_name="phase_transfers"
    )
    next_institution = models.ForeignKey(
        "plans.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Next school or college",
    )
    # Reg 18(2): the day a young person moves between post-16 institutions.
    moves_on = models.DateField("Moves on", null=True, blank=True)
    # The school or college the family and the council settled on (recorded from the
    # review), and the day the final amended plan naming it was issued: that issue, not
    # the choice, meets the Reg 18 deadline.
    chosen_on = models.DateField("Next school or college recorded on", null=True, blank=True)
    named_on = models.DateField("Named in the issued plan on", null=True, blank=True)
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["transfer_year", "due_on", "id"]
        indexes = [
            # The phase transfers page: one transfer year's cohort.
            models.Index(fields=["transfer_year", "phase"], name="transfer_year_phase_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "transfer_year"],
                name="transfer_one_per_child_per_year",
                violation_error_message="This child's transfer is already recorded",
            ),
            models.CheckConstraint(
                condition=Q(phase__in=TransferPhase.values), name="transfer_phase_known"
            ),
            models.CheckConstraint(
                condition=Q(named_on__isnull=True) | Q(next_institution__isnull=False),
                name="transfer_named_has_institution",
            ),
            models.CheckConstraint(
                condition=~Q(phase="post16_move") | Q(moves_on__isnull=False),
                name="transfer_post16_move_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} in {self.transfer_year} for {self.child}"

    @property
    def is_post16(self) -> bool:
        return self.phase == TransferPhase.POST16

    @property
    def deadline_code(self) -> str:
        if self.phase == TransferPhase.POST16_MOVE:
            return "post16_transfer_review"  # Reg 18(2): 5 months before the move
        return "phase_transfer_post16" if self.is_post16 else "phase_transfer_school"

    @property
    def named(self) -> bool:
        return self.named_on is not None
