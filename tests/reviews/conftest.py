"""Fixtures for the reviews tests: the plans tests' plan in force on Monday 7 January 2030
(reached through the real plans services), and quick issued plans for lists and cohorts
(rows written directly, with the annual review clock their issue opens)."""

from __future__ import annotations

import datetime

import pytest

from assessments.models import AssessmentRequest, NeedsAssessment
from plans.models import Institution, Plan
from sen_portal.casework.services import deadline_open
from tests.factories import ChildFactory
from tests.plans.conftest import (  # noqa: F401 - fixtures shared with the plans tests
    FINAL_ON,
    assessment,
    at,
    date_fields,
    decide_to_issue,
    institutions,
    media_root,
    plan,
    plan_in_force,
    psychologist,
)


def quick_plan(
    child, *, issued_on: datetime.date, by, placement: Institution | None = None
) -> Plan:
    """An issued plan in force from ``issued_on``, with its 12-month review clock."""
    received = issued_on - datetime.timedelta(weeks=20)
    request = AssessmentRequest(
        child=child,
        requester="parent",
        requester_name="Pat Parent",
        received_on=received,
        reasons="Not making progress.",
        consent_to_share=False,
        share_with=[],
        recorded_by=by,
        status="assessing",
        decided_on=received + datetime.timedelta(weeks=6),
    )
    request.save()
    needs = NeedsAssessment(
        request=request,
        child=child,
        started_on=request.decided_on,
        status="decided_to_issue",
        advice_completed_on=received + datetime.timedelta(weeks=12),
        decided_on=received + datetime.timedelta(weeks=14),
    )
    needs.save()
    if placement is None:
        placement, _ = Institution.objects.get_or_create(
            urn="990909", defaults={"name": "Quickmoor Primary School", "kind": "mainstream"}
        )
    issued = Plan(
        child=child,
        assessment=needs,
        started_by=by,
        status="in_force",
        draft_issued_on=received + datetime.timedelta(weeks=15),
        representations_due_on=received + datetime.timedelta(weeks=17),
        final_issued_on=issued_on,
        placement=placement,
        in_force_from=issued_on,
    )
    issued.save()
    deadline_open(child=child, code="annual_review", start=issued_on, subject=issued)
    return issued


@pytest.fixture
def make_plan(team, caseworker):
    def make(*, born: datetime.date, issued_on: datetime.date, placement=None, **names):
        child = ChildFactory(team=names.pop("team", team), date_of_birth=born, **names)
        return quick_plan(child, issued_on=issued_on, by=caseworker, placement=placement)

    return make
