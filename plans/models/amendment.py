"""One amendment of an issued plan (Regs 20-22, CoP 9.193-9.198).

The plan's own state says where the amendment has got to (amending, amendments
proposed); this row keeps what happened in it: why it was started, the notice of the
proposed amendments and the family's 15 days to comment (Reg 22(2)), their comments and
the school or college they asked for, and how it ended: the amended plan issued within
8 weeks of the notice (Reg 22(3)), or a decision not to amend after all (Reg 22(4)),
both of which the family may appeal (CFA s51(2)(c)(ii) and (e)).

A plan may be amended many times over the years: one row each, at most one open.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from plans.models.window import FamilyWindow
from sen_portal import timescales
from sen_portal.base_models import BaseModel


class AmendmentOutcome(models.TextChoices):
    OPEN = "", "Under way"
    AMENDED = "amended", "Amended plan issued"
    NOT_AMENDED = "not_amended", "Decided not to amend"


class AmendmentOrigin(models.TextChoices):
    """Why the amendment began. After an annual review the proposals go with the Reg
    20(10) notice of the decision to amend, within 4 weeks of the meeting (R (L, M & P)
    v Devon CC [2022] EWHC 493 (Admin)): only a review-origin amendment's proposals meet
    the review's 4-week deadline, and they are sent only by that decision."""

    REVIEW = "review", "An annual review"
    OTHER = "other", "Another reason (a reassessment, a tribunal order, a change of need)"


class PlanAmendment(FamilyWindow, BaseModel):
    Outcome = AmendmentOutcome
    Origin = AmendmentOrigin

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveIntegerField(help_text="1 for the plan's first amendment, and so on")
    # The issued version being amended: what the proposals and the amended plan are
    # compared with, and what the plan goes back to if it is not amended after all.
    amends_version = models.ForeignKey(
        "plans.PlanVersion", on_delete=models.PROTECT, related_name="+"
    )
    origin = models.CharField(
        "Started by", max_length=10, choices=AmendmentOrigin.choices, default=AmendmentOrigin.OTHER
    )
    started_on = models.DateField("Started on")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(
        "Why the plan is being amended",
        help_text="For example, the annual review on 3 March recommended more speech and "
        "language therapy",
    )

    # Reg 22(2): the notice of the proposed amendments, with a copy of the plan.
    proposals_version = models.OneToOneField(
        "plans.PlanVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposed_amendment",
    )
    proposals_issued_on = models.DateField("Proposals sent on", null=True, blank=True)
    proposals_summary = models.TextField(
        "The proposed amendments",
        blank=True,
        help_text="What the council proposes to change and why, as the notice tells the family",
    )
    representations_due_on = models.DateField(
        "Family's comments due",
        null=True,
        blank=True,
        help_text="Reg 22(2)(c): the last of the 15 days beginning with the day served",
    )
    amended_plan_due_on = models.DateField(
        "Amended plan due",
        null=True,
        blank=True,
        help_text="A copy of the deadline: 8 weeks from the notice (Reg 22(3)), or after a "
        "reassessment 14 weeks from its notice (Reg 27(2))",
    )
    representations_received_on = models.DateField(
        "Family's comments received on", null=True, blank=True
    )
    representations = models.TextField("The family's comments", blank=True)
    preferred_institution = models.ForeignKey(
        "plans.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="School or college the family asked for",
    )

    # How it ended.
    outcome = models.CharField(
        max_length=20, choices=AmendmentOutcome.choices, blank=True, default=""
    )
    decided_on = models.DateField("Decided on", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amended_version = models.OneToOneField(
        "plans.PlanVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendment_issued",
    )
    decision_reasons = models.TextField("Reasons for not amending", blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_amendment_number_unique"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(outcome=""),
                name="plan_amendment_one_open",
                violation_error_message="This plan is already being amended",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=AmendmentOutcome.values),
                name="plan_amendment_outcome_known",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="plan_amendment_has_reason"),
            # Proposals are all there or not at all.
            models.CheckConstraint(
                condition=Q(
                    proposals_version__isnull=True,
                    proposals_issued_on__isnull=True,
                    representations_due_on__isnull=True,
                    amended_plan_due_on__isnull=True,
                )
                | Q(
                    proposals_version__isnull=False,
                    proposals_issued_on__gte=models.F("started_on"),
                    representations_due_on__isnull=False,
                    amended_plan_due_on__isnull=False,
                ),
                name="plan_amendment_proposals_complete",
            ),
            models.CheckConstraint(
                condition=Q(representations_received_on__isnull=True)
                | Q(representations_received_on__gte=models.F("proposals_issued_on")),
                name="plan_amendment_comments_after_proposals",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", decided_on__isnull=True, amended_version__isnull=True)
                | Q(
                    outcome="amended",
                    decided_on__isnull=False,
                    amended_version__isnull=False,
                    proposals_version__isnull=False,
                )
                | (
                    Q(outcome="not_amended", decided_on__isnull=False)
                    & ~Q(decision_reasons="")
                    & Q(amended_version__isnull=True)
                ),
                name="plan_amendment_outcome_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"Amendment {self.number} of {self.plan_id}"

    @property
    def child(self):
        return self.plan.child

    @property
    def is_open(self) -> bool:
        return self.outcome == AmendmentOutcome.OPEN

    @property
    def proposals_issued(self) -> bool:
        return self.proposals_issued_on is not None

    @property
    def family_window_over(self) -> bool:
        """Reg 22(2)(c): the amended plan waits for the end of the family's 15 days
        (beginning with the day the proposals were served), or their word that they have
        nothing more to say; a first comment does not end them."""
        return self.window_over

    @property
    def after_reassessment(self) -> bool:
        """The amendment after a reassessment: its plan is due by the 14 weeks of Reg
        27(2), recorded in ``amended_plan_due_on`` when the proposals were sent in place
        of Reg 22(3)'s 8 weeks (plans.services.amendments._reassessment_plan_due)."""
        return self.proposals_issued_on is not None and self.amended_plan_due_on not in (
            None,
            timescales.due_date("amended_plan", self.proposals_issued_on),
        )

    @property
    def amended_plan_due_rule(self) -> str:
        """The rule ``amended_plan_due_on`` follows, in the plan page's words."""
        if self.after_reassessment:
            return "14 weeks from the decision to reassess, Reg 27(2)"
        return "8 weeks from the proposals, Reg 22(3)"

    def set_service(self, *, sent_by: str, sent_on: datetime.date) -> None:
        """How and when the proposals were sent: the 15 days begin with the day served."""
        self.sent_by = sent_by
        self.served_on = timescales.service_date(sent_by, sent_on)
        self.representations_due_on = timescales.due_date(
            "amendment_representations", self.served_on
        )

    @property
    def appeal_due_on(self) -> datetime.date | None:
        """The family may appeal the amended plan or the decision not to amend: 2 months
        from the decision (later if they go to mediation, see disagreements)."""
        if self.outcome == AmendmentOutcome.OPEN or self.decided_on is None:
            return None
        return timescales.appeal_due(self.decided_on)
