"""The structured sections of a plan: needs (B), outcomes (E), provision (F, G, H1, H2),
personal budget lines (J) and the advice list (K). Text sections (A, C, D) and the
placement (I) are fields of the plan itself."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from plans.constants import (
    SECTION_AGENCIES,
    Agency,
    BudgetArrangement,
    NeedArea,
    PreparingForAdulthood,
    ProvisionSection,
)
from sen_portal.base_models import BaseModel
from sen_portal.sen2_codes import SENType, SENTypeRank


def _agency_fits_section() -> Q:
    """The database's copy of SECTION_AGENCIES."""
    condition = Q(pk__in=[])
    for section, agencies in SECTION_AGENCIES.items():
        condition |= Q(section=section, responsible_agency__in=list(agencies))
    return condition


class Need(BaseModel):
    """Section B: one special educational need, in one of the four broad areas."""

    Area = NeedArea

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="needs")
    area = models.CharField("Area of need", max_length=30, choices=NeedArea.choices)
    description = models.TextField(
        "Description of the need",
        help_text="What the need is and how it affects them day to day",
    )
    # The SEN2 "SEN need" module: the DfE type of the need and whether it is the plan's
    # primary or a secondary need. Blank on needs written before they were asked; the
    # SEN2 check lists active plans with no primary need.
    sen_type = models.CharField(
        "Type of need", max_length=4, choices=SENType.choices, blank=True, default=""
    )
    sen_type_rank = models.PositiveSmallIntegerField(
        "Primary or secondary need", choices=SENTypeRank.choices, null=True, blank=True
    )

    class Meta:
        ordering = ["plan", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(area__in=NeedArea.values), name="need_area_known"),
            models.CheckConstraint(
                condition=Q(sen_type="") | Q(sen_type__in=SENType.values),
                name="need_sen_type_known",
            ),
            models.CheckConstraint(
                condition=Q(sen_type_rank__isnull=True)
                | Q(sen_type_rank__in=SENTypeRank.values, sen_type__gt=""),
                name="need_rank_has_type",
            ),
            # One primary need per plan (SEN2 SENtypeRank 1).
            models.UniqueConstraint(
                fields=["plan"], condition=Q(sen_type_rank=1), name="need_one_primary"
            ),
            models.CheckConstraint(condition=~Q(description=""), name="need_has_description"),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.description[:60]}"


class Outcome(BaseModel):
    """Section E: what the provision should achieve, linked to the needs it meets."""

    PfaArea = PreparingForAdulthood

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="outcomes")
    description = models.TextField(
        "The outcome",
        help_text="Specific and measurable: what they will be able to do",
    )
    achieve_by = models.CharField(
        "By when",
        max_length=120,
        help_text="For example, by the end of year 6, or by July 2027",
    )
    needs = models.ManyToManyField(
        Need, related_name="outcomes", verbose_name="Needs this outcome meets"
    )
    preparing_for_adulthood = models.CharField(
        "Preparing for adulthood",
        max_length=30,
        choices=PreparingForAdulthood.choices,
        blank=True,
        help_text="From year 9, outcomes should include preparing for adulthood",
    )

    class Meta:
        ordering = ["plan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(preparing_for_adulthood="")
                | Q(preparing_for_adulthood__in=PreparingForAdulthood.values),
                name="outcome_pfa_known",
            ),
            models.CheckConstraint(condition=~Q(description=""), name="outcome_has_description"),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_preparing_for_adulthood(self) -> bool:
        return bool(self.preparing_for_adulthood)


