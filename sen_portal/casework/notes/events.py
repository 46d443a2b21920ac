"""Chronology kinds of case notes and documents uploaded to a case (family wording)."""

from django.db import models


class NoteEvent(models.TextChoices):
    NOTE_RECORDED = "case_note_recorded", "Your caseworker recorded a note for you"
    DOCUMENT_SHARED = "document_shared", "We shared a document with you"
