"""What a member of staff is told: their notifications (written by
casework/services/notifications.py)."""

from __future__ import annotations

from django.db.models import QuerySet

from sen_portal.casework.models import Notification


def notifications_for_user(*, user) -> QuerySet[Notification]:
    # The page shows the case reference beside each one: join it, in the same query.
    return (
        Notification.objects.filter(recipient=user)
        .select_related("deadline__child")
        .order_by("-created_at", "-id")
    )


def unread_count_for_user(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
