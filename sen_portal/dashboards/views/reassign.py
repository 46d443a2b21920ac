"""Reassign cases from the caseloads page: choose some of one person's cases and who
they go to, confirm, and the cases move (each with a `case_reassigned` chronology
event). Managers reassign within their own team, administrators within any team;
anybody else's people are not found (404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from sen_portal.access import allow
from sen_portal.accounts.models import User
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework.models import Child, Deadline
from sen_portal.dashboards import services
from sen_portal.dashboards.forms import ReassignForm


def _person_for(user: User, user_id: int) -> User:
    person = get_object_or_404(User.objects.select_related("team"), pk=user_id, role__in=CASE_ROLES)
    if not services.may_reassign_from(user, person):
        raise Http404("Not one of your team")
    return person


def _their_cases(person: User) -> list[Child]:
    live = Q(deadlines__status__in=[Deadline.Status.OPEN, Deadline.Status.BREACHED])
    return list(
        Child.objects.filter(caseworker=person, team_id=person.team_id)
        .annotate(open_deadlines=Count("deadlines", filter=live))
        .order_by("last_name", "first_name")
    )


@allow(Role.MANAGER, Role.ADMIN)
def reassign(request, user_id: int):
    person = _person_for(request.user, user_id)
    # Back to the caseloads page as it was: an administrator's chosen team is kept.
    back = reverse("dashboards:caseloads")
    if request.user.role == Role.ADMIN:
        back = f"{back}?team={person.team_id}"
    children = _their_cases(person)
    form = ReassignForm(
        request.POST if request.method == "POST" else None, from_user=person, children=children
    )
    context = {"person": person, "children": children, "form": form, "back": back}
    if request.method != "POST" or not form.is_valid():
        chosen = set(form["cases"].value() or []) if request.method == "POST" else set()
        return render(request, "dashboards/reassign.html", {**context, "chosen": chosen})
    chosen_ids = form.cleaned_data["cases"]
    to_user = form.cleaned_data["to"]
    chosen = [c for c in children if str(c.pk) in set(chosen_ids)]
    if request.POST.get("confirmed") != "yes":
        return render(
            request,
            "dashboards/reassign_confirm.html",
            {**context, "chosen": chosen, "to_user": to_user},
        )
    try:
        moved = services.cases_reassign(
            acting_user=request.user, from_user=person, to_user=to_user, child_ids=chosen_ids
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "dashboards/reassign.html", {**context, "chosen": set(chosen_ids)})
    count = len(moved)
    messages.success(
        request,
        f"{count} case{'' if count == 1 else 's'} reassigned from {person.full_name} "
        f"to {to_user.full_name}",
    )
    return redirect(back)
