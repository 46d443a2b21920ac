"""What every workflow's services share besides the transition kernel (steps.py): the
refusal a user sees, today's date, and checks on what people type."""

from __future__ import annotations

import dataclasses
import datetime
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


def _path(obj, path: str):
    # "assessment.decided_on": None where a link on the way is missing (no assessment).
    for name in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


@dataclass(frozen=True)
class DateRule:
    """The date a person types for a step, declared once: today or in the past (nothing
    is recorded as done on a day that has not come), and not before the date on the
    record that the step follows (a decision not before the request was received; the
    reply to a consultation not before it was sent).

    ``not_before``: an attribute path of the (locked) object (``"received_on"``,
    ``"assessment.decided_on"``), ``"args.<name>"`` for another argument of the same
    step (the reply not before ``args.consulted_on``), or a function of the object; a
    tuple of them is a chain, the first that is not ``None`` counting (``("advice_completed_on",
    "started_on")``), and ``before_what`` may then name each link in turn. Nothing to
    compare with leaves only the first check. ``field``: the
    form field (and the argument of the step) the date arrives in; a step given no date
    there (``None``, an optional date) is not checked. ``steps.take(obj, ..., when=RULE,
    on=day)`` (or ``when=(RULE, OTHER)``, or the transition's declaration) checks it on
    the locked row; ``RULE.check(obj, day)`` where no transition is taken."""

    what: str
    not_before: str | Callable[[Any], datetime.date | None] | tuple = ()
    before_what: str | tuple[str, ...] = ""
    field: str = "on"
    # The step's argument the date arrives in, where it is not named as the form field
    # (``field="received_on", arg="on"``).
    arg: str = ""

    @property
    def argument(self) -> str:
        return self.arg or self.field

    def floor(self, obj, args: dict[str, Any] | None = None) -> tuple[datetime.date | None, str]:
        """The date the step may not be before, and its words (``before_what``, or where
        it is a tuple, the words of the link of the chain that counted)."""
        chain = self.not_before if isinstance(self.not_before, tuple) else (self.not_before,)
        for index, link in enumerate(chain):
            if callable(link):
                found = link(obj)
            elif link.startswith("args."):
                found = (args or {}).get(link.removeprefix("args."))
            else:
                found = _path(obj, link)
            if found is not None:
                words = self.before_what
                return found, words[index] if isinstance(words, tuple) else words
        return None, ""

    def check(self, obj, day: datetime.date | None, args: dict[str, Any] | None = None) -> None:
        if day is None:
            return
        floor, words = self.floor(obj, args)
        check_date(day, field=self.field, what=self.what, not_before=floor, before_what=words)

    def but(self, **changes: Any) -> DateRule:
        """The same rule with other words or field (a withdrawal instead of a decision)."""
        return dataclasses.replace(self, **changes)
