"""Schools and colleges (section I), and the consultation with each one the council
considers naming (CFA s39, CoP 9.79: it should reply within 15 days)."""

from __future__ import annotations

import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q

from plans.constants import InstitutionKind
from plans.rules import runs_the_case
from sen_portal import timescales
from sen_portal.base_models import BaseModel
from sen_portal.sen2_codes import ResidentialWeeks, SENSetting, WorkBasedLearning

# A URN (Get Information About Schools' unique reference number) is a 6-digit number;
# COLLECT checks the SEN2 URN items against it (validation urn_not_six_digits). A
# college's UKPRN is 8 digits and has its own validator: it is returned instead of the
# URN for post-16 providers (records._institution), so it is exempt from this rule.
URN_PATTERN = r"^\d{6}$"
validate_urn = RegexValidator(URN_PATTERN, "Enter the school's URN as 6 digits, for example 100000")
validate_ukprn = RegexValidator(r"^1\d{7}$", "Enter a UKPRN of 8 digits starting with 1")


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
    # SEN2 items URN/UKPRN: a further education or other post-16 provider is returned
    # by its UK provider reference number.
    ukprn = models.CharField(
        "UKPRN",
        max_length=8,
        blank=True,
        default="",
        validators=[validate_ukprn],
        help_text="UK provider reference number, for colleges and other post-16 providers",
    )
    # Get Information About Schools: "Phase of education: All-through", and "Official
    # sixth form: Has a sixth form". A pupil who stays in the same all-through school,
    # or in their school's own sixth form, makes no transfer between phases (Reg 2(1):
    # a school sixth form is not a "post-16 institution", CFA s83(2)); reviews/phases.py.
    all_through = models.BooleanField(
        "All-through school", default=False, help_text="Takes pupils from primary to secondary age"
    )
    sixth_form = models.BooleanField("Has a sixth form", default=False)

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

    @classmethod
    def send(cls, *, plan, institution, on: datetime.date, amendment=None) -> Consultation:
        """A consultation sent on ``on``, its reply due 15 days later (CoP 9.79), saved."""
        consultation = cls(
            plan=plan,
            amendment=amendment,
            institution=institution,
            sent_on=on,
            due_on=timescales.due_date("institution_consultation", on),
        )
        consultation.full_clean()
        consultation.save()
        return consultation

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

    # The case page names this consultation's deadline by its school (one join).
    DEADLINE_RELATED = ("institution",)

    @property
    def deadline_label(self) -> str:
        return str(self)

    @property
    def deadline_url(self) -> str:
        """Where the next action on this step's deadline is taken (the case page)."""
        from django.urls import reverse

        return reverse("plans:plan_detail", args=[self.plan_id])

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


class PlacementRecord(BaseModel):
    """Where the child or young person is educated while their plan is maintained, from
    the day they started there to the day they left: the SEN2 placement detail module
    (DfE 2025 guide items 5.7). A school or college from Get Information About Schools,
    or, for a placement with no URN or UKPRN, the DfE SEN setting code (home education,
    education otherwise than at school, not in education...)."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="placement_records"
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="School or college",
    )
    sen_setting = models.CharField(
        "Or, with no school or college",
        max_length=4,
        choices=SENSetting.choices,
        blank=True,
        default="",
    )
    sen_setting_other = models.CharField(
        "Describe the setting",
        max_length=100,
        blank=True,
        default="",
        help_text="For “other” and “not in education or training: other”",
    )
    rank = models.PositiveSmallIntegerField(
        "Main or additional placement",
        choices=[(1, "Main placement"), (2, "Additional placement")],
        default=1,
    )
    entry_date = models.DateField("Started on")
    leaving_date = models.DateField("Left on", null=True, blank=True)
    sen_unit = models.BooleanField("In an SEN unit", default=False)
    resourced_provision = models.BooleanField("In a resourced provision", default=False)
    # SEN2 placement detail items Res and WBP (SEN2_schema_2024.xsd restype, wbptype).
    residential = models.CharField(
        "Residential", max_length=1, choices=ResidentialWeeks.choices, blank=True, default=""
    )
    work_based_learning = models.CharField(
        "Work-based learning",
        max_length=1,
        choices=WorkBasedLearning.choices,
        blank=True,
        default="",
    )

    class Meta:
        ordering = ["plan", "entry_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(institution__isnull=False) & Q(sen_setting=""))
                | (Q(institution__isnull=True) & Q(sen_setting__in=SENSetting.values)),
                name="placement_record_school_or_setting",
                violation_error_message="Choose a school or college, or a setting, not both",
            ),
            models.CheckConstraint(
                condition=Q(leaving_date__isnull=True) | Q(leaving_date__gte=F("entry_date")),
                name="placement_record_left_after_start",
                violation_error_message="The day they left must be on or after the day "
                "they started",
            ),
            models.CheckConstraint(
                condition=Q(rank__in=[1, 2]), name="placement_record_rank_known"
            ),
        ]

    def __str__(self) -> str:
        where = self.institution.name if self.institution else self.get_sen_setting_display()
        return f"{where} from {self.entry_date:%-d %B %Y}"

    @property
    def child(self):
        return self.plan.child
