"""Phase transfers (Reg 18): who moves between phases of education, the deadline for
the amended plan naming the next school or college, and meeting it.

A transfer is no state machine: it is made (``steps.create``), the school settled on is
recorded, and the plan's own issue step meets its deadline (a follow-up registered
below on the plans kernel steps). Dates come from sen_portal/timescales.py.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from plans.models import Institution, Plan, PlanAmendment
from reviews import phases
from reviews.events import ReviewEvent
from reviews.models import (
    PhaseTransfer,
    Review,
)
from reviews.services.reviews import next_due_on, review_start
from sen_portal import timescales
from sen_portal.casework import steps
from sen_portal.casework.steps import Event, Step
from sen_portal.casework.workflow import ActionRefused, today
from sen_portal.dates import long_date

# --- Phase transfers -------------------------------------------------------------------

# The school settled on is recorded from the start of the school year before the move
# (Reg 18(1)); a post-16 move (Reg 18(2)), from the day it was recorded.
SETTLED = steps.DateRule(
    "date it was settled",
    lambda t: phases.clock_start(t.transfer_year) if t.moves_on is None else t.created_at.date(),
    "the start of the school year before the move",
    "named_on",
)


def scheme() -> str:
    """The council's setting: "two_tier" (the default) or "three_tier" (reviews/phases)."""
    return getattr(settings, "PHASE_TRANSFER_SCHEME", phases.DEFAULT_SCHEME)


def _phase_of(plan: Plan, transfer_year: int) -> str | None:
    placement = plan.placement if plan.placement_id else None
    return phases.phase_for(
        plan.child.date_of_birth,
        transfer_year,
        offset=plan.year_group_offset,
        scheme=scheme(),
        placement_name=placement.name if placement else "",
        all_through=bool(placement and placement.all_through),
        sixth_form=bool(placement and placement.sixth_form),
    )


def phase_transfers_identify(*, transfer_year: int | None = None, on=None) -> int:
    """The daily job: every child with an issued plan who moves phase in September of
    ``transfer_year`` (by default the coming September) gets a transfer with its Reg 18
    deadline, and a review if none is in progress (the amended plan naming the next
    setting is due before 15 February, 31 March for post-16: by 14 February or 30
    March). Phases follow the council's scheme (two-tier or three-tier), the year group
    a child is taught in (``Plan.year_group_offset``), and pupils staying in their
    all-through school or their school's sixth form make no transfer (reviews/phases).
    Idempotent: one transfer per child per year."""
    on = on or today()
    transfer_year = transfer_year or phases.transfer_year_for(on)
    births = Q()
    for phase in phases.year_groups(scheme()):
        for offset in phases.OFFSETS:
            start, end = phases.birth_range(transfer_year, phase, offset)
            births |= Q(child__date_of_birth__range=(start, end), year_group_offset=offset)
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

    def review_due() -> datetime.date:
        regular = next_due_on(plan)
        return min(regular, due_on) if regular else due_on

    def words(transfer: PhaseTransfer) -> tuple[str, str]:
        regulation = timescales.TIMESCALES[transfer.deadline_code].regulation
        return (
            f"Phase transfer in September {transfer_year}: {transfer.get_phase_display().lower()}",
            "The amended plan naming the next school or college must be issued by "
            f"{long_date(due_on)} ({regulation}).",
        )

    transfer = PhaseTransfer(plan=plan, transfer_year=transfer_year, phase=phase, due_on=due_on)
    start = phases.clock_start(transfer_year)
    return _open_transfer(transfer, review_due, words, start=start, user=acting_user)


def _open_transfer(transfer: PhaseTransfer, review_due, words, *, start, user) -> PhaseTransfer:
    """Save ``transfer`` with the plan's review in progress (one started, due
    ``review_due()``, if there is none), its chronology event (``words(transfer)``: the
    summary and the note) and its Reg 18 clock from ``start``."""
    plan = transfer.plan
    review = Review.objects.filter(plan=plan, status__in=Review.LIVE).first()
    transfer.child = plan.child
    transfer.review = review or review_start(plan=plan, due_on=review_due(), acting_user=user)
    summary, note = words(transfer)
    event = Event(ReviewEvent.PHASE_TRANSFER_IDENTIFIED, summary, note=note, family=True)
    steps.create(transfer, user=user, event=event)
    steps.open_deadline(transfer, transfer.deadline_code, user=user, start=start)
    return transfer


