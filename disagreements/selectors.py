"""Reads of disagreements for pages and dashboards: each a bounded number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects

from disagreements.models import Disagreement, TribunalOrder
from sen_portal.accounts.roles import Role
from sen_portal.prepared import CASE_ID, Prepared, known_parent


def open_disagreements(*, team_id=None) -> QuerySet[Disagreement]:
    """Disagreements not yet resolved or closed (optionally one team's)."""
    rows = Disagreement.objects.filter(status__in=Disagreement.OPEN)
    if team_id is not None:
        rows = rows.filter(child__team_id=team_id)
    return rows


def open_disagreements_by_stage(*, team_id=None) -> dict[str, int]:
    """Counts of open disagreements per stage, every open stage present: one query."""
    counts = {status: 0 for status in Disagreement.OPEN}
    for row in (
        open_disagreements(team_id=team_id).values("status").annotate(n=Count("id")).order_by()
    ):
        counts[row["status"]] = row["n"]
    return counts


def open_disagreements_by_kind(*, team_id=None) -> dict[str, int]:
    counts = {kind: 0 for kind in Disagreement.Kind.values}
    for row in (
        open_disagreements(team_id=team_id).values("kind").annotate(n=Count("id")).order_by()
    ):
        counts[row["kind"]] = row["n"]
    return counts


def disagreement_list_for_user(*, user, stage: str = "", kind: str = "") -> QuerySet[Disagreement]:
    """The open disagreements of the user's team (every team's for an administrator),
    with their orders: two queries a page."""
    rows = open_disagreements(team_id=None if user.role == Role.ADMIN else user.team_id)
    if stage:
        rows = rows.filter(status=stage)
    if kind:
        rows = rows.filter(kind=kind)
    return (
        rows.select_related("child")
        .prefetch_related(Prefetch("orders", queryset=TribunalOrder.objects.order_by("due_on")))
        .order_by("appeal_due_on", "-decision_on", "id")
    )


# Compiled once per process (sen_portal.prepared, issue #22): every case page reads it.
_CASE_DISAGREEMENTS = Prepared(
    lambda marker: Disagreement.objects.filter(child_id=marker).order_by(
        "-decision_on", "-created_at"
    ),
    marker=CASE_ID,
)


def disagreements_for_child(*, child) -> list[Disagreement]:
    """A child's disagreements, newest first, each with its Tribunal orders (by due
    date): one query, and one more for the orders if there are any disagreements."""
    disagreements = _CASE_DISAGREEMENTS.objects(child.pk)
    known_parent(disagreements, "child", child)
    prefetch_related_objects(
        disagreements, Prefetch("orders", queryset=TribunalOrder.objects.order_by("due_on"))
    )
    return disagreements
