"""Celery adapters: take ids, call one service. Both are idempotent."""

from celery import shared_task

from sen_portal.task_queue import retry_policy


@shared_task(bind=True, **retry_policy())
def ceasing_decision_letter(self, proposal_id: str) -> None:
    from ceasing.letters import decision_letter_make

    decision_letter_make(proposal_id=proposal_id)


@shared_task
def ceasings_end_due() -> int:
    """Daily (beat): end the plans whose appeal period has passed with no appeal."""
    from ceasing.services import ceasings_end_due as end_due

    return len(end_due())


@shared_task
def ceasing_letters_catch_up() -> int:
    """Every 15 minutes (beat): queue again the letter of any decision to cease that
    still has none (its task was lost while the broker was away)."""
    from ceasing.models import CeasingProposal
    from sen_portal.task_queue import CATCH_UP_BATCH, catch_up_cutoff, enqueue

    missing = CeasingProposal.objects.filter(
        decided_on__isnull=False,
        decision_letter__isnull=True,
        ceased_immediately=False,
        updated_at__lt=catch_up_cutoff(),
    ).exclude(status=CeasingProposal.Status.CONTINUED)
    ids = missing.values_list("pk", flat=True)[:CATCH_UP_BATCH]
    return sum(enqueue(ceasing_decision_letter, str(pk)) for pk in ids)
