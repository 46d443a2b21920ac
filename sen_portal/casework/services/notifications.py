"""Delivering the notifications outbox by email, and reading it in the app.

The sweep (casework/sweep.py) writes rows; `notifications_deliver_pending` sends them.
A row is claimed with SELECT ... FOR UPDATE SKIP LOCKED and stays locked until it is
marked sent, so two workers never send the same row. (Email is at-least-once: if the
database commit failed after the mail server accepted a message, it would be sent again
on the next run. Losing a reminder would be worse.)

A failed send backs off exponentially on the row itself (next_attempt_at), so a mail
server outage is retried without hammering it, whichever task run picks the row up;
after MAX_ATTEMPTS it is marked failed and stays visible in the app.
"""

from __future__ import annotations

import datetime
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sen_portal.accounts.roles import STAFF_ROLES
from sen_portal.casework.models import Notification

Status = Notification.Status

MAX_ATTEMPTS = 6
# Rows locked per transaction: a worker holds at most this many while it talks to the
# mail server.
CLAIM_BATCH = 25
# The transport errors worth trying again; anything else is a bug and should be loud.
TEMPORARY_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)

EMAIL_FOOTER = (
    "\n\nSign in to see it: {url}\n\n"
    "This email does not name the child or young person or include any of their details, "
    "to keep them private."
)


@dataclass(frozen=True)
class DeliveryResult:
    sent: int = 0
    deferred: int = 0  # failed for now, will be tried again later
    failed: int = 0  # given up on
    more: bool = False  # stopped at the limit with rows still waiting


def retry_delay(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8... minutes after each failed attempt, at most 6 hours."""
    return min(datetime.timedelta(minutes=2 ** max(attempts - 1, 0)), datetime.timedelta(hours=6))


def email_text(notification: Notification) -> str:
    """The body and a link to sign in: staff go to their notifications page; anyone who
    cannot open it (a family account) goes to the notification's own page."""
    if notification.link_path and notification.recipient.role not in STAFF_ROLES:
        path = notification.link_path
    else:
        path = reverse("casework:notification_list")
    url = settings.DEADLINE_NOTIFICATIONS_BASE_URL.rstrip("/") + path
    return notification.body + EMAIL_FOOTER.format(url=url)


def _deliver_one(notification: Notification, *, now: datetime.datetime) -> str:
    recipient = notification.recipient
    notification.attempts += 1
    if not recipient.is_active or not recipient.email:
        notification.status = Status.FAILED
        notification.last_error = "The recipient's account is not active"
    else:
        try:
            send_mail(
                notification.subject,
                email_text(notification),
                settings.DEFAULT_FROM_EMAIL,
                [recipient.email],
            )
        except TEMPORARY_ERRORS as exc:
            notification.last_error = f"{type(exc).__name__}: {exc}"[:300]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = Status.FAILED
            else:
                notification.next_attempt_at = now + retry_delay(notification.attempts)
        else:
            notification.status = Status.SENT
            notification.sent_at = now
            notification.last_error = ""
    notification.save(
        update_fields=[
            "attempts",
            "status",
            "sent_at",
            "last_error",
            "next_attempt_at",
            "updated_at",
        ]
    )
    return notification.status


@transaction.atomic
def _deliver_batch(*, size: int) -> tuple[int, int, int, int]:
    now = timezone.now()
    claimed = list(
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient")
        .filter(status=Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")[:size]
    )
    sent = deferred = failed = 0
    for notification in claimed:
        outcome = _deliver_one(notification, now=now)
        if outcome == Status.SENT:
            sent += 1
        elif outcome == Status.FAILED:
            failed += 1
        else:
            deferred += 1
    return len(claimed), sent, deferred, failed


def notifications_deliver_pending(*, limit: int = 200) -> DeliveryResult:
    """Email pending notifications whose time has come, at most ``limit`` per call (so a
    task run stays inside its time limit; the task queues itself again for the rest)."""
    sent = deferred = failed = handled = 0
    while handled < limit:
        claimed, s, d, f = _deliver_batch(size=min(CLAIM_BATCH, limit - handled))
        if not claimed:
            return DeliveryResult(sent, deferred, failed, more=False)
        handled += claimed
        sent, deferred, failed = sent + s, deferred + d, failed + f
    more = Notification.objects.filter(
        status=Status.PENDING, next_attempt_at__lte=timezone.now()
    ).exists()
    return DeliveryResult(sent, deferred, failed, more=more)


# --- In the app ----------------------------------------------------------------------


def notification_create(
    *,
    recipient,
    kind: str,
    dedupe_key: str,
    subject: str,
    body: str,
    link_path: str = "",
) -> Notification | None:
    """Put one notification in the outbox, in the caller's transaction, and deliver it
    once that commits. Subject and body travel by email: no personal data in them.
    Returns None when one with this dedupe_key already exists (nothing is sent twice)."""
    notification, created = Notification.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "recipient": recipient,
            "kind": kind,
            "subject": subject,
            "body": body,
            "link_path": link_path,
            "next_attempt_at": timezone.now(),
        },
    )
    if not created:
        return None
    from sen_portal.casework.tasks import deliver_notifications as deliver_notifications_task
    from sen_portal.task_queue import enqueue_on_commit

    enqueue_on_commit(deliver_notifications_task)
    return notification


def notifications_mark_read(*, user, ids: list[int]) -> int:
    """Mark these of the user's notifications read (the ones a page has just shown).
    One UPDATE, atomic on its own: no transaction (or savepoint) needed around it."""
    if not ids:
        return 0
    marked = Notification.objects.filter(recipient=user, id__in=ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    # The header's count was read with the user (accounts.backends): keep it true.
    if getattr(user, "unread_notifications", None) is not None:
        user.unread_notifications = max(user.unread_notifications - marked, 0)
    return marked
