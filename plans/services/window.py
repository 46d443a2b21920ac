"""The family's 15 days on a draft plan (SEND Regs 2014 reg 13(1)) and on proposed
amendments (reg 22(2)(c)): how and when the notice was served, the rights-holder's
confirmation that they have nothing more to say, and the meeting they asked for.

One set of services for both: each finds the window the plan has open now (its draft
while the draft is out, the open amendment while amendments are proposed). The rules
are in plans/models/window.py. Neither the plan's lifecycle nor its amendments import
this module, and it imports neither.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from plans.events import PlanEvent
from plans.models import Plan, PlanAmendment
from plans.services._common import ActionRefused, require_text
from sen_portal import timescales
from sen_portal.casework import steps
from sen_portal.casework.services import deadlines_close_for_subject
from sen_portal.casework.steps import Event
from sen_portal.dates import long_date

Status = Plan.Status
MEETING_HELD = steps.DateRule(
    "date of the meeting", "meeting_requested_on", "the day they asked for it", "held_on"
)

__all__ = [
    "family_window",
    "plan_record_meeting_held",
    "plan_record_meeting_requested",
    "plan_record_nothing_more",
    "plan_record_service",
]


def family_window(plan: Plan) -> tuple[Plan | PlanAmendment, str, str] | None:
    """The window open on ``plan`` now: (the row that keeps it, its deadline code, what
    the family were sent), or None."""
    if plan.status in (Status.DRAFT_ISSUED, Status.CONSULTING):
        return plan, "draft_representations", "draft plan"
    if plan.status == Status.AMENDMENT_PROPOSED:
        amendment = (
            PlanAmendment.objects.select_for_update()
            .filter(plan=plan, outcome=PlanAmendment.Outcome.OPEN)
            .first()
        )
        if amendment is not None:
            return amendment, "amendment_representations", "proposed amendments"
    return None


def _locked_window(plan: Plan, acting_user, what: str, version: str | None = None):
    """The plan locked, and its window (locked too) at the version its form was built
    from (StaleEdit otherwise; None: no form)."""
    locked = steps.lock(plan)
    steps.authorise(locked, acting_user)
    found = family_window(locked)
    if found is None:
        raise ActionRefused(
            f"{what} only while the family have a draft plan or proposed amendments. "
            + steps.state_words(locked)
        )
    found[0].check_version(version)
    return locked, *found


def _sent_on(window) -> datetime.date:
    if isinstance(window, PlanAmendment):
        return window.proposals_issued_on
    return window.draft_issued_on


@transaction.atomic
def plan_record_service(
    *,
    plan: Plan,
    sent_by: str,
    sent_on: datetime.date,
    acting_user,
    system: bool = False,
    version: str | None = None,
) -> Plan | PlanAmendment:
    """How and when the draft (or the proposed amendments) went to the family. The day
    of service follows (``timescales.service_date``: first class post, the second
    working day after posting) and the family's 15 days begin with it (Reg 13(1)(a),
    Reg 22(2)(c)): the window's deadline moves to its new last day. ``system``: the
    letters page recorded the posting (``acting_user`` may be None)."""
    locked = steps.lock(plan)
    if not system:
        steps.authorise(locked, acting_user)
    found = family_window(locked)
    if found is None:
        raise ActionRefused(
            "How it was sent can be recorded only while the family have a draft plan or "
            "proposed amendments. " + steps.state_words(locked)
        )
    window, code, what = found
    window.check_version(version)
    if sent_by not in {m.value for m in timescales.ServiceMethod}:
        raise ValidationError({"sent_by": f"Select how the {what} was sent"})
    steps.DateRule(
        f"date the {what} was sent", _sent_on, f"the day the {what} was issued", "sent_on"
    ).check(window, sent_on)
    old_due = window.representations_due_on
    window.set_service(sent_by=sent_by, sent_on=sent_on)
    steps.validate(window)
    window.save()
    label = timescales.ServiceMethod(sent_by).label.lower()
    steps.record(
        locked,
        Event(
            PlanEvent.SERVED,
            f"The {what} was sent {label} on {long_date(sent_on)}, served on "
            f"{long_date(window.served_on)}",
            note=f"The family have until {long_date(window.representations_due_on)} to comment "
            f"and to ask for a meeting (15 days beginning with the day served, "
            f"{timescales.TIMESCALES[code].regulation}).",
            family=True,
        ),
        user=acting_user,
    )
    if old_due != window.representations_due_on:
        moved = f"Served on {long_date(window.served_on)}: the 15 days now run from that day."
        live = steps.live_deadline(locked, code)
        if live is not None:
            steps.cancel_deadlines(locked, code, user=acting_user, reason=moved)
        if window.family_confirmed_on is None:
            steps.open_deadline(locked, code, user=acting_user, start=window.served_on)
    return window


@transaction.atomic
def plan_record_nothing_more(
    *,
    plan: Plan,
    confirmed_on: datetime.date,
    how: str,
    acting_user,
    version: str | None = None,
) -> Plan | PlanAmendment:
    """The parent or young person told the council they have nothing more to say on the
    draft (or the proposals): the plan may then be finalised before their 15 days end.
    Recorded with how they said it (an email, a letter, at the meeting), so the waiver
    can be shown. Meets the window's deadline."""
    locked, window, code, what = _locked_window(
        plan, acting_user, "The family's confirmation can be recorded", version
    )
    how = require_text(
        how, field="how", message="Enter how the family told you they have nothing more to say"
    )
    steps.DateRule(
        "date they told you",
        ("served_on", _sent_on),
        f"the day the {what} was served",
        "confirmed_on",
    ).check(window, confirmed_on)
    if window.family_confirmed_on is not None:
        raise ActionRefused("The family's confirmation is already recorded.")
    window.family_confirmed_on = confirmed_on
    window.family_confirmed_note = how
    window.save()
    steps.record(
        locked,
        Event(
            PlanEvent.NOTHING_MORE,
            f"The family told us they have nothing more to say about the {what}",
            note=how,
            family=True,
        ),
        user=acting_user,
    )
    deadlines_close_for_subject(
        subject=locked, acting_user=acting_user, outcome="met", on=confirmed_on, codes=[code]
    )
    return window


