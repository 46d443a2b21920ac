"""Two people pressing the same (or opposite) buttons at the same moment: exactly one
decision is recorded, and the other person is told why nothing happened. Real threads,
real PostgreSQL transactions and row locks."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_fsm import ConcurrentTransition

from assessments import services
from assessments.models import AssessmentRequest, NeedsAssessment
from sen_portal.casework.models import ChronologyEvent, Deadline
from tests.assessments.helpers import TODAY, date_fields

pytestmark = pytest.mark.django_db(transaction=True)

DECISION_KINDS = ("assessment_request_decided_assess", "assessment_request_declined")


def run_together(*calls):
    """Start every call at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:  # the outcome under test, kept for the assertions
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_caseworkers_deciding_the_same_request_at_once_record_one_decision(
    caseworker, manager, child, make_request
):
    assessment_request = make_request(child)
    assess_url = reverse("assessments:request_decide_to_assess", args=[assessment_request.pk])
    decline_url = reverse("assessments:request_decline", args=[assessment_request.pk])

    def post(user, url, data):
        def call():
            client = Client()
            client.force_login(user)
            return client.post(url, data)

        return call

    responses = run_together(
        post(caseworker, assess_url, date_fields("on", TODAY)),
        post(manager, decline_url, {**date_fields("on", TODAY), "reasons": "Not needed."}),
    )
    assert sorted(r.status_code for r in responses) == [302, 409]
    loser = next(r for r in responses if r.status_code == 409)
    assert "This cannot be done now" in loser.content.decode()
    assert "Nothing was changed" in loser.content.decode()

    assessment_request.refresh_from_db()
    assert assessment_request.status in ("assessing", "declined")
    assert ChronologyEvent.objects.filter(kind__in=DECISION_KINDS).count() == 1
    assert NeedsAssessment.objects.count() == (assessment_request.status == "assessing")
    decision = Deadline.objects.get(child=child, code="decide_whether_to_assess")
    assert decision.status == "met"


@pytest.mark.parametrize("attempt", range(5))
def test_the_same_decision_made_twice_at_once_is_recorded_once(
    caseworker, manager, child, make_request, attempt
):
    # Both callers hold the same (soon stale) copy, as two open browser tabs would.
    assessment_request = make_request(child)

    def decide(user):
        return lambda: services.request_decide_to_assess(
            assessment_request=assessment_request, on=TODAY, acting_user=user
        )

    results = run_together(decide(caseworker), decide(manager))
    refused = [r for r in results if isinstance(r, services.ActionRefused)]
    made = [r for r in results if isinstance(r, NeedsAssessment)]
    assert (len(made), len(refused)) == (1, 1), results
    assert "already been decided" in str(refused[0])
    assert NeedsAssessment.objects.count() == 1
    assert ChronologyEvent.objects.filter(kind="needs_assessment_started").count() == 1
    assert AssessmentRequest.objects.get().status == "assessing"


def test_a_stale_copy_saved_without_the_lock_cannot_overwrite_a_decision(
    caseworker, child, make_request
):
    assessment_request = make_request(child)
    first = AssessmentRequest.objects.get(pk=assessment_request.pk)
    second = AssessmentRequest.objects.get(pk=assessment_request.pk)
    first.decline(on=TODAY, reasons="No.", by=caseworker)
    first.save()
    second.decide_to_assess(on=TODAY, by=caseworker)
    with pytest.raises(ConcurrentTransition):
        second.save()
    assert AssessmentRequest.objects.get().status == "declined"
