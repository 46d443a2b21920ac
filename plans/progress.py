"""How far each section has got: the GOV.UK task list statuses, and what a section still
needs before it can be marked completed. Reads a plan loaded by
`selectors.plan_with_content`, so it runs no queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from assessments.year_groups import preparing_for_adulthood_applies
from plans.constants import SECTIONS, Section

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"

STATUS_TEXT = {
    NOT_STARTED: "Not yet started",
    IN_PROGRESS: "In progress",
    COMPLETED: "Completed",
}


def _provision(plan, code: str) -> list:
    return [p for p in plan.provision.all() if p.section == code]


def section_has_content(plan, code: str) -> bool:
    if code == "A":
        return any((plan.a_views, plan.a_interests, plan.a_aspirations))
    if code == "B":
        return bool(plan.needs.all())
    if code == "C":
        return bool(plan.c_health_needs)
    if code == "D":
        return bool(plan.d_social_care_needs)
    if code == "E":
        return bool(plan.outcomes.all())
    if code in ("F", "G", "H1", "H2"):
        return bool(_provision(plan, code))
    if code == "I":
        return plan.placement_id is not None
    if code == "J":
        return plan.j_requested is not None or bool(plan.budget_lines.all())
    if code == "K":
        return bool(plan.advice_entries.all())
    raise KeyError(code)


def _problems_e(plan, today: datetime.date) -> list[str]:
    outcomes = sorted(plan.outcomes.all(), key=lambda o: o.pk)
    if not outcomes:
        return ["Add at least one outcome"]
    problems = [
        f"Link outcome E{n} to the needs it meets"
        for n, outcome in enumerate(outcomes, start=1)
        if not outcome.needs.all()
    ]
    if preparing_for_adulthood_applies(plan.child.date_of_birth, today) and not any(
        o.preparing_for_adulthood for o in outcomes
    ):
        problems.append(
            "From year 9 the plan must include outcomes on preparing for adulthood "
            "(Code of Practice 8.9)"
        )
    return problems


def _problems_j(plan, today: datetime.date) -> list[str]:
    if plan.j_requested is None:
        return ["Say whether a personal budget was asked for"]
    if plan.j_requested and not plan.budget_lines.all():
        return ["Add the amounts of the personal budget"]
    return []


def _require(present, message: str):
    return lambda plan, today: [] if present(plan) else [message]


# What each section must have before it can be marked completed. G, H1 and H2 may be
# completed empty: not every child needs health or social care provision.
_RULES = {
    "A": _require(
        lambda p: p.a_views and p.a_interests and p.a_aspirations,
        "Enter their views, their interests and their aspirations",
    ),
    "B": _require(lambda p: p.needs.all(), "Add at least one special educational need"),
    "C": _require(
        lambda p: p.c_health_needs, "Enter their health needs, or say that none were identified"
    ),
    "D": _require(
        lambda p: p.d_social_care_needs,
        "Enter their social care needs, or say that none were identified",
    ),
    "E": _problems_e,
    "F": _require(
        lambda p: _provision(p, "F"), "Add the special educational provision for their needs"
    ),
    "I": _require(lambda p: p.placement_id is not None, "Name the school or college"),
    "J": _problems_j,
    "K": _require(
        lambda p: p.advice_entries.all(), "List the advice and information the plan is based on"
    ),
}


def section_problems(plan, code: str, *, today: datetime.date | None = None) -> list[str]:
    """What must be done before section ``code`` can be marked completed ([] if
    nothing)."""
    rule = _RULES.get(code)
    return rule(plan, today or timezone.localdate()) if rule else []


def section_status(plan, code: str) -> str:
    if plan.section_completed(code):
        return COMPLETED
    return IN_PROGRESS if section_has_content(plan, code) else NOT_STARTED


@dataclass(frozen=True)
class SectionTask:
    section: Section
    status: str
    href: str
    hint: str

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]

    @property
    def tag_colour(self) -> str:
        # GOV.UK task list: incomplete tasks carry a tag, completed ones plain text.
        return {NOT_STARTED: "blue", IN_PROGRESS: "light-blue"}.get(self.status, "")


def section_tasks(plan, *, href_for) -> list[SectionTask]:
    return [
        SectionTask(
            section=section,
            status=section_status(plan, section.code),
            href=href_for(section),
            hint=section.hint,
        )
        for section in SECTIONS
    ]


def completed_count(plan, codes) -> int:
    return sum(1 for code in codes if plan.section_completed(code))
