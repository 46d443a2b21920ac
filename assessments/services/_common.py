"""What every assessments service shares: the refusal, row locks, running a transition,
dates that must be in the past, closing deadlines."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from sen_portal.casework.deadlines import (
    deadlines_close_for_subject,
    long_date,
)
from sen_portal.casework.models import Deadline


class ActionRefused(Exception):
    """The step cannot be taken now: the state has moved on (perhaps someone else has
    just taken it), or what it needs first is not done. The message is for the user."""


# --- Helpers ---------------------------------------------------------------------------


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


def validate_new(obj: models.Model) -> None:
    """full_clean for a model with a protected FSM field: clean_fields would assign the
    state (which django-fsm forbids), so it skips that field, and the constraints,
    including those on the state, are checked on their own."""
    obj.full_clean(exclude=["status"], validate_constraints=False)
    obj.validate_constraints()


def require_text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def lock_row(model: type[models.Model], obj: models.Model, *related: str):
    # A fresh copy under a row lock: whoever gets the lock second sees the first one's
    # change and is refused, instead of deciding the same thing twice.
    return model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=obj.pk)


def run_transition(obj, name: str, *, user, refused: str, not_ready: str = "", **kwargs) -> str:
    """Run transition ``name`` on a locked ``obj`` and save it; returns the state it left."""
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


def close_deadlines(subject, *, acting_user, outcome, codes, on=None, reason="") -> None:
    deadlines_close_for_subject(
        subject=subject,
        acting_user=acting_user,
        outcome=outcome,
        on=on,
        codes=codes,
        reason=reason,
    )


def live_deadline(subject: models.Model, code: str) -> Deadline | None:
    return (
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=str(subject.pk),
            code=code,
            status__in=Deadline.LIVE,
        )
        .order_by("-id")
        .first()
    )


def already(obj) -> str:
    return f"Nothing was changed: this is already {obj.get_status_display().lower()}."
