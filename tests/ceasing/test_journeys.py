"""Ceasing a plan through a year of its life, with real dates (time-machine).

Worked calendar: the plan has been in force since Monday 7 January 2030. The council
proposes to cease it on Monday 2 September 2030, consults the family and the school, and
sends its decision on Tuesday 1 October 2030. Two months later is Sunday 1 December
2030, which the Tribunal's rules move to Monday 2 December: the family may appeal until
then, so the plan ends on Tuesday 3 December 2030 if they do not.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from ceasing import services, tasks
from ceasing.models import CeasingProposal
from plans.models import Plan
from sen_portal.casework.models import ChronologyEvent, Deadline
from tests.ceasing.conftest import APPEAL_DUE, DECIDED_ON, ENDS_ON, PROPOSED_ON, at

pytestmark = pytest.mark.django_db
Status = CeasingProposal.Status


def run_daily_task(time_machine, day: datetime.date) -> int:
    """The beat task, run for real (eager Celery, as in production code paths)."""
    at(time_machine, day)
    return tasks.ceasings_end_due.delay().get()


def test_a_decision_to_cease_keeps_the_plan_until_the_appeal_period_ends(decided, time_machine):
    assert decided.status == Status.DECIDED
    assert decided.appeal_due_on == APPEAL_DUE
    assert decided.ends_on == ENDS_ON
    plan = Plan.objects.get(pk=decided.plan_id)
    assert plan.status == Plan.Status.IN_FORCE

    # The last day for appealing: the plan is still maintained.
    assert run_daily_task(time_machine, APPEAL_DUE) == 0
    plan.refresh_from_db()
    assert plan.status == Plan.Status.IN_FORCE

    # The day after: no appeal arrived, so the plan ends that day (SEN2 CeaseDate).
    assert run_daily_task(time_machine, ENDS_ON) == 1
    plan.refresh_from_db()
    decided.refresh_from_db()
    assert plan.status == Plan.Status.CEASED
    assert plan.ceased_on == ENDS_ON
    assert plan.cease_reason == "2"
    assert decided.status == Status.CEASED
    assert decided.ceased_on == ENDS_ON
    # The annual review clock stopped with the plan.
    assert not Deadline.objects.filter(
        child=plan.child, code="annual_review", status__in=Deadline.LIVE
    ).exists()

    # Running again (a doubled beat) changes nothing.
    assert run_daily_task(time_machine, ENDS_ON) == 0
    assert ChronologyEvent.objects.filter(kind="plan_ceased", child=plan.child).count() == 1


def test_the_decision_is_recorded_with_the_family_told(decided):
    events = ChronologyEvent.objects.filter(child=decided.child, kind__startswith="ceasing_")
    kinds = list(events.order_by("id").values_list("kind", flat=True))
    assert kinds == [
        "ceasing_proposed",
        "ceasing_consulted",
        "ceasing_consulted",
        "ceasing_decided",
    ]
    decision = events.get(kind="ceasing_decided")
    assert decision.visible_to_family
    assert "3 December 2030" in decision.summary
    assert "2 December 2030" in decision.note


def test_decision_needs_the_family_and_the_school_consulted(proposal, caseworker, time_machine):
    at(time_machine, PROPOSED_ON + datetime.timedelta(days=3))
    services.ceasing_record_consultation(
        proposal=proposal,
        party="family",
        name="Pat Parent",
        consulted_on=PROPOSED_ON + datetime.timedelta(days=1),
        acting_user=caseworker,
    )
    with pytest.raises(services.ActionRefused, match="school or college"):
        services.ceasing_decide_cease(
            proposal=proposal,
            on=PROPOSED_ON + datetime.timedelta(days=3),
            reasons="Needs met.",
            cease_reason="2",
            acting_user=caseworker,
        )


def test_continue_to_maintain_ends_the_proposal_and_keeps_the_plan(
    consulted, caseworker, time_machine
):
    at(time_machine, DECIDED_ON)
    services.ceasing_decide_continue(
        proposal=consulted,
        on=DECIDED_ON,
        reason="The school's views show he still needs the support in section F.",
        acting_user=caseworker,
    )
    consulted.refresh_from_db()
    assert consulted.status == Status.CONTINUED
    assert consulted.plan.status == Plan.Status.IN_FORCE
    # A new proposal may be made later.
    assert not consulted.is_live


def test_immediate_cease_is_only_for_reasons_with_no_appeal(proposal, caseworker):
    with pytest.raises(ValidationError) as error:
        services.ceasing_cease_now(
            proposal=proposal,
            on=PROPOSED_ON,
            cease_reason="2",
            confirmed=True,
            acting_user=caseworker,
        )
    assert "moved to another local authority" in str(error.value)
    with pytest.raises(ValidationError, match="Confirm"):
        services.ceasing_cease_now(
            proposal=proposal,
            on=PROPOSED_ON,
            cease_reason="5",
            confirmed=False,
            acting_user=caseworker,
        )
    services.ceasing_cease_now(
        proposal=proposal, on=PROPOSED_ON, cease_reason="5", confirmed=True, acting_user=caseworker
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.CEASED
    assert proposal.plan.status == Plan.Status.CEASED
    assert proposal.plan.ceased_on == PROPOSED_ON
    assert proposal.plan.cease_reason == "5"


def test_one_live_proposal_per_plan(proposal, caseworker):
    with pytest.raises(services.ActionRefused, match="already has a proposal"):
        services.ceasing_propose(
            plan=proposal.plan, on=PROPOSED_ON, reasons="Again.", acting_user=caseworker
        )


def test_only_an_issued_plan_can_be_proposed_for_ceasing(plan, caseworker):
    with pytest.raises(services.ActionRefused, match="issued plan"):
        services.ceasing_propose(
            plan=plan, on=plan.created_at.date(), reasons="x", acting_user=caseworker
        )


def test_another_team_cannot_propose(plan_in_force, other_caseworker):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.ceasing_propose(
            plan=plan_in_force,
            on=datetime.date(2030, 1, 7),
            reasons="x",
            acting_user=other_caseworker,
        )


def test_proposal_dates_are_checked(consulted, caseworker):
    with pytest.raises(ValidationError, match="on or after"):
        services.ceasing_decide_cease(
            proposal=consulted,
            on=PROPOSED_ON - datetime.timedelta(days=1),
            reasons="Needs met.",
            cease_reason="2",
            acting_user=caseworker,
        )
    with pytest.raises(ValidationError, match="today or in the past"):
        services.ceasing_decide_cease(
            proposal=consulted,
            on=datetime.date(2031, 1, 1),
            reasons="Needs met.",
            cease_reason="2",
            acting_user=caseworker,
        )


def test_the_daily_task_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["ceasings-end-due"]
    assert entry["task"] == tasks.ceasings_end_due.name


def test_a_decision_letter_whose_task_was_lost_is_made_by_the_catch_up_task(decided, time_machine):
    # The decision's on-commit letter task never ran (as if the broker had been down).
    from sen_portal.casework.tasks import letters_catch_up

    assert decided.decision_letter is None
    # Letters of the earlier steps (days ago in the fixture's journey) are caught up now;
    # the decision's is too new: its task may just be slow.
    letters_catch_up.delay().get()
    decided.refresh_from_db()
    assert decided.decision_letter is None
    time_machine.shift(datetime.timedelta(minutes=11))
    assert letters_catch_up.delay().get() >= 1  # the decision notice (and any other)
    decided.refresh_from_db()
    assert decided.decision_letter is not None
    assert letters_catch_up.delay().get() == 0  # made once
