"""Sign-in by email and password (Django's ModelBackend), with the signed-in user read in
one query per request together with what every staff page needs about them (issue #22:
per-request lookups in one round trip): the number of unread notifications (the
header's badge), their team (the dashboards' scope and the pages' captions name it) and,
on PostgreSQL, the ids of their confirmed TOTP devices, which
`accounts.middleware.OTPMiddleware` checks the session's verified device against
instead of reading the device again."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django_otp.plugins.otp_totp.models import TOTPDevice

from sen_portal.casework.models import Notification
from sen_portal.prepared import Prepared


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


def per_request_annotations() -> dict:
    annotations = {"unread_notifications": unread_count_subquery()}
    if connection.vendor == "postgresql":
        from django.contrib.postgres.expressions import ArraySubquery

        annotations["confirmed_totp_ids"] = ArraySubquery(
            TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True).values("id")
        )
    return annotations


def _signed_in_user(marker):
    return (
        get_user_model()
        ._default_manager.select_related("team")
        .annotate(**per_request_annotations())
        .filter(pk=marker)
    )


# Compiled once per process: each request only runs the SQL (issue #22).
SIGNED_IN_USER = Prepared(_signed_in_user, marker=-7_654_321)


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        user = SIGNED_IN_USER.get(user_id)
        if user is None:
            return None
        user.unread_notifications = user.unread_notifications or 0
        return user if self.user_can_authenticate(user) else None
