"""The append-only case history and the log of who read which record."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from sen_portal.casework.models.case import Child


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


class DataExport(models.Model):
    """Who downloaded or exported data about many children at once, when, what and for
    which scope: a SEN2 module holds every child's name, date of birth, postcode and UPN.
    Written by every CSV download and the SEN2 export command; never edited."""

    # None when run from the command line, where ``by`` names the operating-system user.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by = models.CharField(max_length=150, blank=True)
    exported_at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=200)  # "sen2-2026-01-15-person.csv", "sen2_export xml"
    scope = models.CharField(max_length=200)  # "North locality SEN team", "All teams"

    class Meta:
        ordering = ["-exported_at"]
        indexes = [models.Index(fields=["-exported_at"], name="export_time_idx")]

    def __str__(self) -> str:
        return f"{self.user_id or self.by} exported {self.what} ({self.scope})"
