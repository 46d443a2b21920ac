"""The child or young person whose case it is, and their family."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from sen_portal import timescales
from sen_portal.base_models import BaseModel
from sen_portal.casework.identifiers import validate_nhs_number, validate_uln, validate_upn
from sen_portal.sen2_codes import Ethnicity, Sex, UpnUnknown

# --- SEN2 person items (STATUTORY.md section 6) ---------------------------------------
# The DfE codes are stored as they are returned, so the SEN2 export writes them unchanged.


class Child(BaseModel):
    """A child or young person (0-25) known to the SEN service. The case is theirs."""

    Sex = Sex
    Ethnicity = Ethnicity
    UpnUnknown = UpnUnknown

    # Not guessable: ids appear in URLs that families and advice givers use too.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="What they like to be called, if different"
    )
    date_of_birth = models.DateField()
    la_reference = models.CharField(
        "LA reference",
        max_length=30,
        unique=True,
        help_text="The council's case reference, for example NS-2025-0001",
        error_messages={"unique": "A case with this LA reference already exists"},
    )
    upn = models.CharField(
        "Unique pupil number (UPN)",
        max_length=13,
        blank=True,
        validators=[validate_upn],
        help_text="13 characters, on school records",
    )
    uln = models.CharField(
        "Unique learner number (ULN)",
        max_length=10,
        blank=True,
        validators=[validate_uln],
        help_text="10 digits, for young people in further education or training",
    )
    upn_unknown_reason = models.CharField(
        "Reason there is no UPN",
        max_length=4,  # UN1 to UN10
        choices=UpnUnknown.choices,
        blank=True,
        help_text="Only when there is no unique pupil number: the SEN2 return asks why",
    )
    sex = models.CharField("Sex", max_length=1, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(
        "Ethnicity",
        max_length=4,
        choices=Ethnicity.choices,
        blank=True,
        help_text="As the child, young person or family describe it",
    )
    nhs_number = models.CharField(
        "NHS number",
        max_length=10,
        blank=True,
        validators=[validate_nhs_number],
        help_text="10 digits, for example 943 476 5919",
    )
    address_line_1 = models.CharField("Address line 1", max_length=120, blank=True)
    address_line_2 = models.CharField("Address line 2", max_length=120, blank=True)
    town = models.CharField("Town or city", max_length=80, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="children")
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_children",
        help_text="The caseworker who runs this case",
    )
    # The case's earliest live statutory deadline (open, missed or excepted): what the
    # caseload sorts by. Kept by the database itself, in the same transaction as the
    # deadline rows (triggers on casework_deadline, migration 0012), so it is right
    # whoever writes the deadlines (services, the sweep's set-based UPDATE, raw SQL);
    # never written from Python (save() leaves it out).
    next_due_on = models.DateField(null=True, blank=True, editable=False)
    next_due_code = models.CharField(
        max_length=40, blank=True, editable=False, default="", db_default=""
    )

    # Written only by the database (see next_due_on).
    DATABASE_MAINTAINED = frozenset({"next_due_on", "next_due_code"})

    class Meta:
        verbose_name_plural = "children"
        ordering = ["last_name", "first_name"]
        indexes = [
            # The caseload: a team's cases in name order.
            models.Index(fields=["team", "last_name", "first_name"], name="child_team_name_idx"),
            # The caseload's order (soonest deadline first, none last: PostgreSQL's ASC
            # puts NULLs last), so a page is read from the index whatever the team's size:
            # by team, and for administrators across every team.
            models.Index(
                fields=["team", "next_due_on", "last_name", "first_name", "id"],
                name="child_caseload_idx",
            ),
            models.Index(
                fields=["next_due_on", "last_name", "first_name", "id"],
                name="child_caseload_all_idx",
            ),
        ]
        constraints = [
            # SEN2: the reason a UPN is unknown is given only when there is no UPN.
            models.CheckConstraint(
                condition=models.Q(upn="") | models.Q(upn_unknown_reason=""),
                name="child_upn_or_reason_not_both",
                violation_error_message="Give either a UPN or the reason there is none",
            ),
            models.CheckConstraint(
                condition=models.Q(sex__in=["", *Sex.values]), name="child_sex_known"
            ),
            models.CheckConstraint(
                condition=models.Q(ethnicity__in=["", *Ethnicity.values]),
                name="child_ethnicity_known",
            ),
            models.CheckConstraint(
                condition=models.Q(upn_unknown_reason__in=["", *UpnUnknown.values]),
                name="child_upn_unknown_known",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        # An instance loaded before a deadline changed holds an old next deadline: an
        # UPDATE of every column would put it back. Update the other columns only.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.DATABASE_MAINTAINED
            ]
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.first_name

    def age_on(self, day) -> int:
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    # Who holds the rights under CFA Part 3: the parent while this is a child, the young
    # person themselves from the day after the school leaving date until the day before
    # their 25th birthday (CFA s83(2); Education Act 1996 s8(3)). One rule, in
    # sen_portal/timescales.py, for requests, the portal and every notice.
    @property
    def young_person_from(self):
        return timescales.young_person_from(self.date_of_birth)

    @property
    def young_person_until(self):
        return timescales.young_person_until(self.date_of_birth)

    def is_young_person_on(self, day) -> bool:
        return timescales.is_young_person(self.date_of_birth, day)


class FamilyMember(BaseModel):
    """A parent, carer or other relative linked to a child's case."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        PARENT = "parent", "Parent"
        STEP_PARENT = "step_parent", "Step-parent"
        FOSTER_CARER = "foster_carer", "Foster carer"
        SPECIAL_GUARDIAN = "special_guardian", "Special guardian"
        GRANDPARENT = "grandparent", "Grandparent"
        SIBLING = "sibling", "Brother or sister"
        CORPORATE_PARENT = "corporate_parent", "Corporate parent (local authority)"
        OTHER = "other", "Other"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="family_members")
    full_name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    parental_responsibility = models.BooleanField(
        "Has parental responsibility",
        default=False,
        help_text="Only people with parental responsibility hold a parent's rights under the law",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    is_main_contact = models.BooleanField("Main contact", default=False)
    # Whether their portal account may reach this case is not stored here: the young
    # person's decision decides it for every family member, present or added later
    # (sen_portal.family.access.may_see_case).
    # The family portal account, once they accept an invitation.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="family_links",
    )

    class Meta:
        ordering = ["-is_main_contact", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(is_main_contact=True),
                name="family_one_main_contact",
            ),
            models.UniqueConstraint(
                fields=["child", "user"],
                condition=models.Q(user__isnull=False),
                name="family_user_linked_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_relationship_display()})"
