"""Pages for statutory deadlines and the notifications they cause."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sen_portal.access import allow
from sen_portal.accounts.roles import CASE_ROLES, STAFF_ROLES
from sen_portal.casework import deadlines, notifications
from sen_portal.casework.access import get_child_for_user
from sen_portal.casework.deadline_forms import DeadlineExceptionForm
from sen_portal.casework.models import Deadline

NOTIFICATIONS_PAGE_SIZE = 25


@allow(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def deadline_exception(request, child_id, deadline_id):
    """Record why a time limit does not apply. Caseworkers and managers of the child's
    team only; a deadline of another case is "not found", like the case itself."""
    child = get_child_for_user(request, child_id, write=True)
    deadline = Deadline.objects.filter(pk=deadline_id, child=child).first()
    if deadline is None or not deadline.can_record_exception:
        raise Http404("No such deadline, or it takes no exception")
    deadline.child = child  # already loaded, with its team and caseworker
    form = DeadlineExceptionForm(request.POST or None, deadline=deadline)
    if request.method == "POST" and form.is_valid():
        try:
            deadlines.deadline_record_exception(
                deadline=deadline,
                reason=form.cleaned_data["exception_reason"],
                starts_on=form.cleaned_data["exception_starts_on"],
                ends_on=form.cleaned_data["exception_ends_on"],
                note=form.cleaned_data["exception_note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except deadlines.DeadlineTransitionNotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Exception recorded: {deadline.title}")
            return redirect(reverse("casework:child_detail", args=[child.pk]) + "#deadlines")
    return render(
        request,
        "casework/deadline_exception_form.html",
        {"form": form, "child": child, "deadline": deadline},
    )


@allow(*STAFF_ROLES)
def notification_list(request):
    """The signed-in user's notifications, newest first. Viewing a page marks what it
    shows as read; this render still flags them as new so the reader can see which."""
    page = Paginator(
        notifications.notifications_for_user(user=request.user), NOTIFICATIONS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
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
    notifications.notifications_mark_read(user=request.user, ids=unread)
    return render(
        request,
        "casework/notification_list.html",
        {"page": page, "items": items, "new_ids": set(unread)},
    )
