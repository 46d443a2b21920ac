"""Pages for statutory deadlines."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sen_portal.access import allow
from sen_portal.accounts.roles import CASE_ROLES
from sen_portal.casework.access import get_child_for_user
from sen_portal.casework.forms.deadlines import DeadlineExceptionForm
from sen_portal.casework.models import Deadline
from sen_portal.casework.services import deadlines


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
