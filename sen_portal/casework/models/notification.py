"""The notifications outbox: what the deadline sweep (and later workflows) want a member
of staff to know. Written in the same transaction as the change that causes it, delivered
by email later by casework.tasks.deliver_notifications, and listed in the app.

Subject and body travel by email, so they carry no personal data (DESIGN.md principle 10):
no name, no needs, not even the LA reference, which is pseudonymous case data. They say
which kind of step is due and when, and send the reader to the signed-in notifications
page, where the case is shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sen_portal.base_models import BaseModel
from sen_portal.casework.models.deadline import Deadline


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", "Reminder"
    ESCALATION = "escalation", "Escalation"
    BREACH = "breach", "Deadline missed"
    ADVICE_REQUESTED = "advice_requested", "Advice requested"
    # To a family portal account: something they can see on their case changed.
    FAMILY_UPDATE = "case_update", "Update on a case (family)"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Could not be sent"


class Notification(BaseModel):
    Kind = NotificationKind
    Status = NotificationStatus

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # What makes a notification "the same one": e.g. "reminder:<deadline>:<lead>:<user>".
    # Unique, so a sweep run twice, or by two workers at once, cannot write it twice.
    dedupe_key = models.CharField(max_length=150, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # The signed-in page to open. Staff emails link to the notifications page (the app
    # shows this link there); a family's email links here, as they have no such page.
    link_path = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(
        help_text="Not before this time: failed sends back off exponentially"
    )
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The delivery task: pending rows whose next attempt is due, oldest first.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(status="pending"),
                name="notification_pending_idx",
            ),
            # The header badge: a user's unread count, on every staff page.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            # The notifications page: a user's newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_list_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="notification_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=NotificationStatus.values),
                name="notification_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="notification_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id}: {self.subject}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
