"""What every plans service shares; the workflow helpers every app uses come from
sen_portal.casework.workflow."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from plans.models import Plan
from plans.rules import runs_the_case
from sen_portal.casework.workflow import (  # noqa: F401 - the services import them from here
    ActionRefused,
    check_date,
    require_text,
    run_transition,
    today,
)


def lock_plan(plan: Plan) -> Plan:
    """A fresh copy under a row lock: whoever gets the lock second sees the first one's
    change (an issued draft, an edit) and is refused or works on the new state."""
    return (
        Plan.objects.select_for_update(of=("self",))
        .select_related("child", "assessment__request", "placement")
        .get(pk=plan.pk)
    )


def state_words(plan: Plan) -> str:
    return f"Nothing was changed: the plan is {plan.get_status_display().lower()}."


def require_editable(plan: Plan, user) -> None:
    if not runs_the_case(plan, user):
        raise PermissionDenied
    if not plan.is_editable:
        raise ActionRefused(
            "The plan can no longer be changed here: it is "
            f"{plan.get_status_display().lower()}. Changes to an issued plan are amendments: "
            "start amending the plan first (Regs 20-22)."
        )
