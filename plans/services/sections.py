"""Changing a plan's sections while it is being drafted (and between draft and final, after
the family's comments). Each change locks the plan, so it cannot interleave with the
draft or final plan being frozen, and records which section changed (never the text) in
the case history.

A section marked completed stays completed while it still meets its rules
(plans/progress.py); a change that breaks them (removing the last need, unlinking an
outcome) takes the mark off, and the service says which sections lost it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from plans import selectors
from plans.constants import SECTION_CODES, SECTIONS_BY_CODE, ProvisionSection
from plans.events import PlanEvent
from plans.models import AdviceEntry, BudgetLine, Need, Outcome, Plan, ProvisionItem
from plans.progress import section_problems
from plans.services._common import require_editable
from sen_portal.casework import steps
from sen_portal.casework.steps import Event

# The plan's own fields that each field section edits.
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "A": ("a_views", "a_interests", "a_aspirations"),
    "C": ("c_health_needs",),
    "D": ("d_social_care_needs",),
    # With the SEN2 named plan and plan detail items asked alongside section I.
    "I": (
        "placement",
        "placement_note",
        "placement_sen_unit",
        "placement_resourced_provision",
        "residential",
        "work_based_learning",
        "transferred_from_la",
    ),
    "J": ("j_requested", "j_arrangements"),
}
# The rows of each list section.
ITEM_MODELS: dict[str, type[models.Model]] = {
    "B": Need,
    "E": Outcome,
    **{code: ProvisionItem for code in ProvisionSection.values},
    "J": BudgetLine,
    "K": AdviceEntry,
}
ITEM_NAMES = {
    Need: "need",
    Outcome: "outcome",
    ProvisionItem: "provision",
    BudgetLine: "budget amount",
    AdviceEntry: "advice",
}
# Links between rows: an outcome's needs, a provision item's outcomes.
LINKS = {"needs": Need, "outcomes": Outcome}


@dataclass
class SectionChange:
    plan: Plan
    item: models.Model | None = None
    # Sections whose "completed" mark this change took off, with what they now need.
    unmarked: dict[str, list[str]] = field(default_factory=dict)


def _record_change(plan: Plan, acting_user, code: str, what: str) -> None:
    # Which section changed, never the text.
    steps.record(
        plan,
        Event(PlanEvent.SECTION_CHANGED, f"EHC plan {SECTIONS_BY_CODE[code].heading}: {what}"),
        user=acting_user,
    )


def _save_completed(plan: Plan, codes: list[str]) -> None:
    plan.completed_sections = [c for c in SECTION_CODES if c in codes]
    plan.save(update_fields=["completed_sections", "updated_at"])


def _recheck(plan: Plan) -> dict[str, list[str]]:
    """Take the completed mark off every section that no longer meets its rules."""
    if not plan.completed_sections:
        return {}
    content = selectors.plan_with_content(plan_id=plan.pk)
    unmarked = {}
    for code in plan.completed_sections:
        problems = section_problems(content, code)
        if problems:
            unmarked[code] = problems
    if unmarked:
        _save_completed(plan, [c for c in plan.completed_sections if c not in unmarked])
    return unmarked


def _mark(plan: Plan, code: str, completed: bool | None) -> None:
    if completed is None:
        return
    codes = list(plan.completed_sections)
    if completed:
        problems = section_problems(selectors.plan_with_content(plan_id=plan.pk), code)
        if problems:
            raise ValidationError({"completed": problems})
        if code not in codes:
            codes.append(code)
    elif code in codes:
        codes.remove(code)
    if set(codes) != set(plan.completed_sections):
        _save_completed(plan, codes)


@transaction.atomic
def plan_section_update(
    *,
    plan: Plan,
    code: str,
    data: dict[str, Any],
    completed: bool | None = None,
    acting_user,
    version: str | None = None,
) -> SectionChange:
    """Save the fields of section A, C, D, I or J, and whether the caseworker has
    completed it (None leaves that as it was). Marking it completed when it does not meet
    its rules is refused, and nothing is saved. ``version`` is the plan's version the form
    was built from: a save against a newer one raises StaleEdit and writes nothing."""
    locked = steps.lock(plan)
    require_editable(locked, acting_user)
    locked.check_version(version)
    fields = SECTION_FIELDS[code]
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"section {code} has no fields {sorted(unknown)}")
    changed = []
    for name, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        field_obj = Plan._meta.get_field(name)
        if field_obj.is_relation:
            before, after = getattr(locked, field_obj.attname), value.pk if value else None
        else:
            before, after = getattr(locked, name), value
        if before != after:
            setattr(locked, name, value)
            changed.append(name)
    if changed:
        steps.validate(locked, constraints=False)
        locked.save_if_version(version, changed)
        _record_change(locked, acting_user, code, "changed")
    _mark(locked, code, completed)
    return SectionChange(plan=locked, unmarked=_recheck(locked))


@transaction.atomic
def plan_section_mark(*, plan: Plan, code: str, completed: bool, acting_user) -> SectionChange:
    """The GOV.UK "Have you completed this section?" answer for a list section."""
    locked = steps.lock(plan)
    require_editable(locked, acting_user)
    if code not in SECTION_CODES:
        raise ValueError(f"no section {code}")
    _mark(locked, code, completed)
    return SectionChange(plan=locked)


def _links_of(plan: Plan, data: dict[str, Any]) -> dict[str, list]:
    """Pop the many-to-many links from ``data``, refusing rows of another plan."""
    links = {}
    for name, model in LINKS.items():
        if name not in data:
            continue
        rows = list(data.pop(name) or [])
        if any(not isinstance(r, model) or r.plan_id != plan.pk for r in rows):
            raise ValidationError({name: "Select from this plan's own entries"})
        links[name] = rows
    return links


def _belongs(item: models.Model, plan: Plan, code: str) -> bool:
    return (
        isinstance(item, ITEM_MODELS[code])
        and item.plan_id == plan.pk
        and (not isinstance(item, ProvisionItem) or item.section == code)
    )


@transaction.atomic
def plan_item_save(
    *,
    plan: Plan,
    code: str,
    data: dict[str, Any],
    item: models.Model | None = None,
    acting_user,
    version: str | None = None,
) -> SectionChange:
    """Add a row to list section ``code`` (``item`` None), or change ``item`` if it is
    still at ``version`` (the one its form was built from; StaleEdit otherwise)."""
    locked = steps.lock(plan)
    require_editable(locked, acting_user)
    model = ITEM_MODELS[code]
    data = dict(data)
    links = _links_of(locked, data)
    if model is ProvisionItem:
        data["section"] = code
    adding = item is None
    if adding:
        item = model(plan=locked)
    elif not _belongs(item, locked, code):
        raise ValueError("the item is not a row of this plan's section")
    for name, value in data.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    item.full_clean()
    if adding:
        item.save()
    else:
        # A conditional UPDATE; the links below are written under the same plan lock.
        item.save_if_version(version, list(data))
    for name, rows in links.items():
        getattr(item, name).set(rows)
    _record_change(
        locked, acting_user, code, f"{ITEM_NAMES[model]} {'added' if adding else 'changed'}"
    )
    return SectionChange(plan=locked, item=item, unmarked=_recheck(locked))


@transaction.atomic
def plan_item_remove(
    *, plan: Plan, code: str, item: models.Model, acting_user, version: str | None = None
) -> SectionChange:
    locked = steps.lock(plan)
    require_editable(locked, acting_user)
    model = ITEM_MODELS[code]
    if not _belongs(item, locked, code):
        raise ValueError("the item is not a row of this plan's section")
    type(item)._base_manager.get(pk=item.pk).check_version(version)
    item.delete()
    _record_change(locked, acting_user, code, f"{ITEM_NAMES[model]} removed")
    return SectionChange(plan=locked, unmarked=_recheck(locked))
