"""The unread notifications count in the header, on every staff page."""

from django import template

from sen_portal.accounts.roles import STAFF_ROLES
from sen_portal.casework.selectors import unread_count_for_user

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """For staff, the count read with the signed-in user (accounts.backends: no query of
    its own), or else one indexed COUNT per page (cached on the request if the header is
    rendered twice); nothing at all for families and signed-out visitors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role not in STAFF_ROLES:
        return 0
    if getattr(user, "unread_notifications", None) is not None:
        return user.unread_notifications
    if not hasattr(request, "_unread_notification_count"):
        request._unread_notification_count = unread_count_for_user(user=user)
    return request._unread_notification_count
