"""What every plans service shares: the refusal, the row lock, running a transition,
dates that must be in the past, and the chronology kinds."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from plans.models import Plan
from plans.rules import runs_the_case
from sen_portal.casework.deadlines import long_date


class ActionRefused(Exception):
    """The step cannot be taken now: the plan has moved on (perhaps someone else has just
    taken the step), or what the step needs first is not done. The message is for the
    user; nothing was changed."""


def today() -> datetime.date:
    return timezone.localdate()


def check_date(
    day: datetime.date, *, field: str, what: str, not_before: datetime.date, before_what: str
) -> None:
    if day > today():
        raise ValidationError({field: f"The {what} must be today or in the past"})
    if day < not_before:
        raise ValidationError(
            {field: f"The {what} must be on or after {before_what} ({long_date(not_before)})"}
        )


def require_text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


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


def run_transition(plan: Plan, name: str, *, user, refused: str, not_ready: str = "", **kwargs):
    """Run transition ``name`` on a locked ``plan`` and save it; returns the state it left."""
    method = getattr(plan, name)
    if not can_proceed(method, check_conditions=False):
        raise ActionRefused(refused)
    if not can_proceed(method):
        raise ActionRefused(not_ready or refused)
    if not has_transition_perm(method, user):
        raise PermissionDenied
    from_state = plan.status
    method(**kwargs)
    try:
        plan.save()
    except ConcurrentTransition:
        raise ActionRefused(refused) from None
    return from_state


def require_editable(plan: Plan, user) -> None:
    if not runs_the_case(plan, user):
        raise PermissionDenied
    if not plan.is_editable:
        raise ActionRefused(
            "The plan can no longer be changed here: it is "
            f"{plan.get_status_display().lower()}. Changes to an issued plan are amendments "
            "after a review."
        )
