"""The EHC needs assessment: gathering advice, then the decision whether to issue a plan.

States: gathering advice → advice complete → decided to issue (the plans side takes over)
| decided not to issue (with appeal rights) | withdrawn.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from assessments.events import AssessmentEvent
from assessments.rules import runs_the_case
from sen_portal import timescales
from sen_portal.base_models import BaseModel
from sen_portal.casework import steps
from sen_portal.casework.steps import Event, condition
from sen_portal.dates import long_date

# What a decision is refused with while advice is outstanding (the condition says what).
NOT_READY = "The advice is not complete yet"
ALREADY_DECIDED = "This assessment has already been decided."
# Dates of the assessment's steps: on or after it started; a decision on or after the
# advice was complete.
STARTED = steps.DateRule(
    "date", not_before="started_on", before_what="the day the assessment started"
)
DECISION_DATE = steps.DateRule(
    "date of the decision",
    not_before=("advice_completed_on", "started_on"),
    before_what="the day the advice was complete",
)


class AssessmentStatus(models.TextChoices):
    GATHERING_ADVICE = "gathering_advice", "Gathering advice"
    ADVICE_COMPLETE = "advice_complete", "Advice complete"
    DECIDED_TO_ISSUE = "decided_to_issue", "Decided to issue a plan"
    DECIDED_NOT_TO_ISSUE = "decided_not_to_issue", "Decided not to issue a plan"
    WITHDRAWN = "withdrawn", "Withdrawn"


@condition("Every piece of advice asked for must be received, or have an exception accepted")
def all_advice_settled(instance: NeedsAssessment) -> bool:
    """Reg 6: the advice asked for is in, or the advice giver's time limit does not
    apply because of a Reg 8(2) exception the caseworker accepted. At least one piece of
    advice must have been asked for."""
    from assessments.models.advice import AdviceRequest

    statuses = set(instance.advice_requests.values_list("status", flat=True))
    return bool(statuses - {AdviceRequest.Status.CANCELLED}) and not (
        statuses & set(AdviceRequest.OUTSTANDING)
    )


@condition(
    "After a reassessment the plan is amended or replaced: decide to amend it; a decision "
    "not to amend it after all is taken on the plan (Reg 22(4), appealable under CFA "
    "s51(2)(e))"
)
def not_a_reassessment(instance: NeedsAssessment) -> bool:
    """Reg 27: a reassessment of a child with a plan ends in the plan amended or
    replaced, or the council's decision not to amend it, both on the plan."""
    return not instance.request.is_reassessment


