"""Fixtures for the assessments tests: advice givers, and requests or
assessments in a given state, reached through the real services."""

from __future__ import annotations

import pytest

from assessments import services
from assessments.models import AdviceRequest
from sen_portal.accounts.roles import Role
from tests.assessments.helpers import days_ago
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- People ------------------------------------------------------------------------------


@pytest.fixture
def psychologist(db):
    return UserFactory(
        role=Role.ADVICE_GIVER,
        full_name="Dr Ezra Psychologist",
        job_title="Educational psychologist",
    )


@pytest.fixture
def paediatrician(db):
    return UserFactory(
        role=Role.ADVICE_GIVER, full_name="Dr Hana Health", job_title="Community paediatrician"
    )


# --- Workflows in a given state ---------------------------------------------------------


@pytest.fixture
def make_request(caseworker):
    def make(child, *, received_on=None, **overrides):
        fields = {
            "requester": "parent",
            "requester_name": "Pat Parent",
            "received_on": received_on or days_ago(20),
            "reasons": "Not making progress in reading despite school support.",
            "consent_to_share": True,
            "share_with": ["education", "health"],
            "acting_user": caseworker,
        }
        fields.update(overrides)
        return services.request_record(child=child, **fields)

    return make


@pytest.fixture
def received_request(child, make_request):
    return make_request(child)


@pytest.fixture
def assessment(received_request, caseworker):
    return services.request_decide_to_assess(
        assessment_request=received_request, on=days_ago(10), acting_user=caseworker
    )


@pytest.fixture
def ask_advice(caseworker):
    def ask(assessment, *, kind=AdviceRequest.Kind.EDUCATIONAL_PSYCHOLOGY, giver=None, **extra):
        fields = {
            "kind": kind,
            "advice_giver": giver,
            "addressee": "" if giver else "Pat Parent",
            "questions": "What are the child's learning needs?",
            "requested_on": days_ago(9),
            "acting_user": caseworker,
        }
        fields.update(extra)
        return services.advice_request_create(assessment=assessment, **fields)

    return ask
