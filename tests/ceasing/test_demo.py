"""The demo seed: a plan being ceased, one ceased, a disagreement in mediation and one at
the tribunal with orders, all through the real services; running it twice adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from ceasing.models import CeasingProposal
from disagreements.models import Disagreement
from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_seed_demo_has_every_stage(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    # The letters are queued for the worker as each step commits (eager here).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    being = CeasingProposal.objects.get(child__la_reference="NS-DEMO-0701")
    assert being.status == CeasingProposal.Status.DECIDED
    assert being.mediation_in_progress
    assert being.decision_letter is not None
    assert being.appeal_due_on > timezone.localdate()
    ceased = Plan.objects.get(child__la_reference="NS-DEMO-0702")
    assert ceased.status == Plan.Status.CEASED
    assert Disagreement.objects.get(ceasing=being).status == "mediation_requested"
    tribunal = Disagreement.objects.get(child__la_reference="NS-DEMO-0703")
    assert tribunal.status == "decided"
    assert tribunal.orders.count() == 2
    assert tribunal.orders.filter(complied_on__isnull=True).count() == 1

    call_command("seed_demo", stdout=io.StringIO())
    assert CeasingProposal.objects.count() == 2
    assert Disagreement.objects.count() == 2