class NeedsAssessment(ConcurrentTransitionMixin, BaseModel):
    Status = AssessmentStatus
    noun = "assessment"  # "Nothing was changed: the assessment is ..."
    step_related = ("child", "request")  # what a step reads from the locked row
    # An assessment still in progress: advice may be asked for or a decision made.
    LIVE = (AssessmentStatus.GATHERING_ADVICE, AssessmentStatus.ADVICE_COMPLETE)
    # While any of these stands, a new request for assessment is not the way forward: the
    # assessment is still going, or it decided a plan is needed (the plan is being made,
    # and asking again is a reassessment, Regs 23-27).
    BLOCKS_NEW_REQUEST = (*LIVE, AssessmentStatus.DECIDED_TO_ISSUE)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.OneToOneField(
        "assessments.AssessmentRequest", on_delete=models.PROTECT, related_name="assessment"
    )
    # The request's child, kept here so a case's assessments are one indexed lookup.
    child = models.ForeignKey(
        "casework.Child", on_delete=models.PROTECT, related_name="needs_assessments"
    )
    started_on = models.DateField("Decision to assess made on")

    status = FSMField(
        max_length=30,
        choices=Status.choices,
        default=Status.GATHERING_ADVICE,
        protected=True,
    )
    advice_completed_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField("Date of the decision", null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appeal_due_on = models.DateField("Last day to appeal", null=True, blank=True)
    # The letter telling the family of a "no" with their rights, made after the decision.
    decision_letter = models.OneToOneField(
        "casework.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_on", "-created_at"]
        indexes = [
            models.Index(fields=["child", "status"], name="assessment_child_status_idx"),
        ]
        constraints = [
            # One assessment in progress per child.
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status__in=["gathering_advice", "advice_complete"]),
                name="assessment_one_live_per_child",
                violation_error_message="This child already has an assessment in progress",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AssessmentStatus.values), name="assessment_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["gathering_advice", "withdrawn"])
                | Q(advice_completed_on__isnull=False),
                name="assessment_complete_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["decided_to_issue", "decided_not_to_issue"])
                | Q(decided_on__isnull=False),
                name="assessment_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="decided_not_to_issue")
                | (~Q(decision_reasons="") & Q(appeal_due_on__isnull=False)),
                name="assessment_no_plan_has_reasons",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_on__isnull=False),
                name="assessment_withdrawn_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"EHC needs assessment from {self.started_on:%d %B %Y}"

    @property
    def deadline_url(self) -> str:
        """Where the next action on this step's deadline is taken (the case page)."""
        from django.urls import reverse

        return reverse("assessments:assessment_detail", args=[self.pk])

    @property
    def is_reassessment(self) -> bool:
        """Secured after a request for a reassessment (CFA s44(2); Reg 26: the same
        advice as an assessment, Regs 6-9)."""
        return self.request.is_reassessment

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE

    @property
    def can_ask_for_advice(self) -> bool:
        return self.status == AssessmentStatus.GATHERING_ADVICE

    @property
    def awaiting_plan(self) -> bool:
        """Decided to issue: the plans side now drafts the plan against the request's
        20-week deadline, which stays open. Not after a reassessment: the plan in force
        is amended instead (plans.services.reassessment)."""
        return self.status == AssessmentStatus.DECIDED_TO_ISSUE and not self.is_reassessment

    # --- Transitions: bodies set fields only; services do the rest. -------------------

    @transition(
        field=status,
        source=AssessmentStatus.GATHERING_ADVICE,
        target=AssessmentStatus.ADVICE_COMPLETE,
        permission=runs_the_case,
        conditions=[all_advice_settled],
        custom=steps.declare(
            when=STARTED,
            refused="The advice cannot be marked complete now.",
            not_ready=NOT_READY,
            event=Event(
                AssessmentEvent.ADVICE_COMPLETE,
                "All the advice for the EHC needs assessment is in",
                family=True,
            ),
        ),
    )
    def complete_advice(self, *, on: datetime.date) -> None:
        self.advice_completed_on = on

    @transition(
        field=status,
        source=AssessmentStatus.ADVICE_COMPLETE,
        target=AssessmentStatus.DECIDED_TO_ISSUE,
        permission=runs_the_case,
        conditions=[all_advice_settled],
        custom=steps.declare(
            when=DECISION_DATE,
            refused=ALREADY_DECIDED,
            not_ready=NOT_READY,
            event=lambda a, **_: (
                Event(
                    AssessmentEvent.REASSESSMENT_DECIDED_AMEND,
                    "Decided after the reassessment to amend the EHC plan: the proposed "
                    "amendments are next (Reg 27)",
                    family=True,
                )
                if a.request.is_reassessment
                else Event(
                    AssessmentEvent.DECIDED_ISSUE,
                    "Decided to issue an EHC plan: the draft plan is next",
                    family=True,
                )
            ),
        ),
    )
    def decide_to_issue(self, *, on: datetime.date, by) -> None:
        """CFA s37(1): an EHC plan is necessary. The draft and final plan follow."""
        self.decided_on = on
        self.decided_by = by

    @transition(
        field=status,
        source=AssessmentStatus.ADVICE_COMPLETE,
        target=AssessmentStatus.DECIDED_NOT_TO_ISSUE,
        permission=runs_the_case,
        conditions=[all_advice_settled, not_a_reassessment],
        custom=steps.declare(
            when=DECISION_DATE,
            refused=ALREADY_DECIDED,
            not_ready=NOT_READY,
            texts={"reasons": "Enter the reasons for the decision"},
            event=lambda a, reasons, **_: Event(
                AssessmentEvent.DECIDED_NO_PLAN,
                "Decided not to issue an EHC plan",
                note=f"{reasons}\n\nThe family may appeal until {long_date(a.appeal_due_on)}.",
                family=True,
            ),
        ),
    )
    def decide_not_to_issue(self, *, on: datetime.date, reasons: str, by) -> None:
        """Reg 10(1): within 16 weeks of the request, with appeal rights (CFA s51(2)(b))."""
        self.decided_on = on
        self.decided_by = by
        self.decision_reasons = reasons
        self.appeal_due_on = timescales.appeal_due(on)

    @transition(
        field=status,
        source=[AssessmentStatus.GATHERING_ADVICE, AssessmentStatus.ADVICE_COMPLETE],
        target=AssessmentStatus.WITHDRAWN,
        permission=runs_the_case,
        custom=steps.declare(
            when=STARTED.but(what="date it was withdrawn"),
            refused="Only an assessment in progress can be withdrawn.",
            texts={"reason": "Enter why the assessment stopped"},
            event=lambda a, reason, **_: Event(
                AssessmentEvent.WITHDRAWN,
                "EHC needs assessment withdrawn",
                note=reason,
                family=True,
            ),
        ),
    )
    def withdraw(self, *, on: datetime.date, reason: str) -> None:
        """The family withdraws, or the child moves to another authority."""
        self.withdrawn_on = on
        self.withdrawal_reason = reason
