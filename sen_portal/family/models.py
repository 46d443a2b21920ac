"""Who may follow a case in the family portal: invitations, and a young person's say.

The portal reads the workflows; nothing here changes case data. A parent's account is
linked through casework's FamilyMember.user; a young person's own account, and whether
they agree to their parents keeping access, is recorded here (from 16 the rights are
theirs: Children and Families Act 2014 s.80, SEND Regulations 2014 reg.64).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sen_portal.base_models import BaseModel


class Invitation(BaseModel):
    """A single-use link to set a password and follow one child's case.

    Only the SHA-256 of the token is stored: whoever reads the database cannot use a
    pending invitation. The token itself travels once, in the email.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        "casework.Child", on_delete=models.CASCADE, related_name="portal_invitations"
    )
    # A parent's invitation links to their family record; a young person's has none.
    family_member = models.ForeignKey(
        "casework.FamilyMember",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="portal_invitations",
    )
    for_young_person = models.BooleanField(default=False)
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(for_young_person=True, family_member__isnull=True)
                | Q(for_young_person=False, family_member__isnull=False),
                name="invitation_for_parent_or_young_person",
            ),
            models.CheckConstraint(
                condition=Q(token_hash__regex=r"^[0-9a-f]{64}$"),  # noqa: S106 (a pattern)
                name="invitation_token_hash_hex",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation {self.id} for {self.child_id}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and timezone.now() < self.expires_at


class YoungPersonAccess(BaseModel):
    """A young person's own portal account, and whether (from 16) they agree to their
    parents keeping access to their case. Not recorded means parents keep access."""

    child = models.OneToOneField(
        "casework.Child",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="young_person_access",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="young_person_links",
    )
    parents_keep_access = models.BooleanField(null=True, blank=True)
    decision_recorded_at = models.DateTimeField(null=True, blank=True)
    decision_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name_plural = "young people's access"

    def __str__(self) -> str:
        return f"Young person's access for {self.child_id}"


class EmailPreference(BaseModel):
    """Whether a family account wants an email when something on their case changes. No
    row means yes: families are told unless they say otherwise."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="family_email_preference",
    )
    email_updates = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Email updates {'on' if self.email_updates else 'off'} for {self.user_id}"
