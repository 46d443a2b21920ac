"""A version whose PDF task was lost (the broker was away when it was queued) gets its PDF
from the catch-up task that beat runs every 15 minutes, once."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from plans.models import PlanVersionPdf
from plans.tasks import plan_pdfs_catch_up

pytestmark = pytest.mark.django_db


def test_a_version_left_without_its_pdf_gets_one_from_the_catch_up_task(draft_issued):
    # The draft's on-commit task never ran (as if the broker had been down).
    version = draft_issued.versions.get()
    assert not PlanVersionPdf.objects.filter(version=version).exists()

    assert plan_pdfs_catch_up.delay().get() == 0  # within 10 minutes: it may just be slow
    with time_machine.travel(datetime.timedelta(minutes=11)):
        assert plan_pdfs_catch_up.delay().get() == 1
        assert PlanVersionPdf.objects.filter(version=version).count() == 1
        assert plan_pdfs_catch_up.delay().get() == 0  # nothing left to make
