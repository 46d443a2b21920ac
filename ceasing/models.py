"""Ceasing an EHC plan (CFA s45; SEND Regs 29-31; CoP 9.199-9.210).

States: proposed (the family is told why) → consulting (the family and the school or
college named in the plan give their views) → decided: continue to maintain (end), or
cease. After a decision to cease the plan is kept until the family's appeal period has
passed with no appeal, or an appeal has concluded (CoP 9.209); then it is ceased with
the day it actually ends (SEN2 CeaseDate). Where no appeal lies (the young person moved
to another authority, or died) the plan may be ceased at once.

Transition bodies only set fields; ceasing/services.py does the rest.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from ceasing.events import CeasingEvent
from plans.models import Plan
from sen_portal.base_models import BaseModel
from sen_portal.casework import steps
from sen_portal.casework.rules import runs_the_case
from sen_portal.casework.steps import Event, condition
from sen_portal.dates import long_date

# Dates of the steps after the proposal: on or after it (and today or earlier).
AFTER_PROPOSAL = steps.DateRule("date of the decision", "proposed_on", "the date of the proposal")
# Reg 31: the notice of the decision follows the proposal and every consultation.
NOTICE_DATE = steps.DateRule(
    "date the decision notice is sent",
    lambda p: max([p.proposed_on, *[c.consulted_on for c in p.consultations.all()]]),
    "the proposal and its consultations",
)
ALREADY_DECIDED = "The decision has already been made."
# An appeal against the decision ends (Reg 44(2)): either way, the same words.
APPEAL_CONCLUDED = steps.declare(
    refused="There is no appeal holding this decision.",
    event=lambda p, outcome, **_: Event(
        CeasingEvent.APPEAL_CONCLUDED,
        f"Appeal against ceasing the plan {AppealOutcome(outcome).label.split(':')[0].lower()}",
        note=AppealOutcome(outcome).label,
        family=True,
    ),
)

CeaseReason = Plan.CeaseReason

# Reasons after which the family has nothing to appeal against in practice: the plan
# passes to the new authority (CFA s47), or the child has died. The plan may end at once.
IMMEDIATE_REASONS = (CeaseReason.TRANSFERRED_LA, CeaseReason.DECEASED)


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONSULTING = "consulting", "Consulting"
    CONTINUED = "continued", "Plan continues"
    DECIDED = "decided", "Decided to cease: appeal period running"
    APPEALED = "appealed", "Held: appeal lodged"
    CEASED = "ceased", "Plan ceased"


class AppealOutcome(models.TextChoices):
    """How an appeal against the decision to cease ended (SENDIST)."""

    ALLOWED = "allowed", "Allowed: the plan continues"
    DISMISSED = "dismissed", "Dismissed: the plan ceases"
    WITHDRAWN = "withdrawn", "Withdrawn: the plan ceases"
    CONCEDED = "conceded", "Conceded by the council: the plan continues"


CEASE_OUTCOMES = (AppealOutcome.DISMISSED, AppealOutcome.WITHDRAWN)


@condition("Record the consultation with the family")
def family_consulted(proposal: CeasingProposal) -> bool:
    """Reg 29(2)/30: the child's parent or the young person must be consulted first."""
    return any(c.party == Consultee.FAMILY for c in proposal.consultations.all())


@condition("Record the consultation with the school or college in the plan")
def institution_consulted(proposal: CeasingProposal) -> bool:
    """Reg 30: and the head or principal of the school or college named in the plan."""
    if proposal.plan.placement_id is None:
        return True
    return any(c.party == Consultee.INSTITUTION for c in proposal.consultations.all())


@condition("Choose a reason that allows ceasing the plan at once")
def reason_allows_immediate_end(proposal: CeasingProposal) -> bool:
    return proposal.immediate_allowed


@condition("Wait for the family's mediation to end")
def not_in_mediation(proposal: CeasingProposal) -> bool:
    return not proposal.mediation_in_progress


