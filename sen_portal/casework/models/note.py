"""Case notes and the communication log: calls, emails, meetings and letters received,
recorded against a child's case by the staff who run it.

A note is staff-only unless the person recording it marks it to share with the family
(then the family portal shows it). Notes are written once and never edited: a correction
is a new note, so the record of what was said stays as it was (who recorded it and when
are kept on the row and in the chronology).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sen_portal.base_models import BaseModel
from sen_portal.casework.models.case import Child
from sen_portal.casework.models.document import Document


class NoteKind(models.TextChoices):
    PHONE_CALL = "phone_call", "Phone call"
    EMAIL = "email", "Email"
    MEETING = "meeting", "Meeting or visit"
    LETTER_RECEIVED = "letter_received", "Letter received"
    NOTE = "note", "Case note"


class CaseNote(BaseModel):
    Kind = NoteKind

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="case_notes")
    kind = models.CharField("What kind of record", max_length=20, choices=NoteKind.choices)
    happened_on = models.DateField("Date it happened")
    with_whom = models.CharField("Who with or from", max_length=150, blank=True)
    subject = models.CharField("What it was about", max_length=200)
    body = models.TextField("Note")
    # Staff only unless shared on purpose: the portal promises parents they never see
    # staff notes (templates/family/invite.html).
    shared_with_family = models.BooleanField("Shared with the family", default=False)
    attachments = models.ManyToManyField(Document, blank=True, related_name="case_notes")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on", "-created_at"]
        indexes = [
            # The case page's notes panel and the "show all" page: one child's, newest first.
            models.Index(
                fields=["child", "-happened_on", "-created_at"], name="note_child_time_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=NoteKind.values), name="case_note_kind_known"
            ),
            models.CheckConstraint(condition=~Q(subject=""), name="case_note_has_subject"),
            models.CheckConstraint(condition=~Q(body=""), name="case_note_has_body"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def heading(self) -> str:
        """ "Phone call with Northshire Primary School", "Case note"."""
        label = self.get_kind_display()
        if not self.with_whom:
            return label
        joiner = "from" if self.kind == NoteKind.LETTER_RECEIVED else "with"
        return f"{label} {joiner} {self.with_whom}"
