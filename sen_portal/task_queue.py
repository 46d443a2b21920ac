"""Sending Celery tasks so that a broker outage never breaks the request that sent them.

A service queues follow-up work (a PDF, a letter) once its transaction has committed. If
Redis is down at that moment the change has already been saved, so the user must see it
succeed; the failure to queue is logged as an error for the operators. Task errors
themselves (which run in-process when CELERY_TASK_ALWAYS_EAGER is on, as in tests) are
not swallowed: only the broker being unreachable is.
"""

from __future__ import annotations

import datetime
import logging

from django.db import OperationalError as DatabaseOperationalError
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


# Errors a task should simply try again later: the database was busy or away for a moment
# ("database is locked" when the web server and the worker write one SQLite file at once,
# or a dropped PostgreSQL connection). Tasks add these to their autoretry_for.
TRANSIENT_DATABASE_ERRORS: tuple[type[Exception], ...] = (DatabaseOperationalError,)


def enqueue(task, *args, **kwargs) -> bool:
    """``task.delay(*args, **kwargs)``; False (and an error logged) if the broker is away."""
    try:
        task.delay(*args, **kwargs)
    except OperationalError:
        logger.exception("Could not queue %s%r: the broker is unreachable", task.name, args)
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue ``task`` once the current transaction commits (never if it rolls back)."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))


# Documents a task should have made by now: their task was queued at least this long ago.
# If the broker was away when it was queued (enqueue logged the error), the app's
# catch-up task finds the missing document and queues it again; the tasks are
# idempotent, so one that was only slow is not made twice.
CATCH_UP_AFTER = datetime.timedelta(minutes=10)
CATCH_UP_BATCH = 200


def catch_up_cutoff() -> datetime.datetime:
    return timezone.now() - CATCH_UP_AFTER


# --- The one retry policy of every task that does work (a PDF, a letter, an email) -------
# Retry what is transient: the broker away (kombu's OperationalError), the database's
# lock or connection lost (Django's OperationalError: a lock timeout, a deadlock, a
# restart), the disk or storage (OSError). Never a bug: any other exception fails the
# task at once and is logged, so that a person looks at it instead of it running 5 times.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    *TRANSIENT_DATABASE_ERRORS,
    OSError,
)


def retry_policy(
    *also: type[BaseException], backoff: int = 30, backoff_max: int = 10 * 60, retries: int = 5
) -> dict:
    """``@shared_task(bind=True, **retry_policy())``: back off exponentially (with jitter)
    from ``backoff`` seconds to ``backoff_max``, at most ``retries`` times; ``also``: a
    task's own "try again later" exception."""
    return {
        "autoretry_for": (*TRANSIENT_ERRORS, *also),
        "retry_backoff": backoff,
        "retry_backoff_max": backoff_max,
        "retry_jitter": True,
        "max_retries": retries,
    }
