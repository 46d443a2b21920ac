"""What decides when a child moves between phases of education (Reg 18; reviews/phases.py),
set by a caseworker: the year group the child is taught in (``Plan.year_group_offset``),
and whether the school named in section I is all-through or has its own sixth form
(``Institution.all_through`` / ``sixth_form``, as Get Information About Schools lists
them). Staying in the same all-through school, or moving into the school's own sixth
form, is no transfer between phases: Reg 2(1) defines a transfer as one from one school
or institution to another of the listed kinds, and a school sixth form is not a post-16
institution (CFA s83(2)). Every change is validated and written to the chronology.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from plans.events import PlanEvent
from plans.models import Institution, Plan
from plans.services._common import ActionRefused
from sen_portal.casework import steps
from sen_portal.casework.steps import Event

OFFSETS = dict(Plan._meta.get_field("year_group_offset").choices)
# A plan that has ended is no longer reviewed, so there is no transfer to plan for.
_ENDED = (Plan.Status.WITHDRAWN, Plan.Status.CEASED, Plan.Status.REPLACED)


def _yes(value: bool) -> str:
    return "yes" if value else "no"


@transaction.atomic
def plan_set_phase_facts(
    *,
    plan: Plan,
    year_group_offset: int,
    all_through: bool | None = None,
    sixth_form: bool | None = None,
    acting_user,
) -> Plan:
    """Record the year group the child is taught in and, when section I names a school,
    whether it is all-through and has a sixth form. ``None`` leaves a school fact as it
    is. Nothing changed: nothing recorded."""
    if year_group_offset not in OFFSETS:
        raise ValidationError({"year_group_offset": "Select the year group they are taught in"})
    locked = steps.lock(plan)
    steps.authorise(locked, acting_user)
    if locked.status in _ENDED:
        raise ActionRefused(
            f"The plan has ended ({locked.get_status_display().lower()}): nothing to change."
        )
    changes = []
    if locked.year_group_offset != year_group_offset:
        changes.append(
            f"Taught in: {OFFSETS[locked.year_group_offset].lower()} -> "
            f"{OFFSETS[year_group_offset].lower()}"
        )
        locked.year_group_offset = year_group_offset
        locked.save(update_fields=["year_group_offset", "updated_at"])
    school = locked.placement
    if (all_through is not None or sixth_form is not None) and school is None:
        raise ValidationError(
            {"all_through": "Name the school or college in section I before saying what it offers"}
        )
    if school is not None:
        school = Institution.objects.select_for_update().get(pk=school.pk)
        fields = []
        for name, value, label in (
            ("all_through", all_through, "All-through school"),
            ("sixth_form", sixth_form, "Has a sixth form"),
        ):
            if value is not None and getattr(school, name) != value:
                was = _yes(getattr(school, name))
                changes.append(f"{school.name}: {label.lower()}: {was} -> {_yes(value)}")
                setattr(school, name, value)
                fields.append(name)
        if fields:
            school.full_clean()
            school.save(update_fields=[*fields, "updated_at"])
    if changes:
        steps.record(
            locked,
            Event(
                PlanEvent.PHASE_FACTS,
                "Year group and school details for phase transfers changed (Reg 18)",
                note="\n".join(changes),
            ),
            user=acting_user,
        )
    return locked
