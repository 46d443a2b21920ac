"""What the plan views share: who may read and write, refusing a step with a clear message,
the buttons a plan page offers, and the confirmation page each transition goes through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django_fsm import can_proceed, has_transition_perm

from plans.forms import apply_service_errors
from plans.models import Plan
from plans.services import ActionRefused
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework import steps

# Staff who may read plans (system administrators read every case; they decide nothing).
READERS = (*CASE_ROLES, Role.ADMIN)
# Who changes plans: the case roles (object rules then say which team's cases).
WRITERS = CASE_ROLES
# Families read what was issued to them.
ISSUED_READERS = (*READERS, Role.FAMILY)


def post_data(request):
    return request.POST if request.method == "POST" else None


def plan_url(plan: Plan) -> str:
    return reverse("plans:plan_detail", args=[plan.pk])


def section_url(plan: Plan, code: str) -> str:
    return reverse("plans:section", args=[plan.pk, code.lower()])


def refused(request, message: str, back_url: str):
    """409 Conflict: not possible in the state the plan is in now (perhaps someone else
    has just changed it). Nothing was changed."""
    return render(
        request, "plans/refused.html", {"message": message, "back_url": back_url}, status=409
    )


@dataclass(frozen=True)
class Action:
    method: str  # the transition on Plan
    label: str
    url_name: str
    style: str = ""  # "" (primary), "secondary" or "warning"
    # What the action means, when its label alone does not say (shown under the buttons).
    hint: str = ""

    @property
    def button_class(self) -> str:
        return f"govuk-button govuk-button--{self.style}" if self.style else "govuk-button"


PLAN_ACTIONS = (
    Action("issue_draft", "Check and issue the draft plan", "plans:plan_issue_draft"),
    Action("consult", "Consult a school or college", "plans:plan_consult", "secondary"),
    Action("issue_final", "Check and issue the final plan", "plans:plan_issue_final"),
    Action(
        "bring_into_force",
        "Record that the plan is in force",
        "plans:plan_bring_into_force",
        hint="Record that the plan is in force: the day the final plan takes effect (usually "
        "the day it is issued, or the date it names). From then the council must secure "
        "the provision in section F (CFA 2014 s42).",
    ),
    Action("withdraw", "Withdraw the plan", "plans:plan_withdraw", "warning"),
    # Amending the issued plan (Regs 20-22).
    Action("start_amendment", "Start amending the plan", "plans:amendment_start", "secondary"),
    Action(
        "propose_amendments",
        "Check and send the proposed amendments",
        "plans:amendment_propose",
    ),
    Action(
        "consult_on_amendment", "Consult a school or college", "plans:plan_consult", "secondary"
    ),
    Action("issue_amended", "Check and issue the amended plan", "plans:amendment_issue"),
    Action("keep_unamended", "Decide not to amend", "plans:amendment_not", "warning"),
)
# The issues that wait for conditions, in the order a plan meets them.
BLOCKERS = ("issue_draft", "issue_final", "propose_amendments", "issue_amended")


def available_actions(plan: Plan, user) -> list[Action]:
    """A button only where the transition is legal now (source state and conditions) and
    this user may take it (its permission)."""
    return [a for a in PLAN_ACTIONS if has_transition_perm(getattr(plan, a.method), user)]


def waiting_for(plan: Plan) -> list[str]:
    """What stands between the plan and its next issue, for the plan page."""
    for method in BLOCKERS:
        if can_proceed(getattr(plan, method), check_conditions=False):
            return steps.unmet(plan, method)
    return []


def precheck(plan: Plan, method: str, user) -> str:
    """'' if ``user`` may take transition ``method`` now; otherwise the message to show.
    Raises PermissionDenied where the step is possible but not for this user."""
    bound = getattr(plan, method)
    if not can_proceed(bound, check_conditions=False):
        return (
            f"This cannot be done now: the plan is {plan.get_status_display().lower()}. "
            "Nothing was changed."
        )
    if not can_proceed(bound):
        return "This cannot be done yet: " + "; ".join(steps.unmet(plan, method)) + "."
    if not has_transition_perm(bound, user):
        raise PermissionDenied
    return ""


def transition_page(
    request,
    *,
    plan: Plan,
    method: str,
    form,
    run: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    title: str,
    submit_label: str,
    intro: str = "",
    warning: bool = False,
    template: str = "plans/confirm.html",
    extra: dict | None = None,
    next_url: str = "",
):
    """GET: the confirmation form. POST: the service, then back to the plan (PRG).

    The check here only decides what to show; the service repeats it under a row lock,
    so a POST that races another one, or is made up by hand, is refused all the same.
    """
    back_url = plan_url(plan)
    message = precheck(plan, method, request.user)
    if message:
        return refused(request, message, back_url)
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data)
        except ActionRefused as exc:
            return refused(request, str(exc), back_url)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(next_url or back_url)
    context = {
        "form": form,
        "plan": plan,
        "child": plan.child,
        "title": title,
        "intro": intro,
        "submit_label": submit_label,
        "warning": warning,
        "back_url": back_url,
        **(extra or {}),
    }
    return render(request, template, context)
