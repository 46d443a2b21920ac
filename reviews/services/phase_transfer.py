"""Phase transfers (Reg 18): who moves between phases of education, the deadline for
the amended plan naming the next school or college, and meeting it.

Each transition service checks what was typed and takes one step on the transition
kernel (``sen_portal.casework.steps``); the deadlines each step meets or opens are its
follow-ups, registered below, in the same transaction. Dates come from
sen_portal/timescales.py through casework's deadlines.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q

from plans.models import Institution, Plan
from reviews import phases
from reviews.events import ReviewEvent
from reviews.models import (
    PhaseTransfer,
    Review,
)
from reviews.services.reviews import next_due_on, review_start
from sen_portal import timescales
from sen_portal.casework import steps
from sen_portal.casework.services import (
    deadline_open,
    deadlines_close_for_subject,
)
from sen_portal.casework.steps import Event
from sen_portal.casework.workflow import ActionRefused, check_date, today
from sen_portal.dates import long_date

# --- Phase transfers -------------------------------------------------------------------


def _phase_of(plan: Plan, transfer_year: int) -> str | None:
    dob = plan.child.date_of_birth
    for phase in phases.PHASE_YEAR_GROUPS:
        start, end = phases.birth_range(transfer_year, phase)
        if start <= dob <= end:
            if phase == "junior":
                name = plan.placement.name if plan.placement_id else ""
                if phases.INFANT_MARKER not in name.lower():
                    return None
            return phase
    return None


def phase_transfers_identify(*, transfer_year: int | None = None, on=None) -> int:
    """The daily job: every child with an issued plan who moves phase in September of
    ``transfer_year`` (by default the coming September) gets a transfer with its Reg 18
    deadline, and a review if none is in progress (the amended plan naming the next
    setting is due before 15 February, 31 March for post-16: by 14 February or 30
    March). Idempotent: one transfer per child per year."""
    on = on or today()
    transfer_year = transfer_year or phases.transfer_year_for(on)
    births = Q()
    for phase in phases.PHASE_YEAR_GROUPS:
        start, end = phases.birth_range(transfer_year, phase)
        births |= Q(child__date_of_birth__range=(start, end))
    plans = (
        Plan.objects.filter(births, status__in=Plan.ISSUED)
        .exclude(child__phase_transfers__transfer_year=transfer_year)
        .select_related("child", "placement")
    )
    made = 0
    for plan in plans:
        phase = _phase_of(plan, transfer_year)
        if phase is None:
            continue
        try:
            with transaction.atomic():
                phase_transfer_open(plan=plan, transfer_year=transfer_year, phase=phase)
        except IntegrityError:
            continue
        made += 1
    return made


@transaction.atomic
def phase_transfer_open(
    *, plan: Plan, transfer_year: int, phase: str, acting_user=None
) -> PhaseTransfer:
    due_on = phases.transfer_due(transfer_year, phase)
    review = Review.objects.filter(plan=plan, status__in=Review.LIVE).first()
    if review is None:
        regular = next_due_on(plan)
        review = review_start(
            plan=plan,
            due_on=min(regular, due_on) if regular else due_on,
            acting_user=acting_user,
        )
    transfer = PhaseTransfer(
        child=plan.child,
        plan=plan,
        transfer_year=transfer_year,
        phase=phase,
        due_on=due_on,
        review=review,
    )
    steps.create(
        transfer,
        user=acting_user,
        event=Event(
            ReviewEvent.PHASE_TRANSFER_IDENTIFIED,
            f"Phase transfer in September {transfer_year}: {transfer.get_phase_display().lower()}",
            note="The amended plan naming the next school or college must be issued by "
            f"{long_date(due_on)} ({timescales.TIMESCALES[transfer.deadline_code].regulation}).",
            family=True,
        ),
    )
    deadline_open(
        child=plan.child,
        code=transfer.deadline_code,
        start=phases.clock_start(transfer_year),
        subject=transfer,
        acting_user=acting_user,
    )
    return transfer


@transaction.atomic
def phase_transfer_name(
    *,
    transfer: PhaseTransfer,
    institution: Institution,
    named_on: datetime.date,
    acting_user,
) -> PhaseTransfer:
    """The plan names the next school or college: meets the Reg 18 deadline (late, after
    14 February or 30 March)."""
    locked = steps.lock(transfer)
    steps.authorise(locked, acting_user)
    if locked.named:
        raise ActionRefused("The next school or college is already recorded.")
    check_date(
        named_on,
        field="named_on",
        what="date it was named",
        not_before=phases.clock_start(locked.transfer_year),
        before_what="the start of the school year before the move",
    )
    locked.next_institution = institution
    locked.named_on = named_on
    locked.named_by = acting_user
    locked.full_clean()
    locked.save()
    steps.record(
        locked,
        Event(
            ReviewEvent.PHASE_TRANSFER_NAMED,
            f"{institution.name} named for September {locked.transfer_year}",
            family=True,
        ),
        user=acting_user,
    )
    deadlines_close_for_subject(
        subject=locked,
        acting_user=acting_user,
        outcome="met",
        on=named_on,
        codes=[locked.deadline_code],
    )
    return locked
