"""What every plans service shares; the workflow helpers every app uses come from
sen_portal.casework.workflow and sen_portal.casework.steps."""

from __future__ import annotations

from plans.models import Plan
from sen_portal.casework import steps
from sen_portal.casework.workflow import (  # noqa: F401 - the services import them from here
    ActionRefused,
    check_date,
    require_text,
    today,
)


def require_editable(plan: Plan, user) -> None:
    steps.authorise(plan, user)
    if not plan.is_editable:
        raise ActionRefused(
            "The plan can no longer be changed here: it is "
            f"{plan.get_status_display().lower()}. Changes to an issued plan are amendments: "
            "start amending the plan first (Regs 20-22)."
        )
