"""What an EHC plan is made of, declared once (DESIGN.md principle 5): its sections with
their Code of Practice wording, the areas of need, the agencies responsible for provision
and which of them may be responsible for each provision section. Pages, forms, the
snapshot, the PDF, the database constraints and the tests all read these."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Section:
    code: str  # as printed: "A", "H1"
    title: str  # Code of Practice 9.62, in plain words
    kind: str  # "text", "needs", "outcomes", "provision", "placement", "budget", "advice"
    # Reg 12(1) and CoP 9.77: the draft plan must not name the school or college, nor
    # its type. Section I is filled in for the final plan only.
    in_draft: bool = True
    hint: str = ""

    @property
    def slug(self) -> str:
        return self.code.lower()

    @property
    def heading(self) -> str:
        return f"Section {self.code}: {self.title}"


# fmt: off
SECTIONS: tuple[Section, ...] = (
    Section("A", "Views, interests and aspirations", "text",
            hint="What the child or young person and their family say about themselves, "
                 "what they enjoy and what they hope for"),
    Section("B", "Special educational needs", "needs",
            hint="Every identified need, grouped by area"),
    Section("C", "Health needs related to special educational needs", "text"),
    Section("D", "Social care needs related to special educational needs or disability",
            "text"),
    Section("E", "Outcomes", "outcomes",
            hint="What the provision should achieve, each linked to the needs it meets"),
    Section("F", "Special educational provision", "provision",
            hint="Specific and quantified: what, who, how often and for how long"),
    Section("G", "Health provision", "provision"),
    Section("H1", "Social care provision under section 2 of the Chronically Sick and "
            "Disabled Persons Act 1970", "provision"),
    Section("H2", "Other social care provision", "provision"),
    Section("I", "Placement", "placement", in_draft=False,
            hint="The school or college and its type: named in the final plan only"),
    Section("J", "Personal budget", "budget",
            hint="Amounts for each section and any direct payment arrangements"),
    Section("K", "Advice and information", "advice",
            hint="The advice gathered during the EHC needs assessment"),
)
# fmt: on
SECTIONS_BY_CODE: dict[str, Section] = {s.code: s for s in SECTIONS}
SECTIONS_BY_SLUG: dict[str, Section] = {s.slug: s for s in SECTIONS}
SECTION_CODES: tuple[str, ...] = tuple(s.code for s in SECTIONS)
DRAFT_SECTION_CODES: tuple[str, ...] = tuple(s.code for s in SECTIONS if s.in_draft)


class NeedArea(models.TextChoices):
    """The four broad areas of need (CoP 6.28)."""

    COMMUNICATION = "communication_interaction", "Communication and interaction"
    COGNITION = "cognition_learning", "Cognition and learning"
    SEMH = "semh", "Social, emotional and mental health"
    SENSORY_PHYSICAL = "sensory_physical", "Sensory and/or physical"


class PreparingForAdulthood(models.TextChoices):
    """The four preparing-for-adulthood areas (CoP 8.5), from year 9."""

    EMPLOYMENT = "employment", "Paid employment and higher education"
    INDEPENDENT_LIVING = "independent_living", "Independent living"
    COMMUNITY = "community", "Community participation"
    HEALTH = "health", "Good health"


class ProvisionSection(models.TextChoices):
    F = "F", "F: special educational provision"
    G = "G", "G: health provision"
    H1 = "H1", "H1: social care provision (CSDPA 1970 s2)"
    H2 = "H2", "H2: other social care provision"


class Agency(models.TextChoices):
    """Who answers for a piece of provision being delivered: the family's first question
    when it is not."""

    LA_EDUCATION = "la_education", "Local authority (education)"
    HEALTH = "health", "Health commissioner (ICB)"
    SOCIAL_CARE = "social_care", "Social care"
    SCHOOL = "school", "School or college"


# Who may be responsible for each section's provision. F: the LA must secure it (CFA
# s42(2)), though the school or college may deliver it from its own budget; G: the health
# commissioning body must arrange it (s42(3)); H: the LA's social care services.
SECTION_AGENCIES: dict[str, tuple[str, ...]] = {
    ProvisionSection.F: (Agency.LA_EDUCATION, Agency.SCHOOL),
    ProvisionSection.G: (Agency.HEALTH,),
    ProvisionSection.H1: (Agency.SOCIAL_CARE,),
    ProvisionSection.H2: (Agency.SOCIAL_CARE,),
}


class InstitutionKind(models.TextChoices):
    EARLY_YEARS = "early_years", "Early years setting"
    MAINSTREAM = "mainstream", "Mainstream school (maintained)"
    ACADEMY = "academy", "Academy or free school"
    RESOURCED = "resourced", "Mainstream school with a resourced provision"
    SPECIAL = "special", "Special school (maintained)"
    SPECIAL_ACADEMY = "special_academy", "Special academy"
    INDEPENDENT_SPECIAL = "independent_special", "Independent special school"
    FE_COLLEGE = "fe_college", "Further education college"
    SIXTH_FORM = "sixth_form", "Sixth form college"
    POST16_SPECIALIST = "post16_specialist", "Specialist post-16 institution"


class BudgetArrangement(models.TextChoices):
    """How a personal budget is held (Reg 49-50 of the Regulations, CoP 9.101)."""

    DIRECT_PAYMENT = "direct_payment", "Direct payment to the family or young person"
    NOTIONAL = "notional", "Notional arrangement (the council or school holds the money)"
    THIRD_PARTY = "third_party", "Third-party arrangement"
