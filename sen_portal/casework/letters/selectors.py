"""Reads of letters for pages; each a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet

from sen_portal.casework.models import Child, Letter
from sen_portal.casework.selectors import children_visible_to
from sen_portal.prepared import CASE_ID, Prepared, known_parent

# "Letters to post today": the most one page (and one combined PDF) holds.
TO_POST_LIMIT = 200


LETTERS_SHOWN = 50
# Compiled once per process (issue #22): every case page reads them.
_CASE_LETTERS = Prepared(
    lambda marker: (
        Letter.objects.filter(child_id=marker)
        .select_related("document")
        .order_by("-dated_on", "-created_at")[:LETTERS_SHOWN]
    ),
    marker=CASE_ID,
)


def letters_for_child(*, child: Child) -> list[Letter]:
    """The case page's letters, the latest LETTERS_SHOWN, newest first. One query."""
    letters = _CASE_LETTERS.objects(child.pk)
    known_parent(letters, "child", child)
    return letters


def family_letters(*, child: Child) -> list[Letter]:
    """The letters sent to the family, newest first, each with its PDF (None while the
    worker is still making it: the family's page says so). One query."""
    return list(
        Letter.objects.filter(child=child, audience=Letter.Audience.FAMILY)
        .select_related("document")
        .order_by("-dated_on", "-created_at")
    )


def letters_to_post(*, user) -> QuerySet[Letter]:
    """Rendered letters to go by post and not posted yet, on the cases this user may
    see, oldest first (so nothing waits). Bounded to TO_POST_LIMIT."""
    return (
        Letter.objects.filter(
            child__in=children_visible_to(user=user),
            delivery=Letter.Delivery.POST,
            sent_on__isnull=True,
            document__isnull=False,
        )
        .select_related("child", "document")
        .order_by("created_at", "pk")
    )
