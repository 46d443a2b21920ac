"""What the plan views share: who may read and write, refusing a step with a clear message,
the buttons a plan page offers, and the confirmation page each transition goes through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django_fsm import can_proceed, has_transition_perm

from plans.models import Plan
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework import steps
from sen_portal.casework.views import steps as step_pages

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
    """409 Conflict: not possible in the state the plan is in now (casework's one
    refused page)."""
    return step_pages.refused(request, message, back_url, record="the plan")


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
    template: str = step_pages.STEP_TEMPLATE,
    extra: dict | None = None,
    next_url: str = "",
):
    """The step page (casework/views/steps.py) of a plan's transition ``method``."""
    return step_pages.step_page(
        request,
        step=(plan, method),
        form=form,
        run=run,
        success=success,
        title=title,
        submit_label=submit_label,
        intro=intro,
        warning=warning,
        back_url=plan_url(plan),
        next_url=next_url,
        child=plan.child,
        record="the plan",
        template=template,
        extra={"plan": plan, **(extra or {})},
    )
