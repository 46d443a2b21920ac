"""The steps of a case a document can belong to. Casework knows no particular workflow:
each app registers, in its AppConfig.ready, a function that lists a child's steps::

    attach_points.register(lambda child: [(r, str(r)) for r in child.assessment_requests.all()])

``for_child(child)`` offers them on the upload form (one query per registered source);
``find(child, key)`` turns the submitted choice back into the step, only if it is one of
this child's (a key naming another child's step is simply not found).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models

Source = Callable[[object], Iterable[tuple[models.Model, str]]]
_SOURCES: list[tuple[int, Source]] = []


@dataclass(frozen=True)
class AttachPoint:
    key: str  # "assessments.advicerequest:<pk>"
    label: str  # "Educational advice from Northshire Primary School"
    step: models.Model


def register(source: Source, *, place: int = 50) -> None:
    """``place`` orders the sources as the journey goes (like stages and panels)."""
    if source not in [s for _, s in _SOURCES]:
        _SOURCES.append((place, source))
        _SOURCES.sort(key=lambda item: item[0])


def key_for(step: models.Model) -> str:
    content_type = ContentType.objects.get_for_model(step)
    return f"{content_type.app_label}.{content_type.model}:{step.pk}"


def for_child(child) -> list[AttachPoint]:
    points = []
    for _, source in _SOURCES:
        for step, label in source(child):
            points.append(AttachPoint(key_for(step), label[:200], step))
    return points


def find(child, key: str) -> AttachPoint | None:
    return next((point for point in for_child(child) if point.key == key), None)
