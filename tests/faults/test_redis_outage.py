"""Redis (the Celery broker) stops while caseworkers work: pages still load, transitions
still commit, and the deadline reminders missed during the outage go out with the first
sweep after Redis is back.

The test runs a private redis-server on a free port, so the shared one is never touched.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from kombu.exceptions import OperationalError

from assessments import services as assessment_services
from assessments.models import AssessmentRequest
from sen_portal.casework.models import Deadline, Notification
from sen_portal.casework.tasks import deliver_notifications, sweep_deadlines
from tests.faults.private_redis import needs_redis_server

pytestmark = [pytest.mark.django_db(transaction=True), needs_redis_server]
LONDON = datetime.timezone(datetime.timedelta(0))


def test_caseworkers_keep_working_while_redis_is_down(
    broker, client, caseworker, manager, child, settings
):
    settings.DEADLINE_REMINDER_WORKING_DAYS = [3]
    # Wednesday 21 January 2026: the request arrives; the decision is due 6 weeks later.
    with time_machine.travel(datetime.datetime(2026, 1, 21, 10, tzinfo=LONDON), tick=False):
        request = assessment_services.request_record(
            child=child,
            requester="parent",
            requester_name="Pat Parent",
            received_on=datetime.date(2026, 1, 21),
            reasons="Reading well below age level.",
            consent_to_share=True,
            share_with=["education"],
            acting_user=caseworker,
        )
        second = assessment_services.request_record(
            child=type(child).objects.create(
                team=child.team,
                caseworker=caseworker,
                first_name="Ola",
                last_name="Outage",
                date_of_birth=child.date_of_birth,
                la_reference="NS-OUTAGE-1",
            ),
            requester="parent",
            requester_name="Ann Outage",
            received_on=datetime.date(2026, 1, 21),
            reasons="Speech and language needs.",
            consent_to_share=True,
            share_with=["education"],
            acting_user=caseworker,
        )
    deadline = Deadline.objects.get(child=child, code="decide_whether_to_assess")
    assert deadline.due_on == datetime.date(2026, 3, 4)  # Wednesday, 6 weeks on

    # Thursday 26 February: Redis goes down; the 3-working-day reminder day (Friday 27th)
    # falls inside the outage.
    broker.stop()
    client.force_login(caseworker)
    with time_machine.travel(datetime.datetime(2026, 2, 27, 9, tzinfo=LONDON), tick=False):
        # Beat's tick is lost: the sweep cannot even be queued.
        with pytest.raises(OperationalError):
            sweep_deadlines.delay()

        # Pages still load.
        for path in (
            reverse("casework:child_list"),
            reverse("casework:child_detail", args=[child.pk]),
            reverse("assessments:request_detail", args=[request.pk]),
            reverse("dashboards:timeliness"),
        ):
            assert client.get(path).status_code == 200, path

        # A transition still commits, although its letter cannot be queued.
        response = client.post(
            reverse("assessments:request_decline", args=[second.pk]),
            {
                "on_day": "27",
                "on_month": "2",
                "on_year": "2026",
                "reasons": "Needs can be met from the school's own resources.",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert AssessmentRequest.objects.get(pk=second.pk).status == "declined"
        assert client.get(response.url).status_code == 200
    assert not Notification.objects.filter(kind="reminder").exists()

    # Monday 2 March: Redis is back; the next sweep sends the reminder that was missed.
    broker.start()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=LONDON), tick=False):
        sweep_deadlines.delay()  # beat's next tick reaches the broker again
        assert broker.queued() == 1
        result = sweep_deadlines.apply().get()  # what the worker does with it
        assert result["reminders"] == 1
        deliver_notifications.apply()
    reminder = Notification.objects.get(kind="reminder")
    assert reminder.recipient == caseworker
    assert reminder.status == "sent"
    assert len([m for m in mail.outbox if caseworker.email in m.to]) == 1
    assert "4 March 2026" in mail.outbox[-1].body or "4 March 2026" in mail.outbox[-1].subject

    # A second sweep sends nothing twice.
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 15, tzinfo=LONDON), tick=False):
        assert sweep_deadlines.apply().get()["reminders"] == 0
    assert Notification.objects.filter(kind="reminder").count() == 1
