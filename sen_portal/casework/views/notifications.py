"""The signed-in member of staff's notifications page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from sen_portal.access import allow
from sen_portal.accounts.roles import STAFF_ROLES
from sen_portal.casework.selectors.notifications import notifications_for_user
from sen_portal.casework.services.notifications import notifications_mark_read

NOTIFICATIONS_PAGE_SIZE = 25


@allow(*STAFF_ROLES)
def notification_list(request):
    """The signed-in user's notifications, newest first. Viewing a page marks what it
    shows as read; this render still flags them as new so the reader can see which."""
    page = Paginator(notifications_for_user(user=request.user), NOTIFICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = list(page.object_list)
    # Signed in, staff who may see the case read the child's name beside its reference
    # (the email never names them: DESIGN principle 10). casework.view_child is a rule
    # on the row already loaded: no query.
    for n in items:
        child = n.deadline.child if n.deadline_id else None
        n.case_name = (
            child.full_name
            if child is not None and request.user.has_perm("casework.view_child", child)
            else ""
        )
    unread = [n.pk for n in items if n.read_at is None]
    notifications_mark_read(user=request.user, ids=unread)
    return render(
        request,
        "casework/notification_list.html",
        {"page": page, "items": items, "new_ids": set(unread)},
    )
