"""Where the child or young person is educated while the plan is maintained (the SEN2
placement detail module): recorded on an issued plan, whatever its state, because it
describes the child's days rather than the plan's text."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from plans.models import Institution, PlacementRecord, Plan
from plans.rules import runs_the_case
from plans.services._common import ActionRefused
from sen_portal.casework import steps
from sen_portal.casework.services import chronology_record


@transaction.atomic
def placement_record_add(
    *,
    plan: Plan,
    institution: Institution | None,
    sen_setting: str = "",
    sen_setting_other: str = "",
    rank: int = 1,
    entry_date: datetime.date,
    leaving_date: datetime.date | None = None,
    sen_unit: bool = False,
    resourced_provision: bool = False,
    residential: str = "",
    work_based_learning: str = "",
    acting_user,
) -> PlacementRecord:
    locked = steps.lock(plan)
    if not runs_the_case(locked, acting_user):
        raise PermissionDenied
    if locked.final_issued_on is None:
        raise ActionRefused("Placements are recorded once the final plan is issued")
    placement = PlacementRecord(
        plan=locked,
        institution=institution,
        sen_setting=sen_setting,
        sen_setting_other=sen_setting_other.strip(),
        rank=rank,
        entry_date=entry_date,
        leaving_date=leaving_date,
        sen_unit=sen_unit,
        resourced_provision=resourced_provision,
        residential=residential,
        work_based_learning=work_based_learning,
    )
    placement.full_clean()
    placement.save()
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="plan_section_changed",
        summary=f"Placement recorded: {placement}",
        subject=locked,
    )
    return placement
