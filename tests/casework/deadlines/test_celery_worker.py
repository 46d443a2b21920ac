"""A real Celery worker against Redis runs the sweep task end to end: beat's job, minus
beat. Not eager: the task goes through the broker, the worker (in a thread of this
process, with its own database connection) runs it, and it queues the delivery task,
which the same worker runs too."""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from django.core import mail

from sen_portal.casework.models import Deadline, Notification
from sen_portal.casework.tasks import sweep_deadlines
from sen_portal.celery import app
from tests.casework.deadlines.conftest import RECEIVED, at, open_on


def wait_for(condition, *, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def real_worker(settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    broker = settings.CELERY_BROKER_URL
    assert broker.startswith("redis://"), "this test needs Redis (REDIS_URL)"
    # From the settings, whatever an earlier test in this process left in app.conf.
    for name in ("broker_url", "broker_read_url", "broker_write_url"):
        monkeypatch.setattr(app.conf, name, broker)
    app.control.purge()  # nothing left over from an earlier run on this Redis database
    try:
        with start_worker(
            app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30
        ) as worker:
            yield worker
    finally:
        app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_sweep_and_delivers_its_notifications(
    child, caseworker, manager, real_worker, time_machine
):
    missed = open_on(RECEIVED, child=child, code="decide_whether_to_assess", start=RECEIVED)
    # The worker thread reads the same frozen clock: it is 1 April 2025, so the 6-week
    # deadline (17 February) has been missed.
    time_machine.move_to(at(datetime.date(2025, 4, 1)), tick=False)

    queued = sweep_deadlines.delay()
    assert not isinstance(queued, EagerResult)  # it went through Redis

    assert wait_for(
        lambda: Notification.objects.filter(status=Notification.Status.SENT).count() == 2
    ), list(Notification.objects.values_list("kind", "status", "last_error"))
    missed.refresh_from_db()
    assert missed.status == Deadline.Status.BREACHED
    assert sorted(Notification.objects.values_list("kind", "recipient_id")) == sorted(
        [("breach", caseworker.pk), ("breach", manager.pk)]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([caseworker.email, manager.email])
    for message in mail.outbox:
        assert child.last_name not in message.body and child.la_reference not in message.body