class CeasingProposal(ConcurrentTransitionMixin, BaseModel):
    Status = ProposalStatus
    Outcome = AppealOutcome
    noun = "proposal"  # "Nothing was changed: the proposal is ..."
    step_related = ("plan", "child")  # what a step reads from the locked row
    # Proposals still in progress: at most one per plan.
    LIVE = (
        ProposalStatus.PROPOSED,
        ProposalStatus.CONSULTING,
        ProposalStatus.DECIDED,
        ProposalStatus.APPEALED,
    )

    # Not guessable: ids appear in URLs.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="ceasing_proposals")
    # The plan's child, kept here for permissions, the case panel and the caseload stage.
    child = models.ForeignKey(
        "casework.Child", on_delete=models.PROTECT, related_name="ceasing_proposals"
    )
    status = FSMField(
        max_length=20, choices=Status.choices, default=Status.PROPOSED, protected=True
    )
    proposed_on = models.DateField("Proposed on")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Chosen with the proposal, or at the latest with the decision (SEN2 CeaseReason).
    cease_reason = models.CharField(
        "Why the plan would end", max_length=1, choices=CeaseReason.choices, blank=True
    )
    reasons = models.TextField(
        "Reasons", help_text="Why the council thinks the plan is no longer needed"
    )
    from_review = models.BooleanField("Proposed after an annual review", default=False)

    # The decision (Reg 31)
    decided_on = models.DateField("Decision notice sent on", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reasons = models.TextField("Reasons for the decision", blank=True)
    appeal_due_on = models.DateField(
        "Appeal deadline",
        null=True,
        blank=True,
        help_text="timescales.appeal_due: 2 months after the notice, or 1 month after a "
        "mediation certificate if later",
    )
    mediation_in_progress = models.BooleanField(
        default=False,
        help_text="The family are in touch with the mediation adviser: their appeal period "
        "may be extended by a certificate, so the plan is not ceased meanwhile",
    )
    decision_letter = models.ForeignKey(
        "casework.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The appeal (recorded in disagreements) holds the ceasing.
    appeal_lodged_on = models.DateField(null=True, blank=True)
    appeal_outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    appeal_concluded_on = models.DateField(null=True, blank=True)

    continued_on = models.DateField("Decided to continue on", null=True, blank=True)
    continue_reason = models.TextField(blank=True)
    ceased_on = models.DateField("Plan ended on", null=True, blank=True)
    ceased_immediately = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The daily task: decided proposals whose appeal period has passed.
            models.Index(fields=["status", "appeal_due_on"], name="ceasing_due_idx"),
            # The case panel: one child's proposals, newest first.
            models.Index(fields=["child", "-created_at"], name="ceasing_child_created_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=["proposed", "consulting", "decided", "appealed"]),
                name="ceasing_one_live_per_plan",
                violation_error_message="This plan already has a proposal to cease it",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="ceasing_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["decided", "appealed"])
                | Q(decided_on__isnull=False, appeal_due_on__isnull=False),
                name="ceasing_decided_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["decided", "appealed", "ceased"]) | ~Q(cease_reason=""),
                name="ceasing_decided_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("proposed_on")),
                name="ceasing_decided_after_proposed",
            ),
            models.CheckConstraint(
                condition=~Q(status="ceased") | Q(ceased_on__isnull=False),
                name="ceasing_ceased_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="appealed") | Q(appeal_lodged_on__isnull=False),
                name="ceasing_appealed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Proposal to cease the EHC plan for {self.child}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE

    @property
    def immediate_allowed(self) -> bool:
        return self.cease_reason in IMMEDIATE_REASONS

    @property
    def ends_on(self) -> datetime.date | None:
        """The day the plan will end if no appeal arrives: the day after the last day
        for appealing."""
        if self.status == ProposalStatus.CEASED:
            return self.ceased_on
        if self.appeal_due_on is None or self.status != ProposalStatus.DECIDED:
            return None
        return self.appeal_due_on + datetime.timedelta(days=1)

    # --- Transitions ----------------------------------------------------------------

    @transition(
        field=status,
        source=[ProposalStatus.PROPOSED, ProposalStatus.CONSULTING],
        target=ProposalStatus.CONSULTING,
        permission=runs_the_case,
        custom=steps.declare(refused="Consultations are recorded before the decision."),
    )
    def consult(self) -> None:
        """Reg 30: consult the family and the school or college named in the plan."""

    @transition(
        field=status,
        source=ProposalStatus.CONSULTING,
        target=ProposalStatus.DECIDED,
        permission=runs_the_case,
        conditions=[family_consulted, institution_consulted],
        custom=steps.declare(
            when=NOTICE_DATE,
            refused=ALREADY_DECIDED,
            texts={"reasons": "Enter the reasons for the decision"},
            event=lambda p, reasons, **_: Event(
                CeasingEvent.DECIDED,
                f"Decided to cease the EHC plan: it ends on {long_date(p.ends_on)} unless "
                "there is an appeal",
                note=f"{CeaseReason(p.cease_reason).label}.\n{reasons}\nAppeal deadline: "
                f"{long_date(p.appeal_due_on)} (2 months after the notice, HESC Tribunal "
                "Rules r20).",
                family=True,
            ),
        ),
    )
    def decide_cease(self, *, on: datetime.date, by, reasons: str, appeal_due: datetime.date):
        """Reg 31: notify the decision with reasons and rights of appeal and mediation."""
        self.decided_on = on
        self.decided_by = by
        self.decision_reasons = reasons
        self.appeal_due_on = appeal_due

    @transition(
        field=status,
        source=[ProposalStatus.PROPOSED, ProposalStatus.CONSULTING],
        target=ProposalStatus.CONTINUED,
        permission=runs_the_case,
        custom=steps.declare(
            when=AFTER_PROPOSAL,
            refused=ALREADY_DECIDED,
            texts={"reason": "Enter why the plan continues"},
            event=lambda p, reason, **_: Event(
                CeasingEvent.CONTINUED,
                "Decided to continue to maintain the EHC plan",
                note=reason,
                family=True,
            ),
        ),
    )
    def decide_continue(self, *, on: datetime.date, by, reason: str) -> None:
        """Reg 31(2): after consulting, the council may decide to keep the plan."""
        self.continued_on = on
        self.decided_by = by
        self.continue_reason = reason

    @transition(
        field=status,
        source=[ProposalStatus.PROPOSED, ProposalStatus.CONSULTING],
        target=ProposalStatus.CEASED,
        permission=runs_the_case,
        conditions=[reason_allows_immediate_end],
        custom=steps.declare(
            when=AFTER_PROPOSAL.but(what="date the plan ends"),
            refused=ALREADY_DECIDED,
            event=lambda p, **_: Event(
                CeasingEvent.CEASED_NOW,
                "EHC plan ceased at once: no appeal lies",
                note=CeaseReason(p.cease_reason).label,
            ),
        ),
    )
    def cease_now(self, *, on: datetime.date, by) -> None:
        """No appeal lies in practice (moved to another authority, or died)."""
        self.decided_on = on
        self.decided_by = by
        self.ceased_on = on
        self.ceased_immediately = True

    @transition(
        field=status,
        source=ProposalStatus.DECIDED,
        target=ProposalStatus.CEASED,
        conditions=[not_in_mediation],
        custom=steps.declare(
            refused="The plan is not waiting for its appeal period.",
            event=lambda p, **_: Event(
                CeasingEvent.TOOK_EFFECT,
                "No appeal was lodged: the EHC plan ends",
                note=f"Appeal deadline {long_date(p.appeal_due_on)} passed.",
            ),
        ),
    )
    def end_after_appeal_period(self, *, on: datetime.date) -> None:
        """The appeal period passed with no appeal: the plan ends (run by the daily
        task, so no user permission)."""
        self.ceased_on = on

    @transition(
        field=status,
        source=ProposalStatus.DECIDED,
        target=ProposalStatus.APPEALED,
        custom=steps.declare(
            refused="Only a decision to cease that has not taken effect can be held.",
            event=lambda p, on, **_: Event(
                CeasingEvent.HELD,
                "The plan is kept while the appeal against ceasing it is heard",
                note=f"Appeal lodged on {long_date(on)}.",
                family=True,
            ),
        ),
    )
    def hold_for_appeal(self, *, on: datetime.date) -> None:
        """An appeal was lodged: the plan is maintained until it concludes (and the
        mediation that came before it is over)."""
        self.appeal_lodged_on = on
        self.mediation_in_progress = False

    @transition(
        field=status,
        source=ProposalStatus.APPEALED,
        target=ProposalStatus.CEASED,
        custom=APPEAL_CONCLUDED,
    )
    def appeal_ends_plan(self, *, on: datetime.date, outcome: str) -> None:
        self.appeal_outcome = outcome
        self.appeal_concluded_on = on
        self.ceased_on = on

    @transition(
        field=status,
        source=ProposalStatus.APPEALED,
        target=ProposalStatus.CONTINUED,
        custom=APPEAL_CONCLUDED,
    )
    def appeal_keeps_plan(self, *, on: datetime.date, outcome: str) -> None:
        self.appeal_outcome = outcome
        self.appeal_concluded_on = on
        self.continued_on = on


class Consultee(models.TextChoices):
    FAMILY = "family", "The family (parent or young person)"
    INSTITUTION = "institution", "The school or college named in the plan"
    OTHER = "other", "Someone else (health, social care, other setting)"


class CeasingConsultation(BaseModel):
    """One consultation about ceasing, with the views given (Reg 30)."""

    Party = Consultee

    proposal = models.ForeignKey(
        CeasingProposal, on_delete=models.CASCADE, related_name="consultations"
    )
    party = models.CharField("Who was consulted", max_length=12, choices=Party.choices)
    name = models.CharField(
        "Name", max_length=200, help_text="The person or school or college consulted"
    )
    consulted_on = models.DateField("Consulted on")
    responded_on = models.DateField("Views received on", null=True, blank=True)
    views = models.TextField("Their views", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["consulted_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True) | Q(responded_on__gte=F("consulted_on")),
                name="ceasing_consult_response_after",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.name}"
