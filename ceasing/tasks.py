"""Celery adapters: take ids, call one service. Both are idempotent."""

from celery import shared_task


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def ceasing_decision_letter(proposal_id: str) -> None:
    from ceasing.letters import decision_letter_make

    decision_letter_make(proposal_id=proposal_id)


@shared_task
def ceasings_end_due() -> int:
    """Daily (beat): end the plans whose appeal period has passed with no appeal."""
    from ceasing.services import ceasings_end_due as end_due

    return len(end_due())
