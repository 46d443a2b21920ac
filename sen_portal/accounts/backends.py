"""Sign-in by email and password (Django's ModelBackend), with the signed-in user read in
one query per request together with what every staff page's header shows: the number of
unread notifications (issue #22: per-request lookups in one round trip, not two)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, IntegerField, OuterRef, Subquery

from sen_portal.casework.models import Notification


def unread_count_subquery() -> Subquery:
    """The user's unread notifications (an index-only count of `notification_unread_idx`)."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(unread, output_field=IntegerField())


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.annotate(
                unread_notifications=unread_count_subquery()
            ).get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        user.unread_notifications = user.unread_notifications or 0
        return user if self.user_can_authenticate(user) else None
