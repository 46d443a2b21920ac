"""Celery adapters for assessments: take ids, call one service."""

from celery import shared_task

from sen_portal.task_queue import retry_policy


@shared_task(bind=True, **retry_policy())
def decision_letter_make(self, kind: str, pk: str) -> None:
    from assessments.letters import decision_letter_make as make

    make(kind=kind, pk=pk)


@shared_task
def decision_letters_catch_up() -> int:
    """Every 15 minutes (beat): queue again the letter of any decision not to assess or
    not to issue that still has none (its task was lost while the broker was away)."""
    from assessments.letters import LETTERS
    from sen_portal.task_queue import CATCH_UP_BATCH, catch_up_cutoff, enqueue

    queued = 0
    for kind, (model, state, _title, _decided) in LETTERS.items():
        missing = model.objects.filter(
            status=state, decision_letter__isnull=True, updated_at__lt=catch_up_cutoff()
        )
        for pk in missing.values_list("pk", flat=True)[:CATCH_UP_BATCH]:
            queued += enqueue(decision_letter_make, kind, str(pk))
    return queued
