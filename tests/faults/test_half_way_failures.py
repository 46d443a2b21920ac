"""A transition that fails half-way leaves nothing behind: the state, the chronology and
the deadlines are all as they were (real transactions: these tests commit)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import AssessmentRequest, NeedsAssessment
from plans import services as plan_services
from plans.models import Plan, PlanVersion
from sen_portal.casework import steps
from sen_portal.casework.models import ChronologyEvent, Deadline
from tests.journeys import fill_draft_sections

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = timezone.localdate()


class Injected(Exception):
    """The fault: something breaks after part of the work is written."""


def snapshot(child):
    return {
        "events": list(ChronologyEvent.objects.filter(child=child).values_list("pk", flat=True)),
        "deadlines": list(
            Deadline.objects.filter(child=child)
            .order_by("pk")
            .values_list("pk", "code", "status", "due_on")
        ),
    }


@pytest.fixture
def received(child, caseworker):
    return assessment_services.request_record(
        child=child,
        requester="parent",
        requester_name="Pat Parent",
        received_on=TODAY - datetime.timedelta(days=12),
        reasons="Not making progress in reading despite support at school.",
        consent_to_share=True,
        share_with=["education"],
        acting_user=caseworker,
    )


def test_deciding_to_assess_that_fails_after_the_chronology_and_deadline_writes_leaves_none(
    client, caseworker, child, received, monkeypatch
):
    """Through the real page: the chronology event is written and the 6-week deadline met
    before the fault, and both are gone after it."""
    before = snapshot(child)
    assert ("decide_whether_to_assess", "open") in [(d[1], d[2]) for d in before["deadlines"]]
    real_record = steps.chronology_record
    written = []

    def record_then_remember(**kwargs):
        written.append(real_record(**kwargs))
        return written[-1]

    def fail(obj, **kwargs):
        assert written, "the fault comes after the chronology write"
        raise Injected

    # The kernel writes the decision's event, then validates the new assessment: fail there.
    monkeypatch.setattr(steps, "chronology_record", record_then_remember)
    monkeypatch.setattr(steps, "validate", fail)

    client.force_login(caseworker)
    client.raise_request_exception = False
    response = client.post(
        reverse("assessments:request_decide_to_assess", args=[received.pk]),
        {"on_day": TODAY.day, "on_month": TODAY.month, "on_year": TODAY.year},
    )
    assert response.status_code == 500
    assert written  # it really was written, inside the transaction
    assert snapshot(child) == before
    assert AssessmentRequest.objects.get(pk=received.pk).status == received.status
    assert not NeedsAssessment.objects.filter(child=child).exists()

    # Once the fault is gone, the same step works: nothing half-done is in its way.
    monkeypatch.undo()
    client.post(
        reverse("assessments:request_decide_to_assess", args=[received.pk]),
        {"on_day": TODAY.day, "on_month": TODAY.month, "on_year": TODAY.year},
    )
    assert NeedsAssessment.objects.filter(child=child).count() == 1


def test_issuing_a_draft_that_fails_after_opening_the_representations_deadline_leaves_none(
    plan, caseworker, institutions, monkeypatch
):
    fill_draft_sections(plan, caseworker)
    child = plan.child
    before = snapshot(child)
    real_open = steps.deadline_open
    opened = []

    def open_then_fail(**kwargs):
        opened.append(real_open(**kwargs))
        assert Deadline.objects.filter(pk=opened[-1].pk).exists()
        assert ChronologyEvent.objects.filter(child=child, kind="plan_draft_issued").exists()
        raise Injected

    # The draft's follow-up opens the family's 15 days through the kernel.
    monkeypatch.setattr(steps, "deadline_open", open_then_fail)
    with pytest.raises(Injected):
        plan_services.plan_issue_draft(
            plan=plan,
            on=TODAY,
            preferred_institution=institutions["primary"],
            acting_user=caseworker,
        )
    assert opened
    assert snapshot(child) == before
    assert not Deadline.objects.filter(pk=opened[0].pk).exists()
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFTING
    assert not PlanVersion.objects.filter(plan=plan).exists()
    assert not ChronologyEvent.objects.filter(child=child, kind="plan_draft_issued").exists()
