"""Chronology event kinds as data. Casework knows no particular workflow: each app
declares its kinds as a ``TextChoices`` (the value is the stable code stored on the
event, the label is how the family portal names it) and registers it in its
``AppConfig.ready``, as it registers its stage::

    class CeasingEvent(models.TextChoices):
        DECIDED = "ceasing_decided", "We decided to stop maintaining the EHC plan"

    event_kinds.register(CeasingEvent)

Readers (the family portal, reports) ask ``family_wording(kind)`` or ``label(kind)``,
never another app's English summaries.
"""

from __future__ import annotations

from django.db import models

_KINDS: dict[str, str] = {}


def register(kinds: type[models.TextChoices]) -> None:
    for value, label in kinds.choices:
        if _KINDS.get(value, label) != label:
            raise ValueError(f"Event kind {value!r} is registered twice with different words")
        _KINDS[value] = str(label)


def family_wording(kind: str) -> str:
    """How the family portal names an event of this kind ("" if none was registered)."""
    return _KINDS.get(kind, "")


def registered() -> dict[str, str]:
    return dict(_KINDS)
