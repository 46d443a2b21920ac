"""Where the child or young person is educated while the plan is maintained (the SEN2
placement detail module): recorded on an issued plan, whatever its state, because it
describes the child's days rather than the plan's text."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from plans.events import PlanEvent
from plans.models import PlacementRecord, Plan
from plans.services._common import ActionRefused
from sen_portal.casework import steps
from sen_portal.casework.steps import Event


@transaction.atomic
def placement_record_add(
    *, plan: Plan, acting_user, sen_setting_other: str = "", **details: Any
) -> PlacementRecord:
    """Record where the child is educated: ``details`` are the PlacementRecord's fields
    (``institution``, ``sen_setting``, ``rank``, ``entry_date``, ``leaving_date``,
    ``sen_unit``, ``resourced_provision``, ``residential``, ``work_based_learning``), the
    model's defaults applying to those not given."""
    locked = steps.lock(plan)
    steps.authorise(locked, acting_user)
    if locked.final_issued_on is None:
        raise ActionRefused("Placements are recorded once the final plan is issued")
    placement = steps.add(
        PlacementRecord(plan=locked, sen_setting_other=sen_setting_other.strip(), **details)
    )
    steps.record(
        locked,
        Event(PlanEvent.SECTION_CHANGED, f"Placement recorded: {placement}"),
        user=acting_user,
    )
    return placement
