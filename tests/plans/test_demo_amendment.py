"""seed_demo adds a plan with proposed amendments out to the family."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from plans.models import Plan, PlanAmendment
from sen_portal.casework.models import Deadline

pytestmark = pytest.mark.django_db


def test_seed_demo_has_a_plan_with_proposed_amendments():
    call_command("seed_demo", "--force", stdout=io.StringIO())
    call_command("seed_demo", "--force", stdout=io.StringIO())  # idempotent
    plan = Plan.objects.get(child__la_reference="NS-DEMO-0204")
    assert plan.status == Plan.Status.AMENDMENT_PROPOSED
    amendment = PlanAmendment.objects.get(plan=plan)
    today = timezone.localdate()
    assert amendment.proposals_issued_on == today - datetime.timedelta(days=6)
    assert amendment.representations_due_on == today + datetime.timedelta(days=8)
    assert amendment.proposals_version.pdf is not None
    assert Deadline.objects.get(child=plan.child, code="amended_plan").status == "open"
