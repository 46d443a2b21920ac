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

from disagreements.events import DisagreementEvent
from sen_portal import timescales
from sen_portal.base_models import BaseModel
from sen_portal.casework import steps
from sen_portal.casework.rules import runs_the_case
from sen_portal.casework.steps import Event, condition
from sen_portal.dates import long_date


def family_event(kind: DisagreementEvent, summary: str, note: str = "") -> Event:
    # Families see every step of their own disagreement.
    return Event(kind, summary, note=note, family=True)


# The date of each step: today or earlier, and not before the step it follows.
AFTER_DECISION = steps.DateRule("date", "decision_on", "the date of the decision")


def _lodged_note(d: Disagreement, on: datetime.date) -> str:
    note = f"Lodged on {long_date(on)}"
    if on > d.appeal_due_on:
        note += f", after the deadline of {long_date(d.appeal_due_on)} (the tribunal decides "
        note += "whether to accept it)"
    return note + "."


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


class ContactBy(models.TextChoices):
    """Who contacted the mediation adviser (Reg 33: the parent or the young person)."""

    PARENT = "parent", "The parent"
    YOUNG_PERSON = "young_person", "The young person"
    REPRESENTATIVE = "representative", "Someone acting for them (an adviser or solicitor)"


class CertificateKind(models.TextChoices):
    """Why the mediation adviser issued the certificate."""

    DECLINED = "declined", "The family did not want mediation (Reg 34)"
    NOT_HELD = "not_held", "Mediation was asked for but did not take place"
    HELD = "held", "Mediation took place (Reg 39)"


class OrderSource(models.TextChoices):
    """Where something the council must do after a disagreement comes from."""

    TRIBUNAL = "tribunal", "Order of the First-tier Tribunal (Reg 44)"
    CONCEDED = "conceded", "Appeal the council did not oppose (Reg 45)"
    MEDIATION = "mediation", "Mediation agreement (Reg 42)"
    RECOMMENDATION = "recommendation", "Tribunal's health or social care recommendation"


# What each period asks of the council, in the words of a letter to the family (the
# Reg 44(2) / Reg 45 code without its prefix, or the whole code).
FAMILY_WHAT = {
    "assess_notify": "tell you that we will carry out the EHC needs assessment",
    "assess_no_plan": "tell you, with our reasons, if after the assessment we decide not to "
    "issue an EHC plan",
    "assess_final_plan": "send you the final EHC plan, if after the assessment we decide to "
    "issue one",
    "make_plan_draft": "send you a draft EHC plan",
    "make_plan_final": "send you the final EHC plan",
    "amend_plan": "send you the amended EHC plan",
    "amend_section_i": "name the school or college in section I of the EHC plan",
    "cease_immediately": "cease to maintain the EHC plan",
    "reconsider": "reconsider our decision and tell you what we decided",
    "continue": "continue to maintain the EHC plan",
    "continue_and_amend": "keep the EHC plan and send it to you amended",
    "mediation_agreement_other": "do what was agreed",
    "mediation_agreement_health": "tell us about the agreement",
    "mediation_agreement_health_act": "do what was agreed",
    "recommendation_response": "answer the recommendation in writing",
}


class Compliance(models.TextChoices):
    """How an order was complied with."""

    STEP = "step", "By the step it required (a plan issued, an assessment decided)"
    RECORDED = "recorded", "Recorded by a caseworker"
    NOT_NEEDED = "not_needed", "Not needed: the other branch of the order was taken"


# Outcomes after which the council may have orders to comply with (Regs 44-45): an
# allowed appeal, one the council conceded, and a dismissed appeal against ceasing (the
# plan ceases at once, Reg 44(2)(a)) or with health or care recommendations.
ORDER_OUTCOMES = (AppealOutcome.ALLOWED, AppealOutcome.CONCEDED, AppealOutcome.DISMISSED)
# What the law times after a disagreement, from the timescales table: the Tribunal's
# orders (Reg 44(2)), conceded appeals (Reg 45 as substituted by SI 2015/359 reg 8),
# mediation agreements (Reg 42) and recommendations (SI 2017/1306).
ORDER_CODES = tuple(
    code
    for code in timescales.TIMESCALES
    if code.startswith(("tribunal_", "unopposed_", "mediation_agreement_", "recommendation_"))
)
ORDER_CHOICES = [(code, timescales.TIMESCALES[code].title) for code in ORDER_CODES]