@transaction.atomic
def phase_transfer_name(
    *,
    transfer: PhaseTransfer,
    institution: Institution,
    named_on: datetime.date,
    acting_user,
) -> PhaseTransfer:
    """Record the school or college settled on for after the move. This does not meet
    the Reg 18 deadline: the plan must be amended "so that it names" it (Reg 18(1)), so
    the deadline is met when the final amended plan naming it is issued
    (``_plan_names_the_next_setting`` below)."""
    locked = steps.lock(transfer)
    steps.authorise(locked, acting_user)
    if locked.named:
        raise ActionRefused("The plan already names the next school or college.")
    SETTLED.check(locked, named_on)
    locked.next_institution = institution
    locked.chosen_on = named_on
    steps.add(locked)
    steps.record(
        locked,
        Event(
            ReviewEvent.PHASE_TRANSFER_NAMED,
            f"{institution.name} chosen for after the move"
            + (f" in September {locked.transfer_year}" if locked.moves_on is None else ""),
            note=f"The amended plan naming it must be issued by {long_date(locked.due_on)} "
            f"({timescales.TIMESCALES[locked.deadline_code].regulation}).",
            family=True,
        ),
        user=acting_user,
    )
    return locked


def _placement_before(plan: Plan, transition: str) -> str | None:
    """The URN section I named before this issue (None for a first final plan)."""
    if transition != "issue_amended":
        return None
    amendment = (
        PlanAmendment.objects.filter(plan=plan, outcome=PlanAmendment.Outcome.OPEN)
        .select_related("amends_version")
        .first()
    )
    if amendment is None:
        return None
    before = (amendment.amends_version.snapshot["sections"]["I"] or {}).get("institution")
    return before.get("urn") if before else None


@steps.after(Plan, "issue_final", "issue_amended")
def _plan_names_the_next_setting(step: Step) -> None:
    """Reg 18: the deadline of a transfer is met by the issued final (amended) plan that
    names the school or college the child will attend after it: the one chosen, or, if
    none was recorded, a new one in section I."""
    plan = step.obj
    if plan.placement_id is None:
        return
    transfers = PhaseTransfer.objects.filter(plan=plan, named_on__isnull=True).select_for_update()
    if not transfers.exists():
        return
    on = step.kwargs.get("on") or today()
    before = _placement_before(plan, step.transition)
    for transfer in transfers:
        chosen = transfer.next_institution_id
        if chosen is not None and chosen != plan.placement_id:
            continue  # the plan names another school than the one chosen: not this move
        if chosen is None and before == plan.placement.urn:
            continue  # section I still names the school the child is leaving
        transfer.next_institution = plan.placement
        transfer.named_on = on
        steps.add(transfer)
        steps.record(
            transfer,
            Event(
                ReviewEvent.PHASE_TRANSFER_NAMED,
                f"The plan issued on {long_date(on)} names {plan.placement.name} for after "
                "the move",
                family=True,
            ),
            user=step.user,
        )
        steps.meet_deadlines(transfer, transfer.deadline_code, user=step.user, on=on)


@transaction.atomic
def post16_transfer_open(*, plan: Plan, moves_on: datetime.date, acting_user) -> PhaseTransfer:
    """Reg 18(2): a young person moving from one post-16 institution to another at any
    other time than the usual transfer: the plan is reviewed and amended, naming the new
    institution, at least 5 months before the move (``post16_transfer_review``: due 5
    months before ``moves_on``)."""
    locked = steps.lock(plan)
    steps.authorise(locked, acting_user)
    if not locked.is_issued:
        raise ActionRefused(f"Only an issued plan can be amended. {steps.state_words(locked)}")
    if moves_on <= today():
        raise ValidationError({"moves_on": "The move must be in the future"})
    due_on = timescales.due_date("post16_transfer_review", moves_on)
    transfer = PhaseTransfer(
        plan=locked,
        transfer_year=moves_on.year,
        phase=PhaseTransfer.Phase.POST16_MOVE,
        moves_on=moves_on,
        due_on=due_on,
    )
    words = (
        f"Move between post-16 institutions on {long_date(moves_on)}",
        "The amended plan naming the new institution must be issued by "
        f"{long_date(due_on)}, 5 months before the move (Reg 18(2)).",
    )
    transfer = _open_transfer(
        transfer, lambda: max(due_on, today()), lambda _: words, start=moves_on, user=acting_user
    )
    return transfer
