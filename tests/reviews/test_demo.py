"""The reviews demo: a review at every stage and a phase transfer cohort, made once."""

import io

import pytest
from django.utils import timezone

from reviews import demo, phases
from reviews.models import PhaseTransfer, Review
from sen_portal.accounts.roles import Role
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_stage_and_a_cohort_and_is_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    team = TeamFactory(name="North locality SEN team")
    UserFactory(email="caseworker@example.org", role=Role.CASEWORKER, team=team)
    UserFactory(email="advisor@example.org", role=Role.ADVICE_GIVER)
    today = timezone.localdate()
    out = io.StringIO()
    demo.seed(today=today, stdout=out)
    assert "9 new case(s)" in out.getvalue()
    counts = (Review.objects.count(), PhaseTransfer.objects.count())
    demo.seed(today=today, stdout=io.StringIO())
    assert (Review.objects.count(), PhaseTransfer.objects.count()) == counts
    assert set(Review.objects.values_list("status", flat=True)) >= {
        "due", "scheduled", "held", "report_received", "decided"
    }  # fmt: skip
    assert set(Review.objects.values_list("decision", flat=True)) >= {"maintain", "amend"}
    year = phases.transfer_year_for(today)
    cohort = PhaseTransfer.objects.filter(transfer_year=year)
    assert set(cohort.values_list("phase", flat=True)) == {"reception", "secondary", "post16"}
    assert cohort.filter(named_on__isnull=False).count() == 1
