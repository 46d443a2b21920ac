"""Who changed what in the local offer. Not the case chronology: the local offer touches
no case data, so it keeps its own small, append-only log."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ChangeLogIsAppendOnly(Exception):
    pass


class LocalOfferChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ChangeLogIsAppendOnly("local offer changes cannot be rewritten")

    def delete(self):
        raise ChangeLogIsAppendOnly("local offer changes cannot be deleted")


class LocalOfferChange(models.Model):
    class ObjectType(models.TextChoices):
        SERVICE = "service", "Service"
        ORGANIZATION = "organization", "Organisation"
        COMMENT = "comment", "Comment"
        RESPONSE = "response", "Response"

    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the system acted (for example a data import)",
    )
    action = models.CharField(max_length=40, help_text="A stable code, e.g. service_published")
    object_type = models.CharField(max_length=20, choices=ObjectType.choices)
    object_id = models.UUIDField()
    summary = models.CharField(max_length=300)
    # Names of the fields that changed, never their values (comments may hold personal data).
    fields = models.JSONField(default=list, blank=True)

    objects = LocalOfferChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # The history on an entry's editor page: newest changes to one object.
            models.Index(
                fields=["object_type", "object_id", "-occurred_at"], name="lo_change_object_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ChangeLogIsAppendOnly("local offer changes cannot be rewritten")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ChangeLogIsAppendOnly("local offer changes cannot be deleted")