@transaction.atomic
def plan_record_meeting_requested(
    *, plan: Plan, requested_on: datetime.date, acting_user, version: str | None = None
) -> Plan | PlanAmendment:
    """The family asked for a meeting with an officer of the council about the draft
    (Reg 13(1)(a)(ii)) or the proposals (Reg 22(2)(c)(iii)). The plan is not finalised
    until it has been held."""
    locked, window, code, what = _locked_window(
        plan, acting_user, "A request for a meeting can be recorded", version
    )
    if window.meeting_requested_on is not None:
        raise ActionRefused("The family's request for a meeting is already recorded.")
    steps.DateRule(
        "date they asked", _sent_on, f"the day the {what} was issued", "requested_on"
    ).check(window, requested_on)
    window.meeting_requested_on = requested_on
    window.save()
    late = window.representations_due_on and requested_on > window.representations_due_on
    steps.record(
        locked,
        Event(
            PlanEvent.MEETING_REQUESTED,
            f"The family asked for a meeting about the {what}",
            note="Asked after their 15 days had ended; we will still meet them before the "
            "plan is finalised."
            if late
            else "We will meet them before the plan is finalised.",
            family=True,
        ),
        user=acting_user,
    )
    return window


@transaction.atomic
def plan_record_meeting_held(
    *, plan: Plan, held_on: datetime.date, acting_user
) -> Plan | PlanAmendment:
    locked, window, code, what = _locked_window(plan, acting_user, "The meeting can be recorded")
    if window.meeting_requested_on is None:
        raise ActionRefused("Record the family's request for a meeting first.")
    if window.meeting_held_on is not None:
        raise ActionRefused("The meeting is already recorded as held.")
    MEETING_HELD.check(window, held_on)
    window.meeting_held_on = held_on
    window.save()
    steps.record(
        locked,
        Event(
            PlanEvent.MEETING_HELD,
            f"We met the family to discuss the {what} on {long_date(held_on)}",
            family=True,
        ),
        user=acting_user,
    )
    return window
