"""The plan's state machine: states change only through transitions, a stale copy cannot
overwrite a newer state, and each step is possible only from the states it names."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from plans import services
from plans.models import Plan
from sen_portal.casework.models import ChronologyEvent
from tests.plans.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_the_state_cannot_be_set_directly(plan):
    with pytest.raises(AttributeError):
        plan.status = Plan.Status.IN_FORCE


def test_a_stale_copy_cannot_overwrite_a_step_someone_else_took(ready_plan, caseworker):
    mine = Plan.objects.get(pk=ready_plan.pk)
    theirs = Plan.objects.get(pk=ready_plan.pk)
    services.plan_issue_draft(plan=theirs, on=TODAY, acting_user=caseworker)
    mine.withdraw(on=TODAY, reason="Pressed at the same moment")
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        mine.save()
    assert Plan.objects.get(pk=ready_plan.pk).status == "draft_issued"


def test_a_step_from_the_wrong_state_is_not_allowed(ready_plan, caseworker):
    with pytest.raises(TransitionNotAllowed):
        ready_plan.bring_into_force(on=TODAY)
    with pytest.raises(services.ActionRefused, match="after consulting"):
        services.plan_issue_final(plan=ready_plan, on=TODAY, acting_user=caseworker)


def test_the_draft_waits_for_every_section_but_i(plan, caseworker):
    with pytest.raises(services.ActionRefused, match="Mark every section except I"):
        services.plan_issue_draft(plan=plan, on=TODAY, acting_user=caseworker)
    plan.refresh_from_db()
    assert plan.status == "drafting"
    assert not plan.versions.exists()


def test_a_plan_in_force_is_not_withdrawn_but_a_withdrawn_plan_is_final(final_ready, caseworker):
    services.plan_issue_final(plan=final_ready, on=TODAY, acting_user=caseworker)
    services.plan_bring_into_force(plan=final_ready, on=TODAY, acting_user=caseworker)
    with pytest.raises(services.ActionRefused, match="not yet final can be withdrawn"):
        services.plan_withdraw(
            plan=final_ready, on=TODAY, reason="Moved away", acting_user=caseworker
        )


def test_a_withdrawn_plan_lets_the_child_have_another(
    draft_issued, caseworker, child, decide_to_issue
):
    services.plan_withdraw(
        plan=draft_issued,
        on=TODAY,
        reason="Request withdrawn by the family",
        acting_user=caseworker,
    )
    with pytest.raises(services.ActionRefused):
        services.plan_consult_institution(
            plan=draft_issued,
            institution=draft_issued.preferred_institution,
            on=TODAY,
            acting_user=caseworker,
        )
    event = ChronologyEvent.objects.get(kind="plan_withdrawn")
    assert (event.from_state, event.to_state) == ("draft_issued", "withdrawn")
    assert event.visible_to_family


def test_each_transition_is_in_the_case_history_with_its_states(final_ready, caseworker):
    services.plan_issue_final(plan=final_ready, on=TODAY, acting_user=caseworker)
    events = {
        e.kind: (e.from_state, e.to_state)
        for e in ChronologyEvent.objects.filter(kind__startswith="plan_")
    }
    assert events["plan_started"] == ("", "drafting")
    assert events["plan_draft_issued"] == ("drafting", "draft_issued")
    assert events["plan_institution_consulted"] == ("draft_issued", "consulting")
    assert events["plan_final_issued"] == ("consulting", "final_issued")


def test_ceasing_ends_an_issued_plan_and_stops_its_review_clock(final_ready, caseworker):
    from sen_portal.casework.models import Deadline

    with pytest.raises(services.ActionRefused, match="Only an issued plan can be ceased"):
        services.plan_cease(plan=final_ready, on=TODAY, reason="3", acting_user=caseworker)
    services.plan_issue_final(plan=final_ready, on=TODAY, acting_user=caseworker)
    with pytest.raises(ValidationError, match="Select why the plan ended"):
        services.plan_cease(plan=final_ready, on=TODAY, reason="x", acting_user=caseworker)

    plan = services.plan_cease(plan=final_ready, on=TODAY, reason="3", acting_user=caseworker)

    assert (plan.status, plan.ceased_on, plan.get_cease_reason_display()) == (
        "ceased",
        TODAY,
        "Moved on to higher education",
    )
    review = Deadline.objects.get(code="annual_review")
    assert review.status == "cancelled"
    event = ChronologyEvent.objects.get(kind="plan_ceased")
    assert (event.from_state, event.to_state) == ("final_issued", "ceased")
    # The child may now have another plan: a ceased plan is not current.
    assert not Plan.objects.filter(child=plan.child, status__in=Plan.CURRENT).exists()
