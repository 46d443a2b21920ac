"""Delivering the outbox by email: sent once, retried with back-off, never by two workers."""

import datetime
import smtplib
import threading
import time

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connections
from django.utils import timezone

from sen_portal.casework.models import Notification
from sen_portal.casework.services import notifications
from sen_portal.casework.tasks import deliver_notifications
from tests.factories import UserFactory

Status = Notification.Status


def make_notifications(user, count, *, kind="reminder"):
    now = timezone.now()
    return Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            dedupe_key=f"test:{user.pk}:{n}",
            subject="Reminder: a statutory deadline is due within 3 working days",
            body="Issue the final plan is due on 26 May 2025.",
            link_path="/cases/",
            next_attempt_at=now,
        )
        for n in range(count)
    )


@pytest.fixture
def broken_mail_server(monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)


@pytest.mark.django_db
def test_a_pending_notification_is_emailed_once_with_a_link_to_sign_in(caseworker, settings):
    settings.DEADLINE_NOTIFICATIONS_BASE_URL = "https://send.example.org"
    [notification] = make_notifications(caseworker, 1)
    result = notifications.notifications_deliver_pending()
    assert (result.sent, result.deferred, result.failed) == (1, 0, 0)
    [email] = mail.outbox
    assert email.to == [caseworker.email]
    assert email.subject == notification.subject
    assert email.body.startswith("Issue the final plan is due on 26 May 2025.")
    assert "Sign in to see it: https://send.example.org/cases/notifications/" in email.body
    notification.refresh_from_db()
    assert (
        notification.status == Status.SENT and notification.sent_at and notification.attempts == 1
    )
    assert notifications.notifications_deliver_pending().sent == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failed_send_backs_off_then_succeeds(
    caseworker, broken_mail_server, monkeypatch, time_machine
):
    time_machine.move_to(datetime.datetime(2025, 5, 12, 8, 0, tzinfo=datetime.UTC), tick=False)
    [notification] = make_notifications(caseworker, 1)
    assert notifications.notifications_deliver_pending().deferred == 1
    notification.refresh_from_db()
    assert notification.status == Status.PENDING and notification.attempts == 1
    assert notification.next_attempt_at == timezone.now() + datetime.timedelta(minutes=1)
    assert "SMTPServerDisconnected" in notification.last_error
    # Not again before its time...
    assert notifications.notifications_deliver_pending().deferred == 0
    # ...then twice as long after the second failure.
    time_machine.shift(datetime.timedelta(minutes=1))
    assert notifications.notifications_deliver_pending().deferred == 1
    notification.refresh_from_db()
    assert notification.next_attempt_at == timezone.now() + datetime.timedelta(minutes=2)
    monkeypatch.undo()  # the mail server is back
    time_machine.shift(datetime.timedelta(minutes=2))
    assert notifications.notifications_deliver_pending().sent == 1
    notification.refresh_from_db()
    assert (
        notification.status == Status.SENT
        and notification.attempts == 3
        and not notification.last_error
    )


@pytest.mark.django_db
def test_it_gives_up_after_the_last_attempt(caseworker, broken_mail_server, time_machine):
    time_machine.move_to(datetime.datetime(2025, 5, 12, 8, 0, tzinfo=datetime.UTC), tick=False)
    [notification] = make_notifications(caseworker, 1)
    for _ in range(notifications.MAX_ATTEMPTS):
        notifications.notifications_deliver_pending()
        time_machine.shift(datetime.timedelta(hours=7))
    notification.refresh_from_db()
    assert notification.status == Status.FAILED
    assert notification.attempts == notifications.MAX_ATTEMPTS
    assert notifications.notifications_deliver_pending() == notifications.DeliveryResult()


@pytest.mark.django_db
def test_a_recipient_who_has_left_is_not_emailed(caseworker):
    [notification] = make_notifications(caseworker, 1)
    caseworker.is_active = False
    caseworker.save()
    assert notifications.notifications_deliver_pending().failed == 1
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.status == Status.FAILED


@pytest.mark.django_db
def test_the_task_asks_celery_to_retry_when_a_send_failed(caseworker, broken_mail_server):
    make_notifications(caseworker, 2)
    with pytest.raises(Retry, match="2 notification"):
        deliver_notifications.apply()
    assert list(Notification.objects.values_list("status", "attempts")) == [("pending", 1)] * 2


@pytest.mark.django_db
def test_the_task_sends_and_finishes(caseworker):
    make_notifications(caseworker, 2)
    assert deliver_notifications.apply().get() == {"sent": 2, "deferred": 0, "failed": 0}


@pytest.mark.django_db
def test_a_run_stops_at_its_limit_and_says_there_is_more(caseworker):
    make_notifications(caseworker, 5)
    result = notifications.notifications_deliver_pending(limit=3)
    assert result.sent == 3 and result.more
    assert notifications.notifications_deliver_pending(limit=3) == notifications.DeliveryResult(
        sent=2
    )


@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_at_once_send_each_notification_once(monkeypatch):
    user = UserFactory(email="casey.worker@example.org")
    make_notifications(user, 60)
    original = EmailBackend.send_messages

    def slow_send(self, messages):
        time.sleep(0.005)  # a mail server takes a moment: let the two workers overlap
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", slow_send)
    start = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            start.wait()
            results.append(notifications.notifications_deliver_pending())
        except Exception as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(r.sent for r in results) == 60
    assert all(r.sent > 0 for r in results), "both workers should have taken a share"
    assert len(mail.outbox) == 60
    assert Notification.objects.filter(status=Status.SENT, attempts=1).count() == 60
