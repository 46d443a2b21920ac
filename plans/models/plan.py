"""The EHC plan and its workflow.

States: drafting → draft issued → consulting institutions → final issued → in force, or
withdrawn before the final plan; an issued plan is ceased when it ends (Regs 29-31,
after any appeal against the decision to cease). Transition bodies only set fields;
plans/services/ does the rest (chronology, deadlines, versions, the PDF).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from plans.constants import DRAFT_SECTION_CODES, SECTION_CODES
from plans.events import PlanEvent
from plans.models.window import FamilyWindow
from sen_portal import timescales
from sen_portal.base_models import BaseModel
from sen_portal.casework import steps
from sen_portal.casework.rules import runs_the_case
from sen_portal.casework.steps import Event, condition
from sen_portal.dates import long_date
from sen_portal.sen2_codes import CeaseReason, ResidentialWeeks, WorkBasedLearning


class PlanStatus(models.TextChoices):
    DRAFTING = "drafting", "Drafting"
    DRAFT_ISSUED = "draft_issued", "Draft issued"
    CONSULTING = "consulting", "Consulting"
    FINAL_ISSUED = "final_issued", "Final plan issued"
    IN_FORCE = "in_force", "In force"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CEASED = "ceased", "Ceased"
    # Amending an issued plan (Regs 20-22): the plan stays in force meanwhile.
    AMENDING = "amending", "Amendments being prepared"
    AMENDMENT_PROPOSED = "amendment_proposed", "Amendments proposed"
    # Reg 27(1): after a reassessment the council may replace the plan; the old one ends
    # when the replacement's final plan is issued.
    REPLACED = "replaced", "Replaced by a new plan"


# --- Conditions: side-effect-free predicates on the plan, each with what a caseworker is
# told while it is not met (sen_portal.casework.steps.condition) ------------------------


@condition("Mark every section except I as completed")
def draft_sections_complete(plan: Plan) -> bool:
    """Every section but I is marked completed (the draft names no school, CoP 9.77)."""
    return set(DRAFT_SECTION_CODES) <= set(plan.completed_sections)


@condition("Mark every section as completed, section I included")
def all_sections_complete(plan: Plan) -> bool:
    return set(SECTION_CODES) <= set(plan.completed_sections)


@condition("Name the school or college in section I")
def placement_named(plan: Plan) -> bool:
    return plan.placement_id is not None


@condition("Consult the school or college named in section I")
def placement_consulted(plan: Plan) -> bool:
    """CFA s39(3)-(4): the school or college named must have been consulted first."""
    # Reads the prefetched consultations on pages (selectors.plan_with_content).
    return plan.placement_id is not None and any(
        c.institution_id == plan.placement_id for c in plan.consultations.all()
    )


@condition(
    "Wait for the end of the family's 15 days on the draft, or record that they have "
    "nothing more to say"
)
def family_window_over(plan: Plan) -> bool:
    """Reg 13(1)(a): the family have at least 15 days, beginning with the day the draft
    was served, to comment and to ask for a meeting. A first comment does not end them;
    the rights-holder's recorded confirmation that they have nothing more to say does
    (plans/models/window.py)."""
    return plan.window_over


@condition("Hold the meeting the family asked for about the draft, and record it")
def draft_meeting_held(plan: Plan) -> bool:
    """Reg 13(1)(a)(ii): a meeting the family required is held before the final plan."""
    return not plan.meeting_outstanding


def _next_version(plan: Plan) -> int:
    from plans.services.versions import next_version_number  # the services import models

    return next_version_number(plan)


def _may_appeal(what: str, on: datetime.date) -> str:
    # CFA s51(2)(e): an amended plan, or a decision not to amend, may be appealed.
    return (
        f"The family may appeal to the tribunal about {what} by "
        f"{long_date(timescales.appeal_due(on))} (or within a month of a mediation "
        "certificate, if later)."
    )


def _started_on(plan: Plan) -> datetime.date:
    return timezone.localdate(plan.created_at)


# The dates of the steps after the draft, and after the final plan: on or after it.
DRAFT_OUT = steps.DateRule("date", "draft_issued_on", "the day the draft was issued")
FINAL_OUT = steps.DateRule("date", "final_issued_on", "the day the final plan was issued")
STARTED = steps.DateRule("date", _started_on, "the day the plan was started")


class Plan(ConcurrentTransitionMixin, FamilyWindow, BaseModel):
    Status = PlanStatus
    # What a step reads from the locked row (sen_portal.casework.steps.lock).
    step_related = ("child", "assessment__request", "placement")
    CeaseReason = CeaseReason
    # Sections may be changed until the final plan is issued, and again while the issued
    # plan is being amended (Regs 20-22).
    AMENDMENT = (PlanStatus.AMENDING, PlanStatus.AMENDMENT_PROPOSED)
    EDITABLE = (
        PlanStatus.DRAFTING,
        PlanStatus.DRAFT_ISSUED,
        PlanStatus.CONSULTING,
        *AMENDMENT,
    )
    # The plan a child has: at most one at a time.
    CURRENT = (
        PlanStatus.DRAFTING,
        PlanStatus.DRAFT_ISSUED,
        PlanStatus.CONSULTING,
        PlanStatus.FINAL_ISSUED,
        PlanStatus.IN_FORCE,
        *AMENDMENT,
    )
    # A final plan has been issued and is maintained: while it is being amended the
    # issued version stays the plan in force until the amended one replaces it.
    ISSUED = (PlanStatus.FINAL_ISSUED, PlanStatus.IN_FORCE, *AMENDMENT)

    # Not guessable: plan ids appear in URLs that families use too.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("casework.Child", on_delete=models.PROTECT, related_name="ehc_plans")
    assessment = models.OneToOneField(
        "assessments.NeedsAssessment",
        on_delete=models.PROTECT,
        related_name="plan",
        help_text="The EHC needs assessment that decided to issue this plan",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Reg 27(1): a replacement plan after a reassessment names the plan it replaces; that
    # plan stays in force until this one's final plan is issued (plans/services/replacement.py).
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The plan this one replaces after a reassessment (Reg 27(1))",
    )
    replaced_on = models.DateField("Replaced on", null=True, blank=True)
    status = FSMField(
        max_length=20, choices=Status.choices, default=Status.DRAFTING, protected=True
    )

    # Section A
    a_views = models.TextField(
        "Their views",
        blank=True,
        help_text="In their own words where possible: what matters to them, what helps and "
        "what does not",
    )
    a_interests = models.TextField(
        "Their interests", blank=True, help_text="What they enjoy and are good at"
    )
    a_aspirations = models.TextField(
        "Their aspirations",
        blank=True,
        help_text="Their hopes for the future, and their family's",
    )
    # Sections C and D
    c_health_needs = models.TextField(
        "Health needs",
        blank=True,
        help_text="Health needs related to their special educational needs, or say that "
        "none were identified",
    )
    d_social_care_needs = models.TextField(
        "Social care needs",
        blank=True,
        help_text="Social care needs related to their special educational needs or "
        "disability, or say that none were identified",
    )
    # Section I: the final plan only.
    placement = models.ForeignKey(
        "plans.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="School or college",
    )
    placement_note = models.CharField(
        "Details of the placement",
        max_length=300,
        blank=True,
        help_text="For example, the year group, a resourced provision or a start date",
    )
    # SEN2 named plan and plan detail items (DfE 2025 guide items 4.2-4.7): where the
    # plan names a residential setting (PlanRes: A 38-51 weeks, B 52 weeks) or
    # work-based learning (PlanWBP: A apprenticeship, T traineeship, S supported
    # internship), codes of SEN2_schema_2024.xsd (sen2_codes); blank for neither. And
    # whether the place named is in an SEN unit or a resourced provision.
    residential = models.CharField(
        "Residential setting named in the plan",
        max_length=1,
        choices=ResidentialWeeks.choices,
        blank=True,
        default="",
    )
    work_based_learning = models.CharField(
        "Work-based learning named in the plan",
        max_length=1,
        choices=WorkBasedLearning.choices,
        blank=True,
        default="",
    )
    placement_sen_unit = models.BooleanField("In an SEN unit", default=False)
    placement_resourced_provision = models.BooleanField("In a resourced provision", default=False)
    # SEN2 active plans item TransferLA: the 3-digit code of the council the plan was
    # transferred in from (Reg 15), empty when it was made here.
    transferred_from_la = models.CharField(
        "Transferred in from (LA code)",
        max_length=3,
        blank=True,
        default="",
        validators=[RegexValidator(r"^\d{3}$", "Enter the council's 3-digit LA code, like 873")],
        help_text="The 3-digit DfE code of the council that made the plan, if it moved here",
    )
    # Section J
    j_requested = models.BooleanField("A personal budget was asked for", null=True, blank=True)
    j_arrangements = models.TextField(
        "Direct payment and other arrangements",
        blank=True,
        help_text="How the budget is held and used, and who manages any direct payment",
    )
    # A child taught out of their chronological year group (for example a year below,
    # after a delayed start): the year group they are taught in decides when they move
    # between phases (Reg 18; reviews/phases.py). 0: their own year group.
    year_group_offset = models.SmallIntegerField(
        "Taught in",
        default=0,
        choices=[
            (-2, "Two years below their age group"),
            (-1, "One year below their age group"),
            (0, "Their own year group"),
            (1, "One year above their age group"),
        ],
    )
    # Sections the caseworker has marked completed (GOV.UK task list).
    completed_sections = models.JSONField(default=list, blank=True)

    # The draft (Regs 12-13)
    draft_issued_on = models.DateField("Draft issued on", null=True, blank=True)
    draft_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    representations_due_on = models.DateField(
        "Family's comments due",
        null=True,
        blank=True,
        help_text="Reg 13(1): the last of the 15 days beginning with the day the draft was served",
    )
    preferred_institution = models.ForeignKey(
        "plans.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Family's preferred school or college",
    )
    preference_note = models.TextField("About the family's preference", blank=True)
    representations_received_on = models.DateField(
        "Family's comments received on", null=True, blank=True
    )
    representations = models.TextField("The family's comments", blank=True)
    # The final plan (Reg 13(2))
    final_issued_on = models.DateField("Final plan issued on", null=True, blank=True)
    final_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    in_force_from = models.DateField("In force from", null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    # The day the plan actually ended (SEN2 CeaseDate), not the day it was decided: the
    # plan is maintained until the appeal period ends or an appeal concludes (CFA s45).
    ceased_on = models.DateField("Ceased on", null=True, blank=True)
    cease_reason = models.CharField(
        "Why the plan ended", max_length=1, choices=CeaseReason.choices, blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The plans list: a team's plans by state (joined through the child).
            models.Index(fields=["status", "-created_at"], name="plan_status_created_idx"),
            # The case page panel: one child's plans.
            models.Index(fields=["child", "-created_at"], name="plan_child_created_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(
                    status__in=[
                        "drafting",
                        "draft_issued",
                        "consulting",
                        "final_issued",
                        "in_force",
                        "amending",
                        "amendment_proposed",
                    ],
                    # A replacement (Reg 27(1)) is made while the plan it replaces is in
                    # force: the next constraint counts it instead, and the services
                    # (plans/services/replacement.py) keep one plan maintained.
                    replaces__isnull=True,
                ),
                name="plan_one_current_per_child",
                violation_error_message="This child already has an EHC plan",
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(
                    replaces__isnull=False, status__in=["drafting", "draft_issued", "consulting"]
                ),
                name="plan_one_replacement_per_child",
                violation_error_message="A replacement plan is already being made for this child",
            ),
            models.CheckConstraint(
                condition=~Q(status="replaced") | Q(replaced_on__isnull=False),
                name="plan_replaced_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="plan_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["drafting", "withdrawn"])
                | Q(draft_issued_on__isnull=False, representations_due_on__isnull=False),
                name="plan_draft_issued_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=["final_issued", "in_force", "amending", "amendment_proposed"]
                )
                | Q(final_issued_on__isnull=False, placement__isnull=False),
                name="plan_final_has_date_and_placement",
            ),
            models.CheckConstraint(
                condition=Q(final_issued_on__isnull=True)
                | Q(final_issued_on__gte=models.F("draft_issued_on")),
                name="plan_final_after_draft",
            ),
            models.CheckConstraint(
                condition=~Q(status="in_force") | Q(in_force_from__isnull=False),
                name="plan_in_force_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn")
                | (Q(withdrawn_on__isnull=False) & ~Q(withdrawal_reason="")),
                name="plan_withdrawn_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="ceased") | (Q(ceased_on__isnull=False) & ~Q(cease_reason="")),
                name="plan_ceased_has_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"EHC plan for {self.child}"

    @property
    def deadline_url(self) -> str:
        """Where the next action on this step's deadline is taken (the case page)."""
        from django.urls import reverse

        return reverse("plans:plan_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_issued(self) -> bool:
        return self.status in self.ISSUED

    @property
    def is_amending(self) -> bool:
        return self.status in self.AMENDMENT

    def _state_after_amendment(self) -> str:
        return PlanStatus.IN_FORCE if self.in_force_from is not None else PlanStatus.FINAL_ISSUED

    def set_service(self, *, sent_by: str, sent_on: datetime.date) -> None:
        """How and when the draft was sent: the day it is served follows (post: the
        second working day after posting), and the family's 15 days begin with it."""
        self.sent_by = sent_by
        self.served_on = timescales.service_date(sent_by, sent_on)
        self.representations_due_on = timescales.due_date("draft_representations", self.served_on)

    @property
    def preference_words(self) -> str:
        """The school or college the family would like, as the draft's event says it."""
        if self.preferred_institution is None:
            return "The family have not named a school or college yet."
        place = self.preferred_institution
        return f"The family would like {place.name} (URN {place.urn})."

    def section_completed(self, code: str) -> bool:
        return code in self.completed_sections

    # --- Transitions: bodies set fields only; services do the rest. -------------------

    @transition(
        field=status,
        source=PlanStatus.DRAFTING,
        target=PlanStatus.DRAFT_ISSUED,
        permission=runs_the_case,
        conditions=[draft_sections_complete],
        custom=steps.declare(
            when=steps.DateRule(
                "date the draft is issued",
                ("assessment.decided_on", "assessment.started_on"),
                "the decision to issue a plan",
            ),
            refused="The draft plan has already been issued.",
            not_ready="The draft cannot be issued yet",
            event=lambda p, preference_note="", **_: Event(
                PlanEvent.DRAFT_ISSUED,
                f"Draft EHC plan issued (version {_next_version(p)})",
                note="\n".join(filter(None, [p.preference_words, preference_note])),
                family=True,
            ),
        ),
    )
    def issue_draft(
        self,
        *,
        on: datetime.date,
        by,
        sent_by: str,
        preferred_institution=None,
        preference_note: str = "",
    ) -> None:
        """Reg 12-13: the draft goes to the family, who have 15 days, beginning with the
        day it is served, to comment, to ask for a meeting and to name the school or
        college they would like."""
        self.draft_issued_on = on
        self.draft_issued_by = by
        self.set_service(sent_by=sent_by, sent_on=on)
        self.preferred_institution = preferred_institution
        self.preference_note = preference_note

    @transition(
        field=status,
        source=[PlanStatus.DRAFT_ISSUED, PlanStatus.CONSULTING],
        target=PlanStatus.CONSULTING,
        permission=runs_the_case,
        custom=steps.declare(refused="Schools and colleges cannot be consulted now."),
    )
    def consult(self) -> None:
        """CFA s39: consult a school or college about being named (one or several; the
        family's preference first)."""

    @transition(
        field=status,
        source=PlanStatus.CONSULTING,
        target=PlanStatus.FINAL_ISSUED,
        permission=runs_the_case,
        conditions=[
            all_sections_complete,
            placement_named,
            placement_consulted,
            family_window_over,
            draft_meeting_held,
        ],
        custom=steps.declare(
            when=DRAFT_OUT.but(what="date the final plan is issued"),
            refused="The final plan cannot be issued now.",
            not_ready="The final plan cannot be issued yet",
            event=lambda p, **_: Event(
                PlanEvent.FINAL_ISSUED,
                f"Final EHC plan issued (version {_next_version(p)}), naming {p.placement.name}",
                family=True,
            ),
        ),
    )
    def issue_final(self, *, on: datetime.date, by) -> None:
        """Reg 13(2): the final plan, within 20 weeks of the request."""
        self.final_issued_on = on
        self.final_issued_by = by

    @transition(
        field=status,
        source=PlanStatus.FINAL_ISSUED,
        target=PlanStatus.IN_FORCE,
        permission=runs_the_case,
        custom=steps.declare(
            when=FINAL_OUT.but(what="date the plan comes into force"),
            refused="Only a final plan can come into force.",
            event=lambda p, on, **_: Event(
                PlanEvent.IN_FORCE, f"EHC plan in force from {long_date(on)}", family=True
            ),
        ),
    )
    def bring_into_force(self, *, on: datetime.date) -> None:
        """From this day the council must secure section F, health must arrange G and
        social care H (CFA s42)."""
        self.in_force_from = on

    @transition(
        field=status,
        source=[PlanStatus.DRAFTING, PlanStatus.DRAFT_ISSUED, PlanStatus.CONSULTING],
        target=PlanStatus.WITHDRAWN,
        permission=runs_the_case,
        custom=steps.declare(
            when=steps.DateRule(
                "date it was withdrawn", _started_on, "the day the plan was started"
            ),
            refused="Only a plan not yet final can be withdrawn.",
            texts={"reason": "Enter why the plan was withdrawn"},
            event=lambda p, reason, **_: Event(
                PlanEvent.WITHDRAWN,
                "EHC plan withdrawn before the final plan",
                note=reason,
                family=True,
            ),
        ),
    )
    def withdraw(self, *, on: datetime.date, reason: str) -> None:
        """The plan will not be finalised (the family moved away, the request was
        withdrawn). A plan already issued is ceased instead (Regs 29-31)."""
        self.withdrawn_on = on
        self.withdrawal_reason = reason

    # --- Amending the issued plan (Regs 20-22); plans/services/amendments.py. ----------

    @transition(
        field=status,
        source=[PlanStatus.FINAL_ISSUED, PlanStatus.IN_FORCE],
        target=PlanStatus.AMENDING,
        permission=runs_the_case,
        custom=steps.declare(
            when=FINAL_OUT.but(what="date the amendment started"),
            refused="Only an issued plan that is not already being amended can be amended.",
            texts={"reason": "Enter why the plan is being amended"},
        ),
    )
    def start_amendment(self) -> None:
        """The council proposes to amend the plan (after a review, a reassessment or a
        tribunal order): the sections open for editing; the issued plan stays in force."""

    @transition(
        field=status,
        source=PlanStatus.AMENDING,
        target=PlanStatus.AMENDMENT_PROPOSED,
        permission=runs_the_case,
        conditions=[all_sections_complete],
        custom=steps.declare(
            refused="The proposed amendments cannot be sent now.",
            not_ready="The proposed amendments cannot be sent yet",
        ),
    )
    def propose_amendments(self) -> None:
        """Reg 22(2): the notice of the proposed amendments goes to the family."""

    @transition(
        field=status,
        source=PlanStatus.AMENDMENT_PROPOSED,
        target=PlanStatus.AMENDMENT_PROPOSED,
        permission=runs_the_case,
        custom=steps.declare(refused="Schools and colleges cannot be consulted now."),
    )
    def consult_on_amendment(self) -> None:
        """CFA s39: consult a school or college the family asked for, or the council
        proposes, before naming it in the amended plan."""

    @transition(
        field=status,
        source=PlanStatus.AMENDMENT_PROPOSED,
        target=RETURN_VALUE(PlanStatus.FINAL_ISSUED, PlanStatus.IN_FORCE),
        permission=runs_the_case,
        conditions=[all_sections_complete, placement_named],
        custom=steps.declare(
            refused="The amended plan cannot be issued now.",
            not_ready="The amended plan cannot be issued yet",
            event=lambda p, on, **_: Event(
                PlanEvent.AMENDED,
                f"Amended EHC plan issued (version {_next_version(p)}), naming {p.placement.name}",
                note=_may_appeal("the amended plan", on),
                family=True,
            ),
        ),
    )
    def issue_amended(self) -> str:
        """Reg 22(3): the amended plan replaces the issued one; the plan is in force as
        before (or waits to come into force, if it had not yet)."""
        return self._state_after_amendment()

    @transition(
        field=status,
        source=[PlanStatus.AMENDING, PlanStatus.AMENDMENT_PROPOSED],
        target=RETURN_VALUE(PlanStatus.FINAL_ISSUED, PlanStatus.IN_FORCE),
        permission=runs_the_case,
        custom=steps.declare(
            refused="A decision not to amend cannot be made now.",
            texts={"reasons": "Enter why the council decided not to amend the plan"},
            event=lambda p, on, reasons, amendment, **_: Event(
                PlanEvent.NOT_AMENDED,
                "The council decided not to amend the EHC plan",
                note=f"{reasons}\nThe plan issued on "
                f"{long_date(amendment.amends_version.issued_on)} stays in force. "
                + _may_appeal("this decision", on),
                family=True,
            ),
        ),
    )
    def keep_unamended(self) -> str:
        """Reg 22(4): the council decides not to amend after all; the issued plan stands."""
        return self._state_after_amendment()

    @transition(
        field=status,
        source=[PlanStatus.FINAL_ISSUED, PlanStatus.IN_FORCE],
        target=PlanStatus.REPLACED,
        permission=runs_the_case,
    )
    def replace(self, *, on: datetime.date) -> None:
        """Reg 27(1): the replacement plan's final plan was issued on ``on``; from then it
        is the plan the council maintains and this one ends."""
        self.replaced_on = on

    @transition(
        field=status,
        source=[PlanStatus.FINAL_ISSUED, PlanStatus.IN_FORCE],
        target=PlanStatus.CEASED,
        permission=runs_the_case,
        custom=steps.declare(
            when=steps.DateRule(
                "date the plan ended",
                ("final_issued_on", _started_on),
                "the day the final plan was issued",
            ),
            refused="Only an issued plan can be ceased.",
            event=lambda p, on, reason, **_: Event(
                PlanEvent.CEASED,
                f"EHC plan ended on {long_date(on)}",
                note=CeaseReason(reason).label,
                family=True,
            ),
        ),
    )
    def cease(self, *, on: datetime.date, reason: str) -> None:
        """The plan ends (CFA s45). Called by the ceasing process once the appeal period
        has passed or an appeal has concluded, or at once where no appeal lies (the
        young person moved away or died)."""
        self.ceased_on = on
        self.cease_reason = reason
