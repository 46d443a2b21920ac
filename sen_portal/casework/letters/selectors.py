"""Reads of letters for pages; each a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet

from sen_portal.casework.models import Child, Letter
from sen_portal.casework.selectors import children_visible_to

# "Letters to post today": the most one page (and one combined PDF) holds.
TO_POST_LIMIT = 200


def letters_for_child(*, child: Child, limit: int = 50) -> list[Letter]:
    """The case page's letters, newest first. One query."""
    return list(
        Letter.objects.filter(child=child)
        .select_related("document")
        .order_by("-dated_on", "-created_at")[:limit]
    )


def family_letters(*, child: Child) -> list[Letter]:
    """The letters sent to the family (rendered), newest first. One query."""
    return list(
        Letter.objects.filter(child=child, audience=Letter.Audience.FAMILY, document__isnull=False)
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
