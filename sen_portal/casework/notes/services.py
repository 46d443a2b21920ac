"""Recording case notes and uploading documents to a case. Each writes the chronology in
the same transaction (who recorded it, when), and each refuses anyone who does not run
the case (casework.run_case: the caseworkers and managers of the child's team)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from sen_portal.casework.models import CaseNote, Child, Document
from sen_portal.casework.notes import attach_points
from sen_portal.casework.notes.events import NoteEvent
from sen_portal.casework.rules import runs_the_case
from sen_portal.casework.services import chronology_record, delete_files_on_error, document_store


def _check_runs_the_case(child: Child, user) -> None:
    if not runs_the_case(child, user):
        raise PermissionDenied("Only the staff who run this case can record on it")


def _attach_to_step(document: Document, point: attach_points.AttachPoint | None) -> None:
    if point is None:
        return
    document.step = point.step
    document.step_label = point.label
    document.save(update_fields=["step_type", "step_id", "step_label", "updated_at"])


def _step(child: Child, step_key: str) -> attach_points.AttachPoint | None:
    if not step_key:
        return None
    point = attach_points.find(child, step_key)
    if point is None:
        raise ValidationError({"step": "Select a step of this case, or the case in general"})
    return point


@transaction.atomic
def case_note_record(
    *,
    child: Child,
    kind: str,
    happened_on: datetime.date,
    subject: str,
    body: str,
    with_whom: str = "",
    shared_with_family: bool = False,
    uploads: Sequence[UploadedFile] = (),
    step_key: str = "",
    acting_user,
) -> CaseNote:
    """A call, an email, a meeting, a letter received or a note, with any attachments
    (checked by content, as every upload is). Staff only unless ``shared_with_family``:
    then the note and its attachments appear in the family portal, and the family's
    accounts are told there is an update."""
    _check_runs_the_case(child, acting_user)
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": "The date it happened must be today or in the past"})
    point = _step(child, step_key)
    note = CaseNote(
        child=child,
        kind=kind,
        happened_on=happened_on,
        with_whom=with_whom.strip(),
        subject=subject.strip(),
        body=body.strip(),
        shared_with_family=shared_with_family,
        recorded_by=acting_user,
    )
    note.full_clean()
    note.save()
    with delete_files_on_error():
        documents = []
        for upload in uploads:
            document = document_store(
                child=child,
                upload=upload,
                title=f"{note.heading}: {upload.name or 'attachment'}",
                acting_user=acting_user,
                shared_with_family=shared_with_family,
            )
            _attach_to_step(document, point)
            documents.append(document)
        note.attachments.add(*documents)
    if shared_with_family:
        summary = f"{note.heading}: {note.subject}"
    else:
        # The chronology is read by everyone who may see the case (system administrators
        # too): a staff-only note's content stays in the notes panel.
        summary = f"{note.get_kind_display()} recorded (staff only)"
    chronology_record(
        child=child,
        actor=acting_user,
        kind=NoteEvent.NOTE_RECORDED,
        summary=summary[:300],
        subject=note,
        visible_to_family=shared_with_family,
    )
    return note


@transaction.atomic
def case_document_upload(
    *,
    child: Child,
    upload: UploadedFile,
    title: str = "",
    step_key: str = "",
    shared_with_family: bool = False,
    acting_user,
) -> Document:
    """A document uploaded to the case directly (a school's reply to a consultation, the
    family's comments on a draft), attached to the step it belongs to."""
    _check_runs_the_case(child, acting_user)
    point = _step(child, step_key)
    with delete_files_on_error():
        document = document_store(
            child=child,
            upload=upload,
            title=title,
            acting_user=acting_user,
            shared_with_family=shared_with_family,
        )
        _attach_to_step(document, point)
    if shared_with_family:
        chronology_record(
            child=child,
            actor=acting_user,
            kind=NoteEvent.DOCUMENT_SHARED,
            summary=f"We shared a document with you: {document.title}"[:300],
            subject=document,
            visible_to_family=True,
        )
    return document
