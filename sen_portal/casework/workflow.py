"""What every workflow's services share (requests, assessments, plans, ...): the refusal a
user sees, row locks, running a django-fsm-2 transition, and checks on what people type.

Each transition service: lock the row, run the transition (which refuses what is not
legal now, not ready yet or not permitted), then write chronology and deadlines in the
same transaction.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from sen_portal.casework.deadlines import long_date


class ActionRefused(Exception):
    """The step cannot be taken now: the state has moved on (perhaps someone else has
    just taken it), or what it needs first is not done. The message is for the user;
    nothing was changed."""


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


def validate_new(obj: models.Model) -> None:
    """full_clean for a model with a protected FSM field: clean_fields would assign the
    state (which django-fsm forbids), so it skips that field, and the constraints,
    including those on the state, are checked on their own."""
    obj.full_clean(exclude=["status"], validate_constraints=False)
    obj.validate_constraints()


def lock_row(model: type[models.Model], obj: models.Model, *related: str):
    """A fresh copy under a row lock: whoever gets the lock second sees the first one's
    change and is refused, instead of doing the same thing twice."""
    return model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=obj.pk)


def run_transition(obj, name: str, *, user, refused: str, not_ready: str = "", **kwargs) -> str:
    """Run transition ``name`` on a locked ``obj`` and save it; returns the state it left.

    ``refused``: the message when the step is not legal from this state (or someone else
    has just moved it on); ``not_ready``: when a condition is not met yet."""
    method = getattr(obj, name)
    if not can_proceed(method, check_conditions=False):
        raise ActionRefused(refused)
    if not can_proceed(method):
        raise ActionRefused(not_ready or refused)
    if not has_transition_perm(method, user):
        raise PermissionDenied
    from_state = obj.status
    method(**kwargs)
    try:
        obj.save()
    except ConcurrentTransition:
        raise ActionRefused(refused) from None
    return from_state