# What was ordered, in the words of the forms, with the timescales each opens
# (timescales.ORDER_KINDS). Reg 44(2) orders follow an allowed appeal, and a mediation
# agreement on appealable matters runs on the same periods (Reg 42(2)); Reg 45's follow
# an appeal the council conceded.
ORDER_KIND_LABELS: dict[str, str] = {
    "assess": "Carry out the EHC needs assessment or reassessment (Reg 44(2)(b))",
    "make_plan": "Make and maintain an EHC plan (Reg 44(2)(c))",
    "reconsider": "Reconsider the decision (remitted, Reg 44(2)(d))",
    "amend": "Amend the plan: needs or provision (Reg 44(2)(e))",
    "amend_section_i": "Amend the school or college named in section I (Reg 44(2)(f))",
    "continue": "Continue to maintain the plan (Reg 44(2)(g))",
    "continue_and_amend": "Continue to maintain and amend the plan (Reg 44(2)(h))",
    "cease": "Cease to maintain the plan: the appeal against ceasing was dismissed (Reg 44(2)(a))",
    "unopposed_assess": "Carry out the assessment or reassessment (Reg 45(3), (3A))",
    "unopposed_make_plan": "Make and maintain an EHC plan (Reg 45(6))",
    "unopposed_amend": "Issue the amended plan: contents of the plan (Reg 45(4))",
    "unopposed_amend_section_i": "Amend the school or college named in section I (Reg 45(5))",
    "unopposed_continue_and_amend": "Continue to maintain and amend the plan (Reg 45(7))",
}
TRIBUNAL_KINDS = (
    "assess",
    "make_plan",
    "reconsider",
    "amend",
    "amend_section_i",
    "continue",
    "continue_and_amend",
)
CONCEDED_KINDS = tuple(kind for kind in ORDER_KIND_LABELS if kind.startswith("unopposed_"))
# Reg 42(2): a mediation agreement on appealable matters, as if it were the order;
# "health": health care provision agreed at a mediation the council was not a party to,
# so the responsible commissioning body tells the council within 1 week (Reg 42(4):
# "Where the local authority was not a party to the mediation, the responsible
# commissioning body must notify the local authority of the mediation agreement within 1
# week of the date of that agreement") and does what was agreed within 2 weeks (Reg
# 42(3)), a date that is the body's, not the council's (timescales.whose_date); "other":
# anything else, the council's or a commissioning body's, "within two weeks of the date
# of the mediation agreement" (Reg 42(3)). Reg 42(5): "The timescales referred to in
# paragraphs (2) and (3) do not apply where the parties to the mediation agree in writing
# to a different timescale": a date agreed in writing replaces the period for doing what
# was agreed, never the week of Reg 42(4).
AGREEMENT_KINDS = (*TRIBUNAL_KINDS, "health", "other")
AGREEMENT_CODES: dict[str, tuple[str, ...]] = {
    "health": ("mediation_agreement_health", "mediation_agreement_health_act"),
    "other": ("mediation_agreement_other",),
}
# The notice term of Reg 42(4) keeps its week whatever date was agreed for the rest.
AGREEMENT_NOTICE_CODES = ("mediation_agreement_health",)


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
    adviser_contacted_by = models.CharField(
        "Who contacted the adviser", max_length=20, choices=ContactBy.choices, blank=True
    )
    mediation_requested_on = models.DateField(
        "Council told the family want mediation on", null=True, blank=True
    )
    mediation_held_on = models.DateField("Mediation held on", null=True, blank=True)
    mediation_outcome = models.CharField(
        max_length=12, choices=MediationOutcome.choices, blank=True
    )
    mediation_note = models.TextField("About the mediation", blank=True)
    certificate_issued_on = models.DateField("Certificate issued on", null=True, blank=True)
    certificate_kind = models.CharField(
        "Certificate issued because", max_length=12, choices=CertificateKind.choices, blank=True
    )
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

    @property
    def may_have_agreement(self) -> bool:
        """Reg 42: mediation took place and the parties reached an agreement."""
        return bool(self.mediation_held_on) and self.mediation_outcome in (
            MediationOutcome.AGREED,
            MediationOutcome.PARTLY,
        )

    @property
    def may_have_recommendations(self) -> bool:
        """The Tribunal decided an appeal (SI 2017/1306: with its decision)."""
        return self.status in (
            DisagreementStatus.DECIDED,
            DisagreementStatus.CLOSED,
        ) and self.outcome in (AppealOutcome.ALLOWED, AppealOutcome.DISMISSED)

    # Reg 33: "must contact the mediation adviser within 2 months after written notice
    # of the local authority's decision was sent" (SEND Regulations 2014, reg 33).
    @property
    def contact_due_on(self) -> datetime.date:
        return timescales.due_date("mediation_adviser_contact", self.decision_on)

    @property
    def contact_late(self) -> bool:
        """The adviser was contacted after Reg 33's 2 months: the family's appeal will
        be out of time unless the Tribunal extends it (HESC Rules r5(3)(a))."""
        return self.adviser_contacted_on is not None and (
            self.adviser_contacted_on > self.contact_due_on
        )

    # --- Transitions ----------------------------------------------------------------

    @transition(
        field=status,
        source=DisagreementStatus.RECORDED,
        target=DisagreementStatus.ADVISER_CONTACTED,
        permission=runs_the_case,
        custom=steps.declare(
            when=AFTER_DECISION.but(what="date the adviser was contacted"),
            refused="The adviser contact is recorded once, first.",
        ),
    )
    def contact_adviser(self, *, on: datetime.date, by: str = "") -> None:
        """Reg 33: the family contacted the mediation adviser (within 2 months)."""
        self.adviser_contacted_on = on
        self.adviser_contacted_by = by

    @transition(
        field=status,
        source=DisagreementStatus.ADVISER_CONTACTED,
        target=DisagreementStatus.MEDIATION_REQUESTED,
        permission=runs_the_case,
        custom=steps.declare(
            when=steps.DateRule(
                "date the council was told",
                ("adviser_contacted_on", "decision_on"),
                "the date the adviser was contacted",
            ),
            refused="Mediation is requested after contacting the adviser.",
            event=lambda d, on, **_: family_event(
                DisagreementEvent.MEDIATION_REQUESTED,
                "Mediation requested",
                f"The council was told on {long_date(on)}; mediation must be held by "
                f"{long_date(timescales.due_date('mediation_held', on))}.",
            ),
        ),
    )
    def request_mediation(self, *, on: datetime.date) -> None:
        """Reg 36-37: the family want mediation; it must be held within 30 days."""
        self.mediation_requested_on = on

    @transition(
        field=status,
        source=DisagreementStatus.MEDIATION_REQUESTED,
        target=DisagreementStatus.MEDIATION_HELD,
        permission=runs_the_case,
        custom=steps.declare(
            when=steps.DateRule(
                "date of the mediation",
                ("mediation_requested_on", "decision_on"),
                "the date mediation was requested",
            ),
            refused="Mediation must be requested first.",
            event=lambda d, outcome, note, **_: family_event(
                DisagreementEvent.MEDIATION_HELD,
                f"Mediation held: {MediationOutcome(outcome).label.lower()}",
                note,
            ),
        ),
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
        custom=steps.declare(
            when=steps.DateRule(
                "date of the certificate",
                ("mediation_held_on", "adviser_contacted_on", "decision_on"),
                ("the mediation", "the adviser was contacted", "the adviser was contacted"),
            ),
            refused="A certificate follows contact with the adviser.",
            event=lambda d, on, **_: family_event(
                DisagreementEvent.CERTIFICATE_ISSUED,
                "Mediation certificate issued",
                f"On {long_date(on)}. The family may appeal until {long_date(d.appeal_due_on)}.",
            ),
        ),
    )
    def issue_certificate(self, *, on: datetime.date) -> None:
        """Regs 34, 37 and 39: the certificate the family need to appeal."""
        self.certificate_issued_on = on
        self.certificate_kind = {
            DisagreementStatus.ADVISER_CONTACTED: CertificateKind.DECLINED,
            DisagreementStatus.MEDIATION_REQUESTED: CertificateKind.NOT_HELD,
        }.get(self.status, CertificateKind.HELD)
        self.appeal_due_on = timescales.appeal_due(self.decision_on, on)

    @transition(
        field=status,
        source=[DisagreementStatus.RECORDED, DisagreementStatus.CERTIFICATE_ISSUED],
        target=DisagreementStatus.APPEAL_LODGED,
        permission=runs_the_case,
        custom=steps.declare(
            when=steps.DateRule(
                "date the appeal was lodged",
                ("certificate_issued_on", "decision_on"),
                ("the certificate", "the decision"),
            ),
            refused="An appeal follows the certificate.",
            event=lambda d, on, **_: family_event(
                DisagreementEvent.APPEAL_LODGED,
                "Appeal lodged with the First-tier Tribunal (SEND)",
                _lodged_note(d, on),
            ),
        ),
    )
    def lodge_appeal(self, *, on: datetime.date, reference: str) -> None:
        self.appeal_lodged_on = on
        self.tribunal_reference = reference

    @transition(
        field=status,
        source=DisagreementStatus.APPEAL_LODGED,
        target=DisagreementStatus.DECIDED,
        permission=runs_the_case,
        custom=steps.declare(
            when=steps.DateRule(
                "date of the outcome",
                ("appeal_lodged_on", "decision_on"),
                "the day the appeal was lodged",
            ),
            refused="The outcome follows an appeal.",
            event=lambda d, outcome, note, **_: family_event(
                DisagreementEvent.DECIDED, f"Appeal {AppealOutcome(outcome).label.lower()}", note
            ),
        ),
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
        custom=steps.declare(
            when=AFTER_DECISION.but(what="date it was resolved"),
            refused="An appeal has been lodged: record its outcome instead.",
            texts={"note": "Enter how the disagreement was resolved"},
            event=lambda d, note, **_: family_event(
                DisagreementEvent.RESOLVED, "Disagreement resolved without an appeal", note
            ),
        ),
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
        custom=steps.declare(
            when=steps.DateRule("date", ("outcome_on", "decision_on"), "the tribunal's decision"),
            refused="Only a decided appeal can be closed.",
            event=family_event(
                DisagreementEvent.CLOSED, "Disagreement closed: every order complied with"
            ),
        ),
    )
    def close(self, *, on: datetime.date) -> None:
        self.closed_on = on


