"""The validation report: what COLLECT would reject, before the return is sent.

Each rule is a condition on Child computed by PostgreSQL. The report filters with
set-based forms of the rules (``child IN (SELECT child_id ... )``, each subquery run
once and hashed) rather than a correlated subquery per child: on 25,000 children the
correlated form cost a nested loop over every child in the return (EXPLAIN ANALYZE,
bench/dashboard.py: 545 ms for the count alone on 25,000 children, 55 ms set-based).
The check page runs that filter once, for the ids of the children to fix in LA
reference order (a list of at most the children in the return), paginates the ids, and
labels only the page's rows with the correlated forms (`labelled`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet

from assessments.models import AssessmentRequest, NeedsAssessment
from plans.models import Plan
from sen_portal.casework.models import Child
from sen_portal.dashboards.selectors import Scope
from sen_portal.dashboards.sen2.selection import in_return

RULES: dict[str, str] = {
    "no_identifier": "No UPN or ULN, and no reason recorded for having no UPN",
    "no_sex": "Sex not recorded",
    "no_ethnicity": "Ethnicity not recorded (choose “Information not yet obtained” if "
    "nobody has asked yet)",
    "request_decided_before_received": "A decision on a request is dated before the "
    "request was received",
    "assessment_decided_before_started": "An assessment decision is dated before the "
    "assessment started",
    "plan_before_request": "A final plan is dated before its request was received",
    "plan_ceased_before_issued": "A plan's end date is before the final plan was issued",
    "born_after_request": "The date of birth is after a request was received",
}
# "Plan without placement" needs no rule: the plans table refuses a final plan that
# names no school or college (constraint plan_final_has_date_and_placement).


def _on_child(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _child_fields() -> dict[str, Q]:
    return {
        "no_identifier": Q(upn="", uln="", upn_unknown_reason=""),
        "no_sex": Q(sex=""),
        "no_ethnicity": Q(ethnicity=""),
    }


def _related() -> dict[str, tuple[QuerySet, str]]:
    """Rules on a child's workflow rows: the rows that break the rule, and the path from
    them to the child."""
    issued = Plan.objects.filter(status__in=list(Plan.ISSUED))
    return {
        "request_decided_before_received": (
            AssessmentRequest.objects.filter(decided_on__lt=F("received_on")),
            "child",
        ),
        "assessment_decided_before_started": (
            NeedsAssessment.objects.filter(decided_on__lt=F("started_on")),
            "child",
        ),
        "plan_before_request": (
            issued.filter(final_issued_on__lt=F("assessment__request__received_on")),
            "child",
        ),
        "plan_ceased_before_issued": (
            Plan.objects.filter(ceased_on__lt=F("final_issued_on")),
            "child",
        ),
    }


def _born_after_request() -> Exists:
    """Correlated on purpose: an index-only probe of (child, received_on) per child is
    cheaper than joining every request to every child, and PostgreSQL cannot hash a
    subquery correlated by "less than"."""
    return Exists(
        AssessmentRequest.objects.filter(
            child=OuterRef("pk"), received_on__lt=OuterRef("date_of_birth")
        )
    )


def any_problem() -> Q:
    """Set-based: each related rule is one uncorrelated subquery, hashed by PostgreSQL."""
    condition = Q()
    for rule in _child_fields().values():
        condition |= rule
    for rows, path in _related().values():
        condition |= Q(pk__in=rows.values(f"{path}_id"))
    return condition | Q(_born_after_request())


def labels() -> dict[str, ExpressionWrapper | Exists]:
    """Correlated: evaluated only for the rows a page shows."""
    found: dict[str, ExpressionWrapper | Exists] = {
        f"sen2_{name}": _on_child(rule) for name, rule in _child_fields().items()
    }
    for name, (rows, path) in _related().items():
        found[f"sen2_{name}"] = Exists(rows.filter(**{path: OuterRef("pk")}))
    found["sen2_born_after_request"] = _born_after_request()
    return found


@dataclass(frozen=True)
class Problem:
    child: Child
    rules: list[str]


def children_with_problems(*, scope: Scope, census_date: datetime.date) -> QuerySet[Child]:
    """Children in the return who would be rejected, each annotated with one boolean per
    rule: one query for a page of them, one to count."""
    return (
        Child.objects.filter(in_return(census_date), scope.children())
        .filter(any_problem())
        .annotate(**labels())
        .order_by("la_reference")
    )


def problem_ids(*, scope: Scope, census_date: datetime.date) -> list:
    """The ids of the children to fix, in LA reference order: one query."""
    return list(
        Child.objects.filter(in_return(census_date), scope.children())
        .filter(any_problem())
        .order_by("la_reference")
        .values_list("pk", flat=True)
    )


def labelled(ids: Iterable) -> QuerySet[Child]:
    """These children with one boolean per rule (for `problems`): one query."""
    return Child.objects.filter(pk__in=list(ids)).annotate(**labels()).order_by("la_reference")


def problems(children: Iterable[Child]) -> Iterator[Problem]:
    """Label each annotated child's problems, as the children stream past."""
    for child in children:
        yield Problem(
            child, [label for name, label in RULES.items() if getattr(child, f"sen2_{name}")]
        )
