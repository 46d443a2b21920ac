"""What every workflow's services share besides the transition kernel (steps.py): the
refusal a user sees, today's date, and checks on what people type."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from sen_portal.dates import long_date


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
