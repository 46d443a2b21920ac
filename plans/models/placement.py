"""Schools and colleges (section I), and the consultation with each one the council
considers naming (CFA s39, CoP 9.79: it should reply within 15 days)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from plans.constants import InstitutionKind
from plans.rules import runs_the_case
from sen_portal.base_models import BaseModel

validate_urn = RegexValidator(r"^\d{6,8}$", "Enter a URN of 6 to 8 digits, for example 100000")


class Institution(BaseModel):
    """A school, college or early years setting, as Get Information About Schools lists it
    (its unique reference number, URN)."""

    Kind = InstitutionKind

    urn = models.CharField(
        "URN",
        max_length=8,
        unique=True,
        validators=[validate_urn],
        help_text="Unique reference number, from Get Information About Schools",
    )
    name = models.CharField(max_length=200)
    kind = models.CharField("Type", max_length=30, choices=InstitutionKind.choices)
    town = models.CharField("Town or city", max_length=80, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InstitutionKind.values), name="institution_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (URN {self.urn})"


class ConsultationResponse(models.TextChoices):
    AWAITING = "", "Waiting for a reply"
    CAN_MEET = "can_meet", "Agrees it can meet the needs"
    CANNOT_MEET = "cannot_meet", "Says it cannot meet the needs"


class Consultation(BaseModel):
    """The council asks a school or college whether it can meet the child's needs before
    naming it. One per institution per plan; the reply is recorded here and meets the
    consultation's 15-day deadline."""

    Response = ConsultationResponse

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="consultations")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    # Set when the school or college was consulted while amending the issued plan: it may
    # have been consulted before, for the original plan or an earlier amendment.
    amendment = models.ForeignKey(
        "plans.PlanAmendment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
    )
    sent_on = models.DateField("Consultation sent on")
    due_on = models.DateField("Reply due", help_text="A copy of the deadline")
    response = models.CharField(
        max_length=20, choices=ConsultationResponse.choices, blank=True, default=""
    )
    response_received_on = models.DateField("Reply received on", null=True, blank=True)
    response_note = models.TextField("What they said", blank=True)

    class Meta:
        ordering = ["sent_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "institution"],
                condition=Q(amendment__isnull=True),
                name="consultation_once_per_institution",
                violation_error_message="This school or college has already been consulted",
            ),
            models.UniqueConstraint(
                fields=["amendment", "institution"],
                condition=Q(amendment__isnull=False),
                name="consultation_once_per_amendment",
                violation_error_message="This school or college has already been consulted "
                "about these amendments",
            ),
            models.CheckConstraint(
                condition=Q(response__in=ConsultationResponse.values),
                name="consultation_response_known",
            ),
            # Answered exactly when the reply has a date.
            models.CheckConstraint(
                condition=Q(response="", response_received_on__isnull=True)
                | (~Q(response="") & Q(response_received_on__gte=models.F("sent_on"))),
                name="consultation_reply_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Consultation with {self.institution.name}"

    @property
    def child(self):
        return self.plan.child

    @property
    def answered(self) -> bool:
        return bool(self.response)

    @property
    def awaiting_reply_now(self) -> bool:
        """Its reply can be recorded: the plan is still consulting on its draft, or on
        the amendment this consultation belongs to."""
        status = self.plan.status
        if self.amendment_id is None:
            return status == "consulting"
        return status == "amendment_proposed" and self.amendment.is_open

    def may_record_response(self, user) -> bool:
        return runs_the_case(self.plan, user) and not self.answered
