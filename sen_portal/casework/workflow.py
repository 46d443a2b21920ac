"""What every workflow's services share besides the transition kernel (steps.py): the
refusal a user sees, today's date, and checks on what people type."""

from __future__ import annotations

import dataclasses
import datetime
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
    day: datetime.date,
    *,
    field: str,
    what: str,
    not_before: datetime.date | None,
    before_what: str,
) -> None:
    """Today or in the past, and not before ``not_before`` (when there is one)."""
    if day > today():
        raise ValidationError({field: f"The {what} must be today or in the past"})
    if not_before is not None and day < not_before:
        raise ValidationError(
            {field: f"The {what} must be on or after {before_what} ({long_date(not_before)})"}
        )


def require_text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


@dataclass(frozen=True)
class DateRule:
    """The date a person types for a step, declared once: today or in the past (nothing
    is recorded as done on a day that has not come), and not before the date on the
    record that the step follows (a decision not before the request was received; the
    reply to a consultation not before it was sent).

    ``not_before``: an attribute path of the (locked) object (``"received_on"``,
    ``"assessment.decided_on"``) or a function of it; nothing to compare with (``None``)
    leaves only the first check. ``field``: the form field (and the argument of the step)
    the date arrives in. ``steps.take(obj, ..., when=RULE, on=day)`` checks it on the
    locked row; ``RULE.check(obj, day)`` where no transition is taken."""

    what: str
    not_before: str | Callable[[Any], datetime.date | None]
    before_what: str
    field: str = "on"

    def check(self, obj, day: datetime.date) -> None:
        floor = self.not_before
        floor = floor(obj) if callable(floor) else operator.attrgetter(floor)(obj)
        check_date(
            day, field=self.field, what=self.what, not_before=floor, before_what=self.before_what
        )

    def but(self, **changes: Any) -> DateRule:
        """The same rule with other words or field (a withdrawal instead of a decision)."""
        return dataclasses.replace(self, **changes)
