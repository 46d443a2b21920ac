"""Celery adapters: take ids, call one service. Idempotent. (The decision letters are
casework's letters: sen_portal.casework.tasks.letter_render.)"""

from celery import shared_task


@shared_task
def ceasings_end_due() -> int:
    """Daily (beat): end the plans whose appeal period has passed with no appeal."""
    from ceasing.services import ceasings_end_due as end_due

    return len(end_due())
