"""A worker killed in the middle of a task: with acks_late and reject_on_worker_lost the
message goes back to the queue, the task runs again, and its result exists exactly once.

A real worker (prefork, one process) against a private Redis; its pool process is killed
with SIGKILL after rendering the PDF and before storing it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from plans import services as plan_services
from plans.models import PlanVersionPdf
from plans.tasks import plan_version_render_pdf
from sen_portal.casework.models import Notification
from sen_portal.casework.tasks import deliver_notifications
from tests.faults.private_redis import needs_redis_server

pytestmark = [pytest.mark.django_db(transaction=True), needs_redis_server]
ROOT = Path(__file__).resolve().parents[2]


def test_the_project_acknowledges_tasks_late_and_requeues_them_if_a_worker_dies():
    assert django_settings.CELERY_TASK_ACKS_LATE is True
    assert django_settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert django_settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1


def wait_for(condition, timeout=60, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def worker(broker, tmp_path, media_root):
    marker = tmp_path / "stalled.pid"
    log = tmp_path / "worker.log"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sen_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": broker.url,
        "H6_STALL_MARKER": str(marker),
        "H6_MEDIA_ROOT": str(media_root),
    }
    with open(log, "w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.faults.worker_app",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-Q",
                "celery",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process, marker, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_pdf_render_killed_half_way_runs_again_and_the_pdf_exists_once(
    worker, broker, ready_plan, caseworker, institutions, media_root
):
    process, marker, log = worker
    # Issuing the draft queues its PDF once the transaction commits.
    version = plan_services.plan_issue_draft(
        plan=ready_plan,
        on=timezone.localdate(),
        preferred_institution=institutions["primary"],
        acting_user=caseworker,
    )
    wait_for(marker.exists, what="the worker to start rendering")
    time.sleep(0.2)
    stalled = int(marker.read_text())
    assert not PlanVersionPdf.objects.filter(version=version).exists()

    os.kill(stalled, signal.SIGKILL)  # the pool process dies mid-task

    wait_for(
        lambda: PlanVersionPdf.objects.filter(version=version).exists(),
        timeout=90,
        what="the redelivered task to store the PDF",
    )
    assert process.poll() is None  # the worker itself carried on, with a new process
    output = log.read_text()
    assert "WorkerLostError" in output or "signal 9" in output, output[-3000:]
    pdf = PlanVersionPdf.objects.get(version=version)
    stored = Path(media_root) / pdf.file.name
    assert stored.read_bytes()[:5] == b"%PDF-"
    # Exactly once: one row, one file; running the task again changes nothing.
    # (the plan's PDFs only: the draft's letters to the family are PDFs of their own)
    plan_pdfs = Path(media_root) / "plans"
    files = list(plan_pdfs.rglob("*.pdf"))
    assert len(files) == 1, files
    assert plan_version_render_pdf.apply(args=[version.pk]).get() == pdf.sha256
    assert PlanVersionPdf.objects.filter(version=version).count() == 1
    assert len(list(plan_pdfs.rglob("*.pdf"))) == 1


def test_email_delivery_run_twice_sends_each_notification_once(caseworker):
    """What a redelivered delivery task does: the second run finds nothing left to send."""
    Notification.objects.create(
        recipient=caseworker,
        kind="reminder",
        subject="Decide whether to assess: due in 3 working days",
        body="Open your notifications to see which case.",
        dedupe_key="h6-fault-test",
        next_attempt_at=timezone.now(),
    )
    first = deliver_notifications.apply().get()
    second = deliver_notifications.apply().get()
    assert (first["sent"], second["sent"]) == (1, 0)
    assert len(mail.outbox) == 1
