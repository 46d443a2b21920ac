"""Disagreements with an appealable decision: mediation and appeals to the First-tier
Tribunal (SEND) (CFA ss51-55; SEND Regs 32-45; HESC Tribunal Rules r20).

States: recorded → mediation adviser contacted → (family wants mediation →) mediation
requested → mediation held → certificate issued → appeal lodged → tribunal decided →
closed once every order is complied with. A disagreement may instead be resolved (no
appeal, an agreement at mediation) at any point before the appeal; an appeal about the
school or college named in the plan alone needs no certificate (CFA s55(3)), so it may
be lodged straight from "recorded".

Transition bodies only set fields; disagreements/services.py takes each step on the
transition kernel, with the deadlines and the ceasing it holds as follow-ups.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from sen_portal import timescales
from sen_portal.base_models import BaseModel
from sen_portal.casework.rules import runs_the_case
from sen_portal.casework.steps import condition


class DecisionKind(models.TextChoices):
    """The appealable decisions of CFA s51(2)."""

    NOT_TO_ASSESS = "not_to_assess", "Not to carry out an EHC needs assessment"
    # CFA s51(2)(d): a decision not to secure a reassessment (Regs 24-25).
    NOT_TO_REASSESS = "not_to_reassess", "Not to reassess the EHC plan's needs and provision"
    NOT_TO_ISSUE = "not_to_issue", "Not to issue an EHC plan"
    PLAN_CONTENTS = "plan_contents", "The contents of the EHC plan"
    AMENDMENT = "amendment", "An amendment to the EHC plan"
    NOT_TO_AMEND = "not_to_amend", "Not to amend the EHC plan after a review"
    CEASE = "cease", "To cease to maintain the EHC plan"


class DisagreementStatus(models.TextChoices):
    RECORDED = "recorded", "Recorded"
    ADVISER_CONTACTED = "adviser_contacted", "Mediation adviser contacted"
    MEDIATION_REQUESTED = "mediation_requested", "Mediation requested"
    MEDIATION_HELD = "mediation_held", "Mediation held"
    CERTIFICATE_ISSUED = "certificate_issued", "Certificate issued"
    APPEAL_LODGED = "appeal_lodged", "Appeal lodged"
    DECIDED = "decided", "Tribunal decided"
    RESOLVED = "resolved", "Resolved without an appeal"
    CLOSED = "closed", "Closed"


class MediationOutcome(models.TextChoices):
    AGREED = "agreed", "Agreement reached"
    PARTLY = "partly", "Agreement on some issues"
    NOT_AGREED = "not_agreed", "No agreement"


class AppealOutcome(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    DISMISSED = "dismissed", "Dismissed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CONCEDED = "conceded", "Conceded by the council"


# Outcomes after which the council may have orders to comply with (Regs 44-45).
ORDER_OUTCOMES = (AppealOutcome.ALLOWED, AppealOutcome.CONCEDED)
# The tribunal's orders the law times, from the timescales table (Reg 44(2)).
ORDER_CODES = tuple(code for code in timescales.TIMESCALES if code.startswith("tribunal_"))
ORDER_CHOICES = [(code, timescales.TIMESCALES[code].title) for code in ORDER_CODES]


@condition("Record that every order has been complied with first")
def orders_complied(disagreement: Disagreement) -> bool:
    return all(order.complied_on is not None for order in disagreement.orders.all())


class Disagreement(ConcurrentTransitionMixin, BaseModel):
    Kind = DecisionKind
    Status = DisagreementStatus
    MediationOutcome = MediationOutcome
    Outcome = AppealOutcome
    step_related = ("child", "ceasing")  # what a step reads from the locked row
    OPEN = (
        DisagreementStatus.RECORDED,
        DisagreementStatus.ADVISER_CONTACTED,
        DisagreementStatus.MEDIATION_REQUESTED,
        DisagreementStatus.MEDIATION_HELD,
        DisagreementStatus.CERTIFICATE_ISSUED,
        DisagreementStatus.APPEAL_LODGED,
        DisagreementStatus.DECIDED,
    )
    MEDIATION_STAGES = (
        DisagreementStatus.ADVISER_CONTACTED,
        DisagreementStatus.MEDIATION_REQUESTED,
        DisagreementStatus.MEDIATION_HELD,
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        "casework.Child", on_delete=models.PROTECT, related_name="disagreements"
    )
    kind = models.CharField("Decision disagreed with", max_length=20, choices=Kind.choices)
    decision_on = models.DateField(
        "Decision notice sent on", help_text="The appeal periods run from this date"
    )
    # The decision's object where it exists (an assessment request, an assessment, a
    # plan...), generically; and the proposal to cease, which an appeal holds.
    decision_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_id = models.CharField(max_length=40, blank=True)
    decision = GenericForeignKey("decision_type", "decision_id")
    ceasing = models.ForeignKey(
        "ceasing.CeasingProposal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disagreements",
    )
    summary = models.TextField("What the family disagree with", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = FSMField(
        max_length=20, choices=Status.choices, default=Status.RECORDED, protected=True
    )

    # Mediation (Regs 32-42)
    adviser_contacted_on = models.DateField("Mediation adviser contacted on", null=True, blank=True)
    mediation_requested_on = models.DateField(
        "Council told the family want mediation on", null=True, blank=True
    )
    mediation_held_on = models.DateField("Mediation held on", null=True, blank=True)
    mediation_outcome = models.CharField(
        max_length=12, choices=MediationOutcome.choices, blank=True
    )
    mediation_note = models.TextField("About the mediation", blank=True)
    certificate_issued_on = models.DateField("Certificate issued on", null=True, blank=True)
    # The last day to appeal (timescales.appeal_due): from the decision, or 1 month
    # after the certificate if later. Kept up to date with each step.
    appeal_due_on = models.DateField("Appeal deadline")

    # The appeal (CFA s51; HESC Tribunal Rules)
    appeal_lodged_on = models.DateField("Appeal lodged on", null=True, blank=True)
    tribunal_reference = models.CharField("Tribunal reference", max_length=40, blank=True)
    hearing_on = models.DateField("Hearing date", null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField("Decided on", null=True, blank=True)
    outcome_note = models.TextField("About the decision", blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-decision_on", "-created_at"]
        indexes = [
            # The open disagreements list and the dashboard counts by stage.
            models.Index(fields=["status", "-decision_on"], name="disagreement_status_idx"),
            # The case panel: one child's disagreements.
            models.Index(fields=["child", "-decision_on"], name="disagreement_child_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DisagreementStatus.values), name="disagreement_status_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DecisionKind.values), name="disagreement_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(decision_type__isnull=True, decision_id="")
                | (Q(decision_type__isnull=False) & ~Q(decision_id="")),
                name="disagreement_decision_complete",
            ),
            models.CheckConstraint(
                condition=Q(adviser_contacted_on__isnull=True)
                | Q(adviser_contacted_on__gte=F("decision_on")),
                name="disagreement_contact_after_decision",
            ),
            models.CheckConstraint(
                condition=Q(certificate_issued_on__isnull=True)
                | Q(certificate_issued_on__gte=F("adviser_contacted_on")),
                name="disagreement_certificate_after_contact",
            ),
            models.CheckConstraint(
                condition=Q(hearing_on__isnull=True) | Q(hearing_on__gte=F("appeal_lodged_on")),
                name="disagreement_hearing_after_appeal",
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | (Q(outcome_on__isnull=False) & ~Q(outcome="")),
                name="disagreement_decided_has_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(status="appeal_lodged") | Q(appeal_lodged_on__isnull=False),
                name="disagreement_appeal_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Disagreement with the decision {self.kind_words}"

    @property
    def kind_words(self) -> str:
        """The decision in running text: "not to issue an EHC plan" (EHC kept)."""
        label = self.get_kind_display()
        return label[0].lower() + label[1:]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def in_mediation(self) -> bool:
        return self.status in self.MEDIATION_STAGES

    @property
    def may_have_orders(self) -> bool:
        return self.status == DisagreementStatus.DECIDED and self.outcome in ORDER_OUTCOMES

    # --- Transitions ----------------------------------------------------------------

    @transition(
        field=status,
        source=DisagreementStatus.RECORDED,
        target=DisagreementStatus.ADVISER_CONTACTED,
        permission=runs_the_case,
    )
    def contact_adviser(self, *, on: datetime.date) -> None:
        """Reg 33: the family contacted the mediation adviser (within 2 months)."""
        self.adviser_contacted_on = on

    @transition(
        field=status,
        source=DisagreementStatus.ADVISER_CONTACTED,
        target=DisagreementStatus.MEDIATION_REQUESTED,
        permission=runs_the_case,
    )
    def request_mediation(self, *, on: datetime.date) -> None:
        """Reg 36-37: the family want mediation; it must be held within 30 days."""
        self.mediation_requested_on = on

    @transition(
        field=status,
        source=DisagreementStatus.MEDIATION_REQUESTED,
        target=DisagreementStatus.MEDIATION_HELD,
        permission=runs_the_case,
    )
    def hold_mediation(self, *, on: datetime.date, outcome: str, note: str) -> None:
        self.mediation_held_on = on
        self.mediation_outcome = outcome
        self.mediation_note = note

    @transition(
        field=status,
        source=[
            DisagreementStatus.ADVISER_CONTACTED,
            DisagreementStatus.MEDIATION_REQUESTED,
            DisagreementStatus.MEDIATION_HELD,
        ],
        target=DisagreementStatus.CERTIFICATE_ISSUED,
        permission=runs_the_case,
    )
    def issue_certificate(self, *, on: datetime.date) -> None:
        """Regs 34, 37 and 39: the certificate the family need to appeal."""
        self.certificate_issued_on = on
        self.appeal_due_on = timescales.appeal_due(self.decision_on, on)

    @transition(
        field=status,
        source=[DisagreementStatus.RECORDED, DisagreementStatus.CERTIFICATE_ISSUED],
        target=DisagreementStatus.APPEAL_LODGED,
        permission=runs_the_case,
    )
    def lodge_appeal(self, *, on: datetime.date, reference: str) -> None:
        self.appeal_lodged_on = on
        self.tribunal_reference = reference

    @transition(
        field=status,
        source=DisagreementStatus.APPEAL_LODGED,
        target=DisagreementStatus.DECIDED,
        permission=runs_the_case,
    )
    def record_outcome(self, *, on: datetime.date, outcome: str, note: str) -> None:
        self.outcome = outcome
        self.outcome_on = on
        self.outcome_note = note

    @transition(
        field=status,
        source=[
            DisagreementStatus.RECORDED,
            DisagreementStatus.ADVISER_CONTACTED,
            DisagreementStatus.MEDIATION_REQUESTED,
            DisagreementStatus.MEDIATION_HELD,
            DisagreementStatus.CERTIFICATE_ISSUED,
        ],
        target=DisagreementStatus.RESOLVED,
        permission=runs_the_case,
    )
    def resolve(self, *, on: datetime.date, note: str) -> None:
        """No appeal: the family accepted the decision, or mediation settled it."""
        self.resolved_on = on
        self.resolution_note = note

    @transition(
        field=status,
        source=DisagreementStatus.DECIDED,
        target=DisagreementStatus.CLOSED,
        permission=runs_the_case,
        conditions=[orders_complied],
    )
    def close(self, *, on: datetime.date) -> None:
        self.closed_on = on


class TribunalOrder(BaseModel):
    """One order of the tribunal (or step the council conceded), with the deadline the
    law gives for complying (Reg 44(2), Reg 45)."""

    disagreement = models.ForeignKey(Disagreement, on_delete=models.CASCADE, related_name="orders")
    code = models.CharField("Order", max_length=40, choices=ORDER_CHOICES)
    made_on = models.DateField("Order made on")
    due_on = models.DateField("Comply by")
    detail = models.TextField("What the order says", blank=True)
    deadline = models.OneToOneField(
        "casework.Deadline", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    complied_on = models.DateField("Complied with on", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__in=list(ORDER_CODES)), name="tribunal_order_code_known"
            ),
            models.CheckConstraint(
                condition=Q(complied_on__isnull=True) | Q(complied_on__gte=F("made_on")),
                name="tribunal_order_complied_after_made",
            ),
        ]

    def __str__(self) -> str:
        return self.get_code_display()

    @property
    def timescale(self) -> timescales.Timescale:
        return timescales.TIMESCALES[self.code]
