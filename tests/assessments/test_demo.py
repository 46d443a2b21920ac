"""seed_demo adds requests and assessments at every stage, some overdue, once."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments.models import AdviceRequest, AssessmentRequest, NeedsAssessment
from sen_portal.casework.models import Deadline

pytestmark = pytest.mark.django_db


def counts():
    return (
        AssessmentRequest.objects.count(),
        NeedsAssessment.objects.count(),
        AdviceRequest.objects.count(),
        Deadline.objects.count(),
    )


def test_seed_demo_has_every_stage_some_overdue_and_is_idempotent():
    call_command("seed_demo", "--force", stdout=io.StringIO())
    first = counts()
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert counts() == first
    assert set(AssessmentRequest.objects.values_list("status", flat=True)) == {
        "received",
        "assessing",
        "declined",
    }
    assert set(NeedsAssessment.objects.values_list("status", flat=True)) == {
        "gathering_advice",
        "advice_complete",
        "decided_to_issue",
        "decided_not_to_issue",
    }
    today = timezone.localdate()
    assert AdviceRequest.objects.filter(status="requested", due_on__lt=today).exists()
    request_ids = [str(pk) for pk in AssessmentRequest.objects.values_list("pk", flat=True)]
    overdue_decision = Deadline.objects.filter(
        code="decide_whether_to_assess", status="open", due_on__lt=today, subject_id__in=request_ids
    )
    assert overdue_decision.exists()
    assert AdviceRequest.objects.filter(
        advice_giver__email="advisor@example.org", status="requested"
    ).exists()
