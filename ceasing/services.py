"""Every change to a proposal to cease a plan (CFA s45; SEND Regs 29-31).

Each service checks what was typed and takes one step on the transition kernel
(``sen_portal.casework.steps``: lock, permission, conditions, transition, chronology and
follow-ups in one transaction). The plan itself is ended only through
``plans.services.plan_cease``, a follow-up of the steps that end it, on the day it
actually ends; the decision letter is a follow-up of the decision.

The law sets no period for ceasing itself; the dates that matter are the family's
appeal deadline (``timescales.appeal_due``), which decides when the plan may end.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from ceasing.events import CeasingEvent
from ceasing.models import (
    AFTER_PROPOSAL,
    CEASE_OUTCOMES,
    IMMEDIATE_REASONS,
    CeaseReason,
    CeasingConsultation,
    CeasingProposal,
    Consultee,
)
from plans.models import Plan
from plans.models.plan import FINAL_OUT
from plans.services import plan_cease
from sen_portal import timescales
from sen_portal.casework import steps
from sen_portal.casework.rules import runs_the_case
from sen_portal.casework.steps import Event, Step
from sen_portal.casework.workflow import ActionRefused, require_text, today
from sen_portal.dates import long_date

Status = CeasingProposal.Status
# Reg 30: the views are received on or after the consultation.
VIEWS_DATE = steps.DateRule(
    "date the views were received",
    "args.consulted_on",
    "the date of the consultation",
    "responded_on",
)
logger = logging.getLogger(__name__)

__all__ = [
    "ActionRefused",
    "ceasing_appeal_concluded",
    "ceasing_appeal_lodged",
    "ceasing_cease_now",
    "ceasing_decide_cease",
    "ceasing_decide_continue",
    "ceasing_end_after_appeal_period",
    "ceasing_mediation_update",
    "ceasing_propose",
    "ceasing_record_consultation",
    "ceasings_end_due",
]


def _check_reason(reason: str, *, field: str = "cease_reason") -> None:
    if reason not in CeaseReason.values:
        raise ValidationError({field: "Select why the plan would end"})


@transaction.atomic
def ceasing_propose(
    *,
    plan: Plan,
    on: datetime.date,
    reasons: str,
    acting_user,
    review=None,
    cease_reason: str = "",
) -> CeasingProposal:
    """Reg 29(1)-(2): the council thinks the plan is no longer needed and tells the
    family why; it must then consult them and the school or college before deciding.

    ``review``: the annual review that led to the proposal, if any (recorded in the
    chronology). ``cease_reason``: the SEN2 reason if known now; otherwise chosen with
    the decision."""
    locked_plan = steps.lock(plan)
    steps.authorise(locked_plan, acting_user)
    if not locked_plan.is_issued:
        raise ActionRefused(f"Only an issued plan can be ceased. {steps.state_words(locked_plan)}")
    if CeasingProposal.objects.filter(plan=locked_plan, status__in=CeasingProposal.LIVE).exists():
        raise ActionRefused("This plan already has a proposal to cease it. Nothing was changed.")
    reasons = require_text(reasons, field="reasons", message="Enter the reasons for ceasing")
    if cease_reason:
        _check_reason(cease_reason)
    FINAL_OUT.but(what="date of the proposal").check(locked_plan, on)
    note = reasons if review is None else f"Following the annual review ({review}).\n{reasons}"
    proposed = {"proposed_on": on, "proposed_by": acting_user, "reasons": reasons}
    return steps.create(
        CeasingProposal(
            plan=locked_plan,
            child=locked_plan.child,
            cease_reason=cease_reason,
            from_review=review is not None,
            **proposed,
        ),
        user=acting_user,
        event=Event(
            CeasingEvent.PROPOSED,
            "The council proposes to stop maintaining the EHC plan",
            note=note,
            family=True,
        ),
    )


@transaction.atomic
def ceasing_record_consultation(
    *,
    proposal: CeasingProposal,
    party: str,
    name: str,
    consulted_on: datetime.date,
    responded_on: datetime.date | None = None,
    views: str = "",
    acting_user,
) -> CeasingConsultation:
    """Reg 30: record who was consulted, when, and the views they gave."""
    if party not in Consultee.values:
        raise ValidationError({"party": "Select who was consulted"})
    name = require_text(name, field="name", message="Enter who was consulted")
    AFTER_PROPOSAL.but(what="date of the consultation", field="consulted_on").check(
        proposal, consulted_on
    )
    views = (views or "").strip()
    note = f"Consulted on {long_date(consulted_on)}."
    if responded_on is not None:
        VIEWS_DATE.check(proposal, responded_on, {"consulted_on": consulted_on})
        require_text(views, field="views", message="Enter the views they gave")
        note += f" Views received on {long_date(responded_on)}:\n{views}"
    event = Event(CeasingEvent.CONSULTED, f"Consulted about ceasing the plan: {name}", note)
    locked = steps.take(proposal, "consult", user=acting_user, event=event)
    dates = {"consulted_on": consulted_on, "responded_on": responded_on}
    return steps.add(
        CeasingConsultation(
            proposal=locked, party=party, name=name, views=views, recorded_by=acting_user, **dates
        )
    )


# Reg 31(2): the council decides to keep the plan and tells the family.
ceasing_decide_continue = steps.service(CeasingProposal, "decide_continue", "proposal")


@transaction.atomic
def ceasing_decide_cease(
    *,
    proposal: CeasingProposal,
    on: datetime.date,
    reasons: str,
    cease_reason: str,
    acting_user,
) -> CeasingProposal:
    """Reg 31(1)-(2): notify the decision to cease, with reasons, the right to appeal
    and to mediation, and the appeal deadline. The plan is kept until that deadline
    passes with no appeal (CoP 9.209). The decision letter is a follow-up."""
    _check_reason(cease_reason)
    locked = steps.lock(proposal)
    locked.cease_reason = cease_reason
    return steps.take(
        locked,
        "decide_cease",
        user=acting_user,
        on=on,
        reasons=reasons,
        appeal_due=timescales.appeal_due(on),
    )


@transaction.atomic
def ceasing_cease_now(
    *,
    proposal: CeasingProposal,
    on: datetime.date,
    cease_reason: str,
    confirmed: bool,
    acting_user,
) -> CeasingProposal:
    """Cease at once where no appeal lies in practice: the young person has moved to
    another authority (which takes the plan over, CFA s47) or has died."""
    _check_reason(cease_reason)
    if cease_reason not in IMMEDIATE_REASONS:
        raise ValidationError(
            {
                "cease_reason": "A plan can only be ceased at once when the child or young "
                "person has moved to another local authority or has died"
            }
        )
    if not confirmed:
        raise ValidationError({"confirmed": "Confirm that no appeal lies against this decision"})
    locked = steps.lock(proposal)
    locked.cease_reason = cease_reason
    return steps.take(locked, "cease_now", user=acting_user, on=on)


@transaction.atomic
def ceasing_mediation_update(
    *,
    proposal: CeasingProposal,
    in_progress: bool,
    certificate_on: datetime.date | None = None,
    acting_user,
) -> CeasingProposal:
    """The family contacted the mediation adviser about the decision to cease (the plan
    is not ended while that is in progress), or a certificate was issued, which may
    extend their appeal deadline to 1 month after it (HESC Rules r20(1)(c))."""
    locked = steps.lock(proposal)
    if locked.status != Status.DECIDED:
        return locked
    changed = []
    if locked.mediation_in_progress != in_progress:
        locked.mediation_in_progress = in_progress
        changed.append("mediation_in_progress")
    if certificate_on is not None:
        due = timescales.appeal_due(locked.decided_on, certificate_on)
        if due != locked.appeal_due_on:
            locked.appeal_due_on = due
            changed.append("appeal_due_on")
    if not changed:
        return locked
    locked.save(update_fields=[*changed, "updated_at"])
    if "appeal_due_on" in changed:
        steps.record(
            locked,
            Event(
                CeasingEvent.APPEAL_EXTENDED,
                "Appeal deadline against ceasing the plan is now "
                f"{long_date(locked.appeal_due_on)}",
                note=f"Mediation certificate issued on {long_date(certificate_on)}: the family "
                "may appeal up to 1 month after it.",
                family=True,
            ),
            user=acting_user,
        )
    elif in_progress:
        steps.record(
            locked,
            Event(CeasingEvent.MEDIATION, "Ceasing the plan waits for mediation"),
            user=acting_user,
        )
    return locked


# An appeal against the decision to cease: the plan is kept until it concludes (CFA s45;
# CoP 9.209).
ceasing_appeal_lodged = steps.service(CeasingProposal, "hold_for_appeal", "proposal")


@transaction.atomic
def ceasing_appeal_concluded(
    *, proposal: CeasingProposal, outcome: str, on: datetime.date, acting_user
) -> CeasingProposal:
    """The appeal ended: dismissed or withdrawn, the plan ceases that day (Reg 44(2)(a));
    allowed or conceded, the council continues to maintain it (Reg 44(2)(g))."""
    if outcome not in CeasingProposal.Outcome.values:
        raise ValidationError({"outcome": "Select the outcome of the appeal"})
    step = "appeal_ends_plan" if outcome in CEASE_OUTCOMES else "appeal_keeps_plan"
    return steps.take(proposal, step, user=acting_user, on=on, outcome=outcome)


@transaction.atomic
def ceasing_end_after_appeal_period(
    *, proposal: CeasingProposal, on: datetime.date | None = None, acting_user=None
) -> CeasingProposal:
    """The appeal deadline has passed with no appeal and no mediation under way: the
    plan ends the day after the deadline (or later, if the task ran late: the actual
    end is the day it was ceased, never before the deadline had passed)."""
    locked = steps.lock(proposal)
    on = on or today()
    if locked.status != Status.DECIDED or locked.appeal_due_on is None:
        raise ActionRefused(
            f"The plan is not waiting for its appeal period. {steps.state_words(locked)}"
        )
    if on <= locked.appeal_due_on:
        raise ActionRefused(
            f"The family may appeal until {long_date(locked.appeal_due_on)}: the plan is kept "
            "until then."
        )
    if locked.mediation_in_progress:
        raise ActionRefused("The family are in mediation: the plan is kept until it ends.")
    return steps.take(locked, "end_after_appeal_period", user=acting_user, on=on)


@steps.after(CeasingProposal, "cease_now", "appeal_ends_plan", "end_after_appeal_period")
def _end_the_plan(step: Step) -> None:
    """The plan ends on the day the proposal ceased it (plans.services.plan_cease)."""
    proposal = step.obj
    plan_cease(
        plan=proposal.plan,
        on=proposal.ceased_on,
        reason=proposal.cease_reason,
        acting_user=step.user or _actor_for_automatic_end(proposal),
    )


def _actor_for_automatic_end(proposal: CeasingProposal):
    """plans.services.plan_cease runs the plan's transition with a user who runs the
    case. When the daily task ends a plan nobody pressed a button, so the decision's
    maker stands behind it (or the case's caseworker, if they have moved on)."""
    for user in (proposal.decided_by, proposal.child.caseworker):
        if user is not None and runs_the_case(proposal.plan, user):
            return user
    raise ActionRefused("Nobody who runs this case could be found to end the plan.")


def ceasings_end_due(*, on: datetime.date | None = None) -> list[CeasingProposal]:
    """Every decision to cease whose appeal period has passed with no appeal and no
    mediation: one transaction each, so one failure does not hold up the rest, and a
    row another run has just ceased is skipped (its state moved on). Idempotent."""
    on = on or today()
    due = CeasingProposal.objects.filter(
        status=Status.DECIDED, appeal_due_on__lt=on, mediation_in_progress=False
    ).order_by("appeal_due_on", "pk")
    ended = []
    for proposal in due:
        try:
            ended.append(ceasing_end_after_appeal_period(proposal=proposal, on=on))
        except ActionRefused as exc:
            # Moved on since it was read (another run, an appeal just lodged), or nobody
            # who runs the case could end it: left for a person, and logged.
            logger.warning("Ceasing %s not ended: %s", proposal.pk, exc)
            continue
    return ended
