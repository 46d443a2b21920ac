"""What every workflow shares: the child or young person, their family, and the chronology."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from sen_portal.base_models import BaseModel
from sen_portal.casework.identifiers import validate_nhs_number, validate_uln, validate_upn


class Child(BaseModel):
    """A child or young person (0-25) known to the SEN service. The case is theirs."""

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

    class Meta:
        verbose_name_plural = "children"
        ordering = ["last_name", "first_name"]
        indexes = [
            # The caseload: a team's cases in name order.
            models.Index(fields=["team", "last_name", "first_name"], name="child_team_name_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

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


class ChronologyIsAppendOnly(Exception):
    """The case history is evidence: events are written once and never changed."""


class ChronologyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ChronologyIsAppendOnly("chronology events cannot be changed")

    def delete(self):
        raise ChronologyIsAppendOnly("chronology events cannot be deleted")


class ChronologyEvent(models.Model):
    """One thing that happened on a case: who, what, when, and any change of state.

    Append-only in Python (here) and in the database (a trigger, see the migration), so
    the history families, managers and tribunals ask for cannot be rewritten.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="chronology")
    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the system acted (for example a deadline sweep)",
    )
    kind = models.CharField(max_length=60, help_text="A stable code, e.g. case_opened")
    summary = models.CharField(max_length=300)
    note = models.TextField(blank=True)
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_id = models.CharField(max_length=40, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    # Staff notes never reach the family portal; only events marked here do.
    visible_to_family = models.BooleanField(default=False)

    objects = ChronologyQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # The case page timeline: newest events of one child.
            models.Index(fields=["child", "-occurred_at"], name="chronology_child_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.summary}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ChronologyIsAppendOnly("chronology events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ChronologyIsAppendOnly("chronology events cannot be deleted")


class RecordAccess(models.Model):
    """Who opened which child's record, and when: the answer to "who has looked at my child?"."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="access_log")
    accessed_at = models.DateTimeField(default=timezone.now)
    path = models.CharField(max_length=300)

    class Meta:
        ordering = ["-accessed_at"]
        indexes = [
            models.Index(fields=["child", "-accessed_at"], name="access_child_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.child_id} at {self.accessed_at:%Y-%m-%d %H:%M}"
