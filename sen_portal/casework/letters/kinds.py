"""The registry of letter kinds. Casework knows no particular workflow: each workflow app
registers its notices (AppConfig.ready), with the regulation that requires them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sen_portal.casework.models.letter import LetterAudience


@dataclass(frozen=True)
class Recipient:
    """A professional's or an institution's contact, for letters not to the family."""

    name: str
    address: str = ""  # one line per line
    user: Any = None  # their account, if they have one: emailed a link instead of post
    salutation: str = ""  # "Dear ...": the name alone, without the job title


# The one wording of the appeal date on every appealable notice (HESC Tribunal Rules
# r20(1)(c): the Tribunal must *receive* the appeal by then; timescales.appeal_due).
APPEAL_BY = "the last day for the Tribunal to receive an appeal"


def appeal_act_by(day: datetime.date | None) -> tuple[datetime.date | None, str]:
    """The act-by of an appealable notice: ``act_by=lambda decision, letter:
    letters.appeal_act_by(decision.appeal_due_on)``."""
    return (day, APPEAL_BY) if day is not None else (None, "")


def _nothing(subject) -> dict:
    return {}


@dataclass(frozen=True)
class LetterKind:
    code: str
    title: str
    template: str
    regulation: str  # printed on the letter and shown to staff
    # One line for the family's documents page: what the letter means for them.
    meaning: str = ""
    audience: str = LetterAudience.FAMILY
    # Adds the Reg 32 block (mediation adviser, certificate, appeal time limits,
    # disagreement resolution, SENDIASS) to the letter.
    appealable: bool = False
    # (subject, letter) -> (date, "what they can do by then") or (None, "").
    act_by: Callable[[Any, Any], tuple[datetime.date | None, str]] | None = None
    # subject -> extra template context (read by the worker when it renders).
    context: Callable[[Any], dict] = field(default=_nothing)
    # For professional letters: subject -> Recipient.
    recipient: Callable[[Any], Recipient] | None = None
    # The subject's field that points at the rendered Document, where a workflow keeps
    # one (a decision's "decision_letter"); empty for none.
    attach_to: str = ""
    # (subject, letter) -> None: run when a posted letter's posting is recorded, in the
    # same transaction, before its act-by date is worked out again: a workflow whose
    # period runs from service (the draft plan's 15 days, Reg 13(1)) records it.
    on_posted: Callable[[Any, Any], None] | None = None


_KINDS: dict[str, LetterKind] = {}


def register(kind: LetterKind) -> None:
    if kind.audience == LetterAudience.PROFESSIONAL and kind.recipient is None:
        raise ValueError(f"Letter kind {kind.code} goes to a professional: give its recipient")
    _KINDS[kind.code] = kind


def get(code: str) -> LetterKind:
    return _KINDS[code]


def all_kinds() -> list[LetterKind]:
    return list(_KINDS.values())
