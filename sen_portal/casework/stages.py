"""Where each case stands, for the caseload: "EHC needs assessment: gathering advice".

Casework knows no particular workflow, so each workflow app registers its case-level
model here (in its AppConfig.ready) with its place in the journey. A case's stage is
the state of its newest object of the latest-placed workflow it has reached; it is
derived (a subquery per workflow), never stored: for the caseload's page of cases only
(stage_names_for), or for every case of the caseload when it is filtered by stage.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import (
    BooleanField,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    UUIDField,
    Value,
)

from sen_portal.prepared import Prepared


@dataclass(frozen=True)
class StageSource:
    model_label: str  # "assessments.AssessmentRequest"
    newest_first: str  # the field that orders a child's objects, newest first: "-received_on"
    place: int  # later in the journey is higher
    name: str  # what a person calls it: "Request for assessment"

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def key(self) -> str:
        return self.model_label.lower().replace(".", "_")


_SOURCES: dict[str, StageSource] = {}


def register(source: StageSource) -> None:
    _SOURCES[source.model_label] = source


def sources() -> list[StageSource]:
    return sorted(_SOURCES.values(), key=lambda s: s.place)


def choices() -> list[tuple[str, str]]:
    """Every stage a case can be at, in journey order, for the caseload's filter."""
    return [
        (f"{source.key}:{value}", f"{source.name}: {label.lower()}")
        for source in sources()
        for value, label in source.model._meta.get_field("status").choices
    ]


def annotate(children: QuerySet) -> QuerySet:
    """Add ``stage_<source>`` (the newest object's state) for every workflow."""
    return children.annotate(
        **{
            f"stage_{source.key}": Subquery(
                source.model.objects.filter(child=OuterRef("pk"))
                .order_by(source.newest_first, "-pk")
                .values("status")[:1]
            )
            for source in sources()
        }
    )


def filter_stage(children: QuerySet, stage: str) -> QuerySet:
    """Cases whose stage is ``stage`` ("<source key>:<state>"): that workflow's newest
    object is in that state and no later workflow has begun. Unknown stages match none."""
    key, _, state = stage.partition(":")
    ordered = sources()
    for index, source in enumerate(ordered):
        if source.key == key:
            later = Q()
            for after in ordered[index + 1 :]:
                later &= Q(**{f"stage_{after.key}__isnull": True})
            return children.filter(Q(**{f"stage_{key}": state}) & later)
    return children.none()


def filter_in_state(children: QuerySet, stage: str) -> QuerySet:
    """Cases with any object of that workflow in that state ("<source key>:<state>"),
    whether or not a later workflow has begun: what the managers' pipeline counts (a plan
    being amended after a review is still a plan being amended). Unknown ones match none."""
    key, _, state = stage.partition(":")
    for source in sources():
        if source.key == key:
            return children.filter(
                pk__in=source.model.objects.filter(status=state).values("child_id")
            )
    return children.none()


def stage_names_for(children) -> dict:
    """{case id: the words for its stage} for a page of cases: one query, whose cost is
    the page's (the subqueries run for these cases only)."""
    ids = [child.pk for child in children]
    if not ids:
        return {}
    if connection.vendor == "postgresql":
        rows = _PAGE_STAGES.values(ids)
    else:
        rows = _page_stages(Q(pk__in=ids))
    return {row["pk"]: _stage_words(row) for row in rows}


def _page_stages(condition: Q) -> QuerySet:
    from sen_portal.casework.models import Child

    return annotate(Child.objects.filter(condition).order_by()).values(
        "pk", *(f"stage_{source.key}" for source in sources())
    )


# The page's stages, compiled once per process (issue #22: no queryset built per
# request): "id = ANY(%s)" takes the page's ids as one array parameter, so the SQL is the
# same whatever the page's length. Built on first use, after every app has registered
# its stage.
_MARKER = [uuid.UUID(int=0)]
_PAGE_STAGES = Prepared(
    lambda ids: _page_stages(
        Q(
            Func(
                F("pk"),
                Value(ids, output_field=ArrayField(UUIDField())),
                arg_joiner=" = ANY(",
                template="%(expressions)s)",
                output_field=BooleanField(),
            )
        )
    ),
    marker=_MARKER,
)


def _stage_words(states: dict) -> str:
    for source in reversed(sources()):
        state = states.get(f"stage_{source.key}")
        if state:
            label = dict(source.model._meta.get_field("status").choices).get(state, state)
            return f"{source.name}: {str(label).lower()}"
    return ""
