"""Celery tasks for casework: thin adapters around the services, owning only retry policy."""

from __future__ import annotations

from celery import shared_task

from sen_portal.task_queue import retry_policy


class NotificationsDeferred(Exception):
    """Some emails could not be sent this time; retrying the task (with back-off) picks
    them up once their own next_attempt_at has come."""


@shared_task
def sweep_deadlines() -> dict[str, int]:
    """Beat runs this every DEADLINE_SWEEP_MINUTES. Idempotent: a missed run is caught
    up by the next, and a doubled one writes nothing twice."""
    from sen_portal.casework.sweep import sweep_deadlines as sweep

    result = sweep()
    # The sweep has committed: the deliverer will see every row it wrote.
    deliver_notifications.delay()
    return {
        "reminders": result.reminders,
        "escalations": result.escalations,
        "breaches": result.breaches,
        "breach_notifications": result.breach_notifications,
    }


# Deferred emails are retried after 1, 2, 4... minutes, as is anything transient.
@shared_task(
    bind=True, **retry_policy(NotificationsDeferred, backoff=60, backoff_max=60 * 60, retries=6)
)
def deliver_notifications(self) -> dict[str, int]:
    from sen_portal.casework.services import notifications_deliver_pending

    result = notifications_deliver_pending()
    if result.more:
        # Stopped at its limit to stay inside the task time limit: carry on in a new run.
        deliver_notifications.delay()
    if result.deferred:
        raise NotificationsDeferred(f"{result.deferred} notification(s) to try again")
    return {"sent": result.sent, "deferred": result.deferred, "failed": result.failed}


@shared_task(bind=True, **retry_policy())
def letter_render(self, letter_id: str) -> str:
    """Render one letter's PDF. Idempotent: the service renders a letter once."""
    from sen_portal.casework.letters.services import letter_render as render

    return str(render(letter_id=letter_id).document_id)


@shared_task
def letters_catch_up() -> int:
    """Every 15 minutes (beat): queue again any letter that still has no PDF (its task
    was lost while the broker was away)."""
    from sen_portal.casework.models import Letter
    from sen_portal.task_queue import CATCH_UP_BATCH, catch_up_cutoff, enqueue

    missing = Letter.objects.filter(document__isnull=True, created_at__lt=catch_up_cutoff())
    ids = missing.order_by("created_at").values_list("pk", flat=True)[:CATCH_UP_BATCH]
    return sum(enqueue(letter_render, str(pk)) for pk in ids)
