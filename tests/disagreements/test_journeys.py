"""Disagreements with real dates (time-machine): mediation, the certificate across a bank
holiday weekend, mediation within 30 days, the appeal, and the tribunal's orders with
their compliance deadlines; and an appeal against a decision to cease holding the plan.

Worked calendar for a decision not to issue a plan, sent on Thursday 1 August 2030:
* The family contact the mediation adviser on Thursday 22 August 2030. If they want no
  mediation, the certificate is due within 3 working days: Friday 23 (1), Monday 26 is
  the summer bank holiday, Tuesday 27 (2), Wednesday 28 August 2030 (3).
* They want mediation; the council is told on Friday 23 August 2030, so it must be held
  within 30 days: by Sunday 22 September 2030 (a weekend does not move it).
* Mediation is held on Friday 20 September 2030; the certificate is due 3 working days
  later, Wednesday 25 September; it is issued on Tuesday 24 September 2030.
* Appeal deadline: 2 months after the decision is Tuesday 1 October 2030; 1 month after
  the certificate is Thursday 24 October 2030, which is later, so that is the deadline.
* The appeal is heard and allowed on Monday 3 March 2031. The tribunal orders the plan
  amended (5 weeks: Monday 7 April 2031) and section I amended (2 weeks: Monday 17 March
  2031).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from ceasing import tasks as ceasing_tasks
from ceasing.models import CeasingProposal
from disagreements import selectors, services
from disagreements.models import Disagreement
from plans.models import Plan
from sen_portal.casework.models import Deadline
from tests.journeys import APPEAL_DUE, DECIDED_ON, ENDS_ON, at

pytestmark = pytest.mark.django_db
Status = Disagreement.Status
D = datetime.date


def live(child, code):
    return Deadline.objects.get(child=child, code=code, status__in=Deadline.LIVE)


@pytest.fixture
def disagreement(child, caseworker, time_machine):
    at(time_machine, D(2030, 8, 1))
    return services.disagreement_record(
        child=child,
        kind="not_to_issue",
        decision_on=D(2030, 8, 1),
        summary="The family think Sam needs a plan for his reading.",
        acting_user=caseworker,
    )


def test_mediation_certificate_due_three_working_days_across_a_bank_holiday(
    disagreement, caseworker, time_machine
):
    assert disagreement.appeal_due_on == D(2030, 10, 1)
    at(time_machine, D(2030, 8, 22))
    services.disagreement_contact_adviser(
        disagreement=disagreement, on=D(2030, 8, 22), acting_user=caseworker
    )
    certificate = live(disagreement.child, "mediation_certificate")
    assert certificate.due_on == D(2030, 8, 28)

    # No mediation: the certificate on the last day is on time; the appeal deadline is
    # 1 month after it only if that is later (28 September < 1 October).
    at(time_machine, D(2030, 8, 28))
    d = services.disagreement_issue_certificate(
        disagreement=disagreement, on=D(2030, 8, 28), acting_user=caseworker
    )
    certificate.refresh_from_db()
    assert certificate.status == Deadline.Status.MET and not certificate.met_late
    assert d.status == Status.CERTIFICATE_ISSUED
    assert d.appeal_due_on == D(2030, 10, 1)


def test_mediation_within_30_days_then_a_certificate_then_the_tribunal(
    disagreement, caseworker, time_machine
):
    at(time_machine, D(2030, 8, 23))
    services.disagreement_contact_adviser(
        disagreement=disagreement, on=D(2030, 8, 22), acting_user=caseworker
    )
    services.disagreement_request_mediation(
        disagreement=disagreement, on=D(2030, 8, 23), acting_user=caseworker
    )
    # The certificate waits for the mediation; the mediation has 30 days.
    assert not Deadline.objects.filter(
        code="mediation_certificate", status__in=Deadline.LIVE
    ).exists()
    assert live(disagreement.child, "mediation_held").due_on == D(2030, 9, 22)

    at(time_machine, D(2030, 9, 20))
    services.disagreement_hold_mediation(
        disagreement=disagreement,
        on=D(2030, 9, 20),
        outcome="not_agreed",
        note="The council will not change its decision.",
        acting_user=caseworker,
    )
    held = Deadline.objects.get(code="mediation_held")
    assert held.status == Deadline.Status.MET
    assert live(disagreement.child, "mediation_certificate").due_on == D(2030, 9, 25)

    at(time_machine, D(2030, 9, 24))
    d = services.disagreement_issue_certificate(
        disagreement=disagreement, on=D(2030, 9, 24), acting_user=caseworker
    )
    assert d.appeal_due_on == D(2030, 10, 24)

    at(time_machine, D(2030, 10, 10))
    services.disagreement_lodge_appeal(
        disagreement=d, on=D(2030, 10, 10), reference="EH123/30/00001", acting_user=caseworker
    )
    with pytest.raises(ValidationError, match="on or after the day the appeal was lodged"):
        services.disagreement_set_hearing(
            disagreement=d, hearing_on=D(2030, 10, 1), acting_user=caseworker
        )
    services.disagreement_set_hearing(
        disagreement=d, hearing_on=D(2031, 3, 3), acting_user=caseworker
    )

    at(time_machine, D(2031, 3, 3))
    d = services.disagreement_record_outcome(
        disagreement=d, on=D(2031, 3, 3), outcome="allowed", acting_user=caseworker
    )
    amend = services.disagreement_order_add(
        disagreement=d, code="tribunal_amend_plan", made_on=D(2031, 3, 3), acting_user=caseworker
    )
    placement = services.disagreement_order_add(
        disagreement=d,
        code="tribunal_amend_section_i",
        made_on=D(2031, 3, 3),
        detail="Name Brookside Special School in section I.",
        acting_user=caseworker,
    )
    assert amend.due_on == amend.deadline.due_on == D(2031, 4, 7)
    assert placement.due_on == placement.deadline.due_on == D(2031, 3, 17)
    assert amend.deadline.status == Deadline.Status.OPEN

    # Not closed while an order is outstanding.
    with pytest.raises(services.ActionRefused, match="complied with"):
        services.disagreement_close(disagreement=d, on=D(2031, 3, 3), acting_user=caseworker)

    at(time_machine, D(2031, 3, 20))
    services.disagreement_order_comply(order=placement, on=D(2031, 3, 14), acting_user=caseworker)
    services.disagreement_order_comply(order=amend, on=D(2031, 3, 20), acting_user=caseworker)
    placement.deadline.refresh_from_db()
    assert placement.deadline.status == Deadline.Status.MET
    d = services.disagreement_close(disagreement=d, on=D(2031, 3, 20), acting_user=caseworker)
    assert d.status == Status.CLOSED
    assert not selectors.open_disagreements().exists()


def test_dates_must_be_in_order(disagreement, caseworker, time_machine):
    at(time_machine, D(2030, 8, 30))
    with pytest.raises(ValidationError, match="on or after the date of the decision"):
        services.disagreement_contact_adviser(
            disagreement=disagreement, on=D(2030, 7, 31), acting_user=caseworker
        )
    services.disagreement_contact_adviser(
        disagreement=disagreement, on=D(2030, 8, 22), acting_user=caseworker
    )
    with pytest.raises(ValidationError, match="certificate must be on or after"):
        services.disagreement_issue_certificate(
            disagreement=disagreement, on=D(2030, 8, 21), acting_user=caseworker
        )
    with pytest.raises(ValidationError, match="today or in the past"):
        services.disagreement_issue_certificate(
            disagreement=disagreement, on=D(2030, 9, 1), acting_user=caseworker
        )


def test_an_outcome_needs_the_hearing_first(disagreement, caseworker, time_machine):
    at(time_machine, D(2030, 9, 1))
    services.disagreement_lodge_appeal(
        disagreement=disagreement, on=D(2030, 9, 1), acting_user=caseworker
    )
    with pytest.raises(ValidationError, match="hearing date"):
        services.disagreement_record_outcome(
            disagreement=disagreement, on=D(2030, 9, 1), outcome="dismissed", acting_user=caseworker
        )
    # A withdrawal needs no hearing.
    d = services.disagreement_record_outcome(
        disagreement=disagreement, on=D(2030, 9, 1), outcome="withdrawn", acting_user=caseworker
    )
    assert d.status == Status.DECIDED
    with pytest.raises(services.ActionRefused):
        services.disagreement_order_add(
            disagreement=d,
            code="tribunal_amend_plan",
            made_on=D(2030, 9, 1),
            acting_user=caseworker,
        )


def test_counts_by_stage_for_dashboards(disagreement, child, caseworker, time_machine):
    services.disagreement_record(
        child=child, kind="cease", decision_on=D(2030, 8, 1), acting_user=caseworker
    )
    services.disagreement_contact_adviser(
        disagreement=disagreement, on=D(2030, 8, 1), acting_user=caseworker
    )
    counts = selectors.open_disagreements_by_stage()
    assert counts["recorded"] == 1
    assert counts["adviser_contacted"] == 1
    assert counts["appeal_lodged"] == 0
    assert selectors.open_disagreements_by_kind()["cease"] == 1
    assert selectors.open_disagreements(team_id=child.team_id).count() == 2


# --- An appeal against a decision to cease holds the ceasing --------------------------


def run_daily_task(time_machine, day):
    at(time_machine, day)
    return ceasing_tasks.ceasings_end_due.delay().get()


@pytest.fixture
def cease_disagreement(decided, caseworker):
    return services.disagreement_record(
        child=decided.child,
        kind="cease",
        decision_on=DECIDED_ON,
        decision=decided,
        acting_user=caseworker,
    )


def test_an_appeal_holds_the_plan_until_it_is_dismissed(
    decided, cease_disagreement, caseworker, time_machine
):
    at(time_machine, D(2030, 11, 1))
    services.disagreement_contact_adviser(
        disagreement=cease_disagreement, on=D(2030, 11, 1), acting_user=caseworker
    )
    services.disagreement_issue_certificate(
        disagreement=cease_disagreement, on=D(2030, 11, 1), acting_user=caseworker
    )
    at(time_machine, D(2030, 11, 20))
    services.disagreement_lodge_appeal(
        disagreement=cease_disagreement, on=D(2030, 11, 20), acting_user=caseworker
    )
    decided.refresh_from_db()
    assert decided.status == CeasingProposal.Status.APPEALED

    # Long after the appeal period, the daily task leaves the plan alone.
    assert run_daily_task(time_machine, D(2031, 1, 10)) == 0
    plan = Plan.objects.get(pk=decided.plan_id)
    assert plan.status == Plan.Status.IN_FORCE

    services.disagreement_set_hearing(
        disagreement=cease_disagreement, hearing_on=D(2031, 2, 10), acting_user=caseworker
    )
    at(time_machine, D(2031, 2, 12))
    services.disagreement_record_outcome(
        disagreement=cease_disagreement,
        on=D(2031, 2, 12),
        outcome="dismissed",
        acting_user=caseworker,
    )
    plan.refresh_from_db()
    decided.refresh_from_db()
    assert plan.status == Plan.Status.CEASED
    assert plan.ceased_on == D(2031, 2, 12)  # at once, on the tribunal's decision
    assert decided.status == CeasingProposal.Status.CEASED
    assert decided.appeal_outcome == "dismissed"


def test_an_allowed_appeal_keeps_the_plan(decided, cease_disagreement, caseworker, time_machine):
    at(time_machine, D(2030, 11, 20))
    services.disagreement_lodge_appeal(
        disagreement=cease_disagreement, on=D(2030, 11, 20), acting_user=caseworker
    )
    services.disagreement_set_hearing(
        disagreement=cease_disagreement, hearing_on=D(2031, 2, 10), acting_user=caseworker
    )
    at(time_machine, D(2031, 2, 10))
    services.disagreement_record_outcome(
        disagreement=cease_disagreement,
        on=D(2031, 2, 10),
        outcome="allowed",
        acting_user=caseworker,
    )
    decided.refresh_from_db()
    assert decided.status == CeasingProposal.Status.CONTINUED
    assert Plan.objects.get(pk=decided.plan_id).status == Plan.Status.IN_FORCE


def test_mediation_holds_the_ceasing_and_a_certificate_extends_the_appeal_period(
    decided, cease_disagreement, caseworker, time_machine
):
    at(time_machine, D(2030, 11, 25))
    services.disagreement_contact_adviser(
        disagreement=cease_disagreement, on=D(2030, 11, 25), acting_user=caseworker
    )
    services.disagreement_request_mediation(
        disagreement=cease_disagreement, on=D(2030, 11, 25), acting_user=caseworker
    )
    # The appeal deadline passes during mediation: the plan is kept.
    assert run_daily_task(time_machine, ENDS_ON) == 0
    decided.refresh_from_db()
    assert decided.mediation_in_progress

    at(time_machine, D(2030, 12, 16))
    services.disagreement_hold_mediation(
        disagreement=cease_disagreement,
        on=D(2030, 12, 16),
        outcome="not_agreed",
        acting_user=caseworker,
    )
    services.disagreement_issue_certificate(
        disagreement=cease_disagreement, on=D(2030, 12, 16), acting_user=caseworker
    )
    decided.refresh_from_db()
    # 1 month after the certificate: Thursday 16 January 2031, later than 2 December.
    assert decided.appeal_due_on == D(2031, 1, 16) > APPEAL_DUE
    assert not decided.mediation_in_progress
    assert run_daily_task(time_machine, D(2031, 1, 16)) == 0
    assert run_daily_task(time_machine, D(2031, 1, 17)) == 1
    plan = Plan.objects.get(pk=decided.plan_id)
    assert plan.status == Plan.Status.CEASED
    assert plan.ceased_on == D(2031, 1, 17)


def test_a_cease_disagreement_recorded_from_the_case_page_finds_the_decision(decided, caseworker):
    d = services.disagreement_record(
        child=decided.child, kind="cease", decision_on=DECIDED_ON, acting_user=caseworker
    )
    assert d.ceasing_id == decided.pk
    with pytest.raises(ValidationError, match="decision to cease was sent on"):
        services.disagreement_record(
            child=decided.child, kind="cease", decision_on=D(2030, 9, 30), acting_user=caseworker
        )
