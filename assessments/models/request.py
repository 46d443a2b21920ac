"""A request for an EHC needs assessment (a "referral") and the decision whether to assess.

The day the LA receives the request starts the 6-, 16- and 20-week clocks (Regs 5(1),
10(1), 13(2)). States: received → assessing | declined | withdrawn.

A request for a *reassessment* of a child or young person with an EHC plan (CFA s44(2);
SEND Regs 2014 regs 24-27) is the same record with ``kind`` "reassessment": the same
states and steps, its own clocks (the decision within 15 days, Reg 25(1); the amended
or replacement plan within 14 weeks of that decision, Reg 27(2)), its own letters, and
a "no" that is appealable (CFA s51(2)(d)) with the ground recorded (Reg 24).
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
from sen_portal.sen2_codes import LA_CODE

# The decision, or the withdrawal, is dated on or after the request was received.
DECISION_DATE = steps.DateRule(
    "date of the decision",
    not_before="received_on",
    before_what="the day the request was received",
)
ALREADY_DECIDED = "This request has already been decided."


class RequestStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    ASSESSING = "assessing", "Assessing"
    DECLINED = "declined", "Decided not to assess"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Requester(models.TextChoices):
    """Who asked (CFA s36(1); anyone else brings the child to the LA's attention, s24)."""

    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "The young person (over compulsory school age, under 25)"
    SCHOOL = "school", "School or college"
    HEALTH = "health", "Health (for example a health visitor or GP)"
    SOCIAL_CARE = "social_care", "Social care"
    OTHER = "other", "Someone else"
    # CFA s44(3): the council may reassess "at any other time if it thinks it necessary";
    # Reg 27(2) runs the 14 weeks from that decision. Only for reassessments.
    COUNCIL = "council", "The council itself (CFA s44(3))"


class RequestKind(models.TextChoices):
    ASSESSMENT = "assessment", "EHC needs assessment"
    REASSESSMENT = "reassessment", "Reassessment of an EHC plan"


# CFA s44(2): who may ask for a reassessment: (a) the child's parent or the young person,
# (b) the governing body, proprietor or principal of the school, post-16 institution or
# other institution they attend, (c) the responsible commissioning body (health).
REASSESSMENT_REQUESTERS = (
    Requester.PARENT,
    Requester.YOUNG_PERSON,
    Requester.SCHOOL,
    Requester.HEALTH,
)


class RefusalGround(models.TextChoices):
    """Why the council will not reassess (SEND Regs 2014 reg 24; the notice gives the
    reasons in full, Reg 25)."""

    WITHIN_SIX_MONTHS = (
        "within_six_months",
        "Less than 6 months since the last EHC needs assessment (Reg 24)",
    )
    NOT_NECESSARY = "not_necessary", "A reassessment is not necessary (Reg 24)"


class Agency(models.TextChoices):
    """Who the family agreed the LA may share the request with."""

    EDUCATION = "education", "School, college or early years setting"
    HEALTH = "health", "Health services"
    SOCIAL_CARE = "social_care", "Social care"
    EDUCATIONAL_PSYCHOLOGY = "educational_psychology", "Educational psychology service"


@condition("This child already has an EHC needs assessment in progress")
def no_live_assessment_for_child(instance: AssessmentRequest) -> bool:
    """A child has one EHC needs assessment at a time."""
    from assessments.models.assessment import NeedsAssessment

    return not NeedsAssessment.objects.filter(
        child_id=instance.child_id, status__in=NeedsAssessment.LIVE
    ).exists()


class AssessmentRequest(ConcurrentTransitionMixin, BaseModel):
    Status = RequestStatus
    noun = "request"  # "Nothing was changed: the request is ..."
    Requester = Requester
    Kind = RequestKind
    RefusalGround = RefusalGround
    Agency = Agency
    # Requests still waiting for the decision whether to assess.
    OPEN = (RequestStatus.RECEIVED,)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        "casework.Child", on_delete=models.PROTECT, related_name="assessment_requests"
    )
    kind = models.CharField(
        "What was asked for",
        max_length=20,
        choices=RequestKind.choices,
        default=RequestKind.ASSESSMENT,
        help_text="A reassessment: the child or young person has an EHC plan (CFA s44(2))",
    )
    requester = models.CharField("Who asked", max_length=20, choices=Requester.choices)
    requester_name = models.CharField(
        "Name of the person or organisation who asked",
        max_length=150,
        help_text="For example, the head teacher of Northshire Primary School",
    )
    received_on = models.DateField(
        "Date the council received the request",
        help_text="Every statutory clock starts on this day",
    )
    reasons = models.TextField("Reasons for the request")
    consent_to_share = models.BooleanField(
        "The family agreed that the council may share the request", default=False
    )
    share_with = models.JSONField(
        "Agencies the family agreed to share with", default=list, blank=True
    )
    evidence = models.ManyToManyField("casework.Document", blank=True, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    status = FSMField(
        max_length=20, choices=Status.choices, default=Status.RECEIVED, protected=True
    )
    decided_on = models.DateField("Date of the decision", null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    # A reassessment refused: the ground (Reg 24), beside the reasons in full.
    refusal_ground = models.CharField(
        "Ground for not reassessing",
        max_length=20,
        choices=RefusalGround.choices,
        blank=True,
        default="",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appeal_due_on = models.DateField(
        "Last day to appeal",
        null=True,
        blank=True,
        help_text="HESC Tribunal Rules r20(1)(c), moved as r12 moves it",
    )
    # The letter telling the family of a "no" with their rights, made after the decision.
    decision_letter = models.OneToOneField(
        "casework.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_on = models.DateField(null=True, blank=True)
    # SEN2 requests items: RYA, the request was made while the young person was detained
    # in relevant youth accommodation (CFA Part 3 s70-75); Exported, the 3-digit code of
    # the council the case went to when the child or young person moved out of the area
    # before the request or assessment was finished (SEN2_schema_2024.xsd, liia-tools
    # 81996262: RequestsType/Exported, pattern \d{3}). Captured when the request or the
    # assessment is withdrawn; never this council's own code (settings.SEN2_LA_CODE).
    rya = models.BooleanField("Made while they were in relevant youth accommodation", default=False)
    exported_to_la = models.CharField(
        "Moved to the area of (LA code)",
        max_length=3,
        blank=True,
        default="",
        validators=[LA_CODE],
        help_text="The 3-digit DfE code of the council the case went to, like 873",
    )
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_on", "-created_at"]
        indexes = [
            # The case page panel and the caseload: a child's requests, newest first.
            models.Index(fields=["child", "-received_on"], name="request_child_received_idx"),
        ]
        constraints = [
            # One request waiting for a decision per child: a second one is the same
            # request again, and would start the clocks twice.
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status="received"),
                name="request_one_open_per_child",
                violation_error_message="This child already has a request waiting for a decision",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="request_status_known"
            ),
            models.CheckConstraint(
                condition=Q(requester__in=Requester.values), name="request_requester_known"
            ),
            models.CheckConstraint(
                condition=Q(consent_to_share=True) | Q(share_with=[]),
                name="request_share_needs_consent",
            ),
            # Decided exactly when assessing or declined, never before the request arrived.
            models.CheckConstraint(
                condition=(
                    Q(status__in=["assessing", "declined"], decided_on__isnull=False)
                    | (~Q(status__in=["assessing", "declined"]) & Q(decided_on__isnull=True))
                ),
                name="request_decided_has_date",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("received_on")),
                name="request_decided_after_received",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined")
                | (~Q(decision_reasons="") & Q(appeal_due_on__isnull=False)),
                name="request_declined_has_reasons",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_on__isnull=False),
                name="request_withdrawn_has_date",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RequestKind.values), name="request_kind_known"
            ),
            # CFA s44(2): only these may ask for a reassessment; s44(3): the council may
            # decide on one itself, and that is never a request for an assessment.
            models.CheckConstraint(
                condition=~Q(requester=Requester.COUNCIL) | Q(kind="reassessment"),
                name="request_council_only_reassesses",
            ),
            models.CheckConstraint(
                condition=~Q(kind="reassessment")
                | Q(requester__in=[r.value for r in (*REASSESSMENT_REQUESTERS, Requester.COUNCIL)]),
                name="request_reassessment_requester",
                violation_error_message="Only the parent, the young person, the school or "
                "college, or health can ask for a reassessment",
            ),
            # A reassessment refused has its ground (Reg 24); nothing else has one.
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="reassessment",
                        status="declined",
                        refusal_ground__in=RefusalGround.values,
                    )
                    | (~Q(kind="reassessment", status="declined") & Q(refusal_ground=""))
                ),
                name="request_refusal_ground",
            ),
        ]

    def __str__(self) -> str:
        what = "reassessment" if self.is_reassessment else "assessment"
        return f"Request for {what} received {self.received_on:%d %B %Y}"

    @property
    def is_reassessment(self) -> bool:
        return self.kind == RequestKind.REASSESSMENT

    @property
    def council_initiated(self) -> bool:
        """A reassessment the council decided on itself (CFA s44(3)): no request to
        decide within 15 days; the 14 weeks run from its decision (Reg 27(2))."""
        return self.requester == Requester.COUNCIL

    @property
    def what(self) -> str:
        """How pages and events name what was asked for."""
        return "a reassessment" if self.is_reassessment else "an EHC needs assessment"

    @property
    def deadline_url(self) -> str:
        """Where the next action on this step's deadline is taken (the case page)."""
        from django.urls import reverse

        return reverse("assessments:request_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def share_with_labels(self) -> list[str]:
        labels = dict(Agency.choices)
        return [labels.get(code, code) for code in self.share_with]

    @property
    def decision_due_on(self) -> datetime.date:
        """Reg 5(1): 6 weeks from receipt; a reassessment, 15 days (Reg 25(1)). The
        Deadline row is the record; this is for pages that show the request without its
        deadlines."""
        if self.is_reassessment:
            return timescales.reassessment_dates(self.received_on)["reassessment_decision_due"]
        return timescales.due_date("decide_whether_to_assess", self.received_on)

    @property
    def reassessment_plan_due_on(self) -> datetime.date | None:
        """Reg 27(2): the amended or replacement plan, 14 weeks from the decision to
        reassess (the Deadline row is the record)."""
        if not self.is_reassessment or self.status != RequestStatus.ASSESSING:
            return None
        return timescales.reassessment_dates(self.received_on, self.decided_on)[
            "reassessment_final_plan_latest"
        ]

    # --- Transitions: bodies set fields only; services do the rest. -------------------

    @transition(
        field=status,
        source=RequestStatus.RECEIVED,
        target=RequestStatus.ASSESSING,
        permission=runs_the_case,
        conditions=[no_live_assessment_for_child],
        custom=steps.declare(
            when=DECISION_DATE,
            refused=ALREADY_DECIDED,
            not_ready="The assessment cannot start",
            event=lambda r, **_: (
                Event(
                    AssessmentEvent.REASSESSMENT_AGREED,
                    "Decided to reassess: the amended or replacement EHC plan is due by "
                    f"{long_date(r.reassessment_plan_due_on)}",
                    family=True,
                )
                if r.is_reassessment
                else Event(
                    AssessmentEvent.REQUEST_DECIDED_ASSESS,
                    "Decided to carry out an EHC needs assessment",
                    family=True,
                )
            ),
        ),
    )
    def decide_to_assess(self, *, on: datetime.date, by) -> None:
        """Reg 5(1): the LA decides an EHC needs assessment is necessary."""
        self.decided_on = on
        self.decided_by = by

    @transition(
        field=status,
        source=RequestStatus.RECEIVED,
        target=RequestStatus.DECLINED,
        permission=runs_the_case,
        custom=steps.declare(
            when=DECISION_DATE,
            refused=ALREADY_DECIDED,
            texts={"reasons": "Enter the reasons for the decision"},
            event=lambda r, reasons, **_: Event(
                AssessmentEvent.REASSESSMENT_REFUSED
                if r.is_reassessment
                else AssessmentEvent.REQUEST_DECLINED,
                f"Decided not to reassess: {r.get_refusal_ground_display()}"
                if r.is_reassessment
                else "Decided not to carry out an EHC needs assessment",
                note=f"{reasons}\n\nThe family may appeal until {long_date(r.appeal_due_on)}.",
                family=True,
            ),
        ),
    )
    def decline(self, *, on: datetime.date, reasons: str, by, ground: str = "") -> None:
        """Reg 5(1), 5(3): the LA decides not to assess, with reasons and the family's
        right to mediation and appeal (CFA s51(2)(a)); a reassessment, Regs 24-25, with
        its ground, appealable under CFA s51(2)(d)."""
        self.decided_on = on
        self.decided_by = by
        self.decision_reasons = reasons
        self.refusal_ground = ground
        self.appeal_due_on = timescales.appeal_due(on)

    @transition(
        field=status,
        source=RequestStatus.RECEIVED,
        target=RequestStatus.WITHDRAWN,
        permission=runs_the_case,
        custom=steps.declare(
            when=DECISION_DATE.but(what="date it was withdrawn"),
            refused="Only a request waiting for a decision can be withdrawn.",
            texts={"reason": "Enter why the request was withdrawn"},
            event=lambda r, reason, **_: Event(
                AssessmentEvent.REASSESSMENT_WITHDRAWN
                if r.is_reassessment
                else AssessmentEvent.REQUEST_WITHDRAWN,
                f"Request for {r.what} withdrawn",
                note=reason,
                family=True,
            ),
        ),
    )
    def withdraw(self, *, on: datetime.date, reason: str) -> None:
        """The person who asked takes the request back before the decision."""
        self.withdrawn_on = on
        self.withdrawal_reason = reason
