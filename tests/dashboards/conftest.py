"""Fictional case data for the dashboards, written straight to the tables the workflows
fill (the dashboards only read them). Statuses are given to the constructor, never
changed afterwards."""

from __future__ import annotations

import datetime

import pytest

from assessments.models import AdviceRequest, AssessmentRequest, NeedsAssessment
from plans.models import Institution, Need, PlacementRecord, Plan
from sen_portal import timescales
from sen_portal.casework.models import Deadline
from tests.factories import ChildFactory

YEAR = 2025


@pytest.fixture
def make_deadline():
    def make(child, code="final_plan", *, started_on, met_on=None, status=None, exception=False):
        due_on = timescales.due_date(code, started_on)
        fields = {}
        if exception:
            fields = {
                "exception_reason": "exceptional_personal_circumstances",
                "exception_starts_on": started_on + datetime.timedelta(days=20),
                "exception_note": "Fictional evidence",
            }
        if status is None:
            status = Deadline.Status.MET if met_on else Deadline.Status.OPEN
        return Deadline.objects.create(
            child=child,
            code=code,
            started_on=started_on,
            due_on=due_on,
            status=status,
            met_on=met_on,
            breached_at=None
            if status != Deadline.Status.BREACHED
            else datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
            **fields,
        )

    return make


@pytest.fixture
def make_advice(caseworker):
    """A needs assessment on a new child of ``team`` and one request for advice."""

    def make(team, *, kind, requested_on, received_on=None, exception=False, child=None):
        child = child or ChildFactory(team=team)
        request = AssessmentRequest.objects.create(
            child=child,
            requester="parent",
            requester_name="A fictional parent",
            received_on=requested_on - datetime.timedelta(days=30),
            reasons="Fictional reasons",
            recorded_by=caseworker,
            status=AssessmentRequest.Status.ASSESSING,
            decided_on=requested_on - datetime.timedelta(days=2),
        )
        assessment = NeedsAssessment.objects.create(
            request=request, child=child, started_on=requested_on - datetime.timedelta(days=2)
        )
        extra = {}
        if received_on:
            extra = {
                "status": AdviceRequest.Status.RECEIVED,
                "received_on": received_on,
                "needs": "Needs",
                "outcomes": "Outcomes",
                "provision": "Provision",
            }
        if exception:
            extra.update(
                exception_reason="exceptional_personal_circumstances",
                exception_starts_on=requested_on,
                exception_note="Fictional evidence",
            )
        return AdviceRequest.objects.create(
            assessment=assessment,
            kind=kind,
            addressee="A fictional service",
            questions="What does the child need?",
            requested_on=requested_on,
            due_on=timescales.due_date("advice_due", requested_on),
            **extra,
        )

    return make


@pytest.fixture
def school(db):
    return Institution.objects.create(
        urn="100001", name="Fictional Primary School", kind=Institution.Kind.values[0]
    )


@pytest.fixture
def make_case(caseworker, make_deadline, school):
    """A child whose request was received, assessed and (optionally) planned."""

    def make(team, *, received_on, upn="", plan_on=None, exception=False, plan=None, **child):
        # Sex and ethnicity recorded unless a test says otherwise: the SEN2 check asks.
        child = ChildFactory(team=team, upn=upn, **{"sex": "F", "ethnicity": "NOBT", **child})
        request = AssessmentRequest.objects.create(
            child=child,
            requester="parent",
            requester_name="A fictional parent",
            received_on=received_on,
            reasons="Fictional reasons",
            recorded_by=caseworker,
            status=AssessmentRequest.Status.ASSESSING,
            decided_on=received_on + datetime.timedelta(weeks=5),
        )
        deadline = make_deadline(child, started_on=received_on, met_on=plan_on, exception=exception)
        deadline.subject_type_id = deadline.subject_type_for(request).pk
        deadline.subject_id = str(request.pk)
        deadline.save()
        if plan_on:
            assessment = NeedsAssessment.objects.create(
                request=request,
                child=child,
                started_on=request.decided_on,
                status=NeedsAssessment.Status.DECIDED_TO_ISSUE,
                advice_completed_on=request.decided_on + datetime.timedelta(weeks=6),
                decided_on=request.decided_on + datetime.timedelta(weeks=7),
            )
            fields = {
                "status": Plan.Status.FINAL_ISSUED,
                "draft_issued_on": plan_on - datetime.timedelta(weeks=3),
                "representations_due_on": plan_on - datetime.timedelta(weeks=1),
                "final_issued_on": plan_on,
                "placement": school,
                **(plan or {}),  # e.g. a ceased plan, section J
            }
            plan = Plan.objects.create(
                child=child, assessment=assessment, started_by=caseworker, **fields
            )
            # What SEN2 asks of a plan in force: a primary need type in section B and
            # where the child is educated (placement detail).
            Need.objects.create(plan=plan, area="communication_interaction",
                                description="Fictional need", sen_type="ASD",
                                sen_type_rank=1)  # fmt: skip
            PlacementRecord.objects.create(plan=plan, institution=fields["placement"],
                                           entry_date=plan_on)  # fmt: skip
        return child

    return make