class TribunalOrder(BaseModel):
    """One thing the council must do after a disagreement, with the deadline the law
    gives for doing it: an order of the tribunal (Reg 44(2)), a step of an appeal it
    conceded (Reg 45), a term of a mediation agreement (Reg 42) or the answer to a
    health or social care recommendation (SI 2017/1306). Several rows for one order
    where the law times several steps (assess: notify, then a plan or not)."""

    Source = OrderSource
    Compliance = Compliance

    disagreement = models.ForeignKey(Disagreement, on_delete=models.CASCADE, related_name="orders")
    source = models.CharField(
        "Comes from", max_length=16, choices=OrderSource.choices, default=OrderSource.TRIBUNAL
    )
    # ORDER_KIND_LABELS (or "other", "recommendation"): what was ordered, which may open
    # several rows.
    kind = models.CharField("What was ordered", max_length=40, blank=True)
    code = models.CharField("Order", max_length=40, choices=ORDER_CHOICES)
    # Who must act, for a recommendation or an agreement term (a health body, social care).
    body = models.CharField("Who must act", max_length=200, blank=True)
    made_on = models.DateField("Order made on")
    due_on = models.DateField("Comply by")
    detail = models.TextField("What the order says", blank=True)
    deadline = models.OneToOneField(
        "casework.Deadline", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    complied_on = models.DateField("Complied with on", null=True, blank=True)
    compliance = models.CharField(max_length=12, choices=Compliance.choices, blank=True)
    action = models.TextField("What was done", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [
            # A plan issued or an assessment decided finds the child's orders it meets.
            models.Index(fields=["code", "complied_on"], name="order_code_open_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__in=list(ORDER_CODES)), name="tribunal_order_code_known"
            ),
            models.CheckConstraint(
                condition=Q(complied_on__isnull=True) | Q(complied_on__gte=F("made_on")),
                name="tribunal_order_complied_after_made",
            ),
            models.CheckConstraint(
                condition=Q(source__in=OrderSource.values), name="tribunal_order_source_known"
            ),
            models.CheckConstraint(
                condition=Q(complied_on__isnull=True, compliance="")
                | (Q(complied_on__isnull=False) & Q(compliance__in=Compliance.values)),
                name="tribunal_order_compliance_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.get_code_display()

    @property
    def timescale(self) -> timescales.Timescale:
        return timescales.TIMESCALES[self.code]

    @property
    def late(self) -> bool:
        return self.complied_on is not None and self.complied_on > self.due_on

    @property
    def by_other_body(self) -> bool:
        """Whether another body must act by the date, so letters name it, not "us": a
        commissioning body under Reg 42(3)-(4), or the responsible body a recommendation
        names (SI 2017/1306 reg 6; the council when it is about social care)."""
        return (
            self.source == OrderSource.RECOMMENDATION
            or timescales.whose_date(self.code) is timescales.Party.OTHER_BODY
        )

    @property
    def date_agreed(self) -> bool:
        """Whether the date to act by is one the parties agreed in writing at the mediation
        (Reg 42(5)), not the period the law gives, so letters do not call it the law's."""
        return (
            self.source == OrderSource.MEDIATION
            and bool(self.timescale.amount)
            and self.due_on != self.timescale.due(self.made_on)
        )

    @property
    def family_what(self) -> str:
        """What the council had to do, as the family's letter says it ("we had to ...")."""
        for prefix in ("tribunal_", "unopposed_"):
            if self.code.startswith(prefix):
                return FAMILY_WHAT.get(self.code.removeprefix(prefix), self.what)
        return FAMILY_WHAT.get(self.code, self.what)

    @property
    def what(self) -> str:
        """What the council had to do, in running text without the "Tribunal order:"."""
        title = self.timescale.title.split(": ", 1)[-1]
        return title[0].lower() + title[1:]
