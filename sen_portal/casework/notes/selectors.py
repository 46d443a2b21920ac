"""Reads of case notes. A fixed number of queries whatever the number of notes."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from sen_portal.casework.models import CaseNote, Child, Document
from sen_portal.prepared import CASE_ID, Prepared, known_parent

# The case page shows the newest few; "show all" pages through the rest.
NOTES_ON_CASE_PAGE = 5


def _attachments() -> Prefetch:
    return Prefetch(
        "attachments",
        queryset=Document.objects.only(
            "id", "child_id", "title", "file_type", "size", "created_at"
        ).order_by("created_at"),
    )


def _with_attachments(notes: QuerySet[CaseNote]) -> QuerySet[CaseNote]:
    return notes.select_related("recorded_by").prefetch_related(_attachments())


# The case page's newest notes, compiled once per process (sen_portal.prepared, #22).
_PANEL_NOTES = Prepared(
    lambda marker: (
        CaseNote.objects.filter(child_id=marker)
        .select_related("recorded_by")
        .order_by("-happened_on", "-created_at", "-id")[:NOTES_ON_CASE_PAGE]
    ),
    marker=CASE_ID,
)


def case_notes_for_staff(*, child: Child) -> QuerySet[CaseNote]:
    """Every note of the case, newest first (for a paginator): three queries a page."""
    return _with_attachments(child.case_notes.order_by("-happened_on", "-created_at", "-id"))


def case_notes_panel(*, child: Child) -> tuple[list[CaseNote], int]:
    """The newest notes for the case page and how many there are. Three queries."""
    notes = _PANEL_NOTES.objects(child.pk)
    known_parent(notes, "child", child)
    prefetch_related_objects(notes, _attachments())
    total = len(notes)
    if total == NOTES_ON_CASE_PAGE:
        total = child.case_notes.count()
    return notes, total


def case_notes_shared_with_family(*, child: Child) -> list[CaseNote]:
    """Only the notes marked to share: the family never sees a staff note. Two queries."""
    return list(
        _with_attachments(child.case_notes.filter(shared_with_family=True)).order_by(
            "-happened_on", "-created_at", "-id"
        )
    )