class ProvisionItem(BaseModel):
    """Sections F, G, H1, H2: one piece of provision, specific and quantified (CoP 9.69),
    with the agency that answers for it being delivered."""

    Section = ProvisionSection
    Agency = Agency

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="provision")
    section = models.CharField(max_length=2, choices=ProvisionSection.choices)
    what = models.TextField(
        "What the provision is",
        help_text="For example, a structured phonics programme taught one to one",
    )
    delivered_by = models.CharField(
        "Who delivers it",
        max_length=200,
        help_text="The role, for example a teaching assistant trained by the speech and "
        "language therapist",
    )
    how_often = models.CharField(
        "How often", max_length=120, help_text="For example, 3 sessions a week"
    )
    how_long = models.CharField(
        "For how long",
        max_length=120,
        help_text="For example, 30 minutes a session, until the next annual review",
    )
    outcomes = models.ManyToManyField(
        Outcome, related_name="provision", blank=True, verbose_name="Outcomes it supports"
    )
    responsible_agency = models.CharField(
        "Responsible agency",
        max_length=20,
        choices=Agency.choices,
        help_text="Who the family can hold to account if it is not delivered",
    )
    contact_name = models.CharField(
        "Named contact",
        max_length=150,
        help_text="A person or team at the responsible agency",
    )
    contact_details = models.CharField(
        "Contact details", max_length=200, blank=True, help_text="Email address or telephone"
    )

    class Meta:
        ordering = ["plan", "section", "id"]
        indexes = [
            # The plan page's sections and the "who does what" view: a plan's provision.
            models.Index(fields=["plan", "section"], name="provision_plan_section_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(section__in=ProvisionSection.values), name="provision_section_known"
            ),
            models.CheckConstraint(
                condition=_agency_fits_section(), name="provision_agency_fits_section"
            ),
            models.CheckConstraint(
                condition=~Q(what="") & ~Q(delivered_by="") & ~Q(how_often="") & ~Q(how_long=""),
                name="provision_quantified",
            ),
            models.CheckConstraint(condition=~Q(contact_name=""), name="provision_has_contact"),
        ]

    def __str__(self) -> str:
        return f"{self.section}: {self.what[:60]}"

    def clean(self) -> None:
        allowed = SECTION_AGENCIES.get(self.section, ())
        if self.responsible_agency and self.responsible_agency not in allowed:
            labels = " or ".join(Agency(a).label.lower() for a in allowed)
            raise ValidationError(
                {
                    "responsible_agency": f"Section {self.section} provision is the "
                    f"responsibility of {labels}"
                }
            )


class BudgetLine(BaseModel):
    """Section J: the part of a personal budget that pays for one section's provision."""

    Arrangement = BudgetArrangement

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="budget_lines")
    section = models.CharField(
        "For the provision in", max_length=2, choices=ProvisionSection.choices
    )
    description = models.CharField(
        "What it pays for", max_length=300, help_text="For example, speech and language therapy"
    )
    annual_amount = models.DecimalField(
        "Amount a year (£)", max_digits=9, decimal_places=2, help_text="In pounds, for example 1200"
    )
    arrangement = models.CharField(
        "How it is held", max_length=20, choices=BudgetArrangement.choices
    )

    class Meta:
        ordering = ["plan", "section", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_amount__gt=0), name="budget_line_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(section__in=ProvisionSection.values), name="budget_line_section_known"
            ),
            models.CheckConstraint(
                condition=Q(arrangement__in=BudgetArrangement.values),
                name="budget_line_arrangement_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section}: {self.description} £{self.annual_amount}"


class AdviceEntry(BaseModel):
    """Section K: one piece of advice or information the plan was based on. Filled in
    from the assessment's received advice when the plan starts; others can be added."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="advice_entries")
    advice_request = models.ForeignKey(
        "assessments.AdviceRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(
        "Advice or information", max_length=200, help_text="For example, Psychological advice"
    )
    given_by = models.CharField(
        "From", max_length=200, help_text="The person or organisation, as the family knows them"
    )
    dated = models.DateField("Date")

    class Meta:
        ordering = ["plan", "dated", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "advice_request"],
                condition=Q(advice_request__isnull=False),
                name="advice_entry_once_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} from {self.given_by}"
