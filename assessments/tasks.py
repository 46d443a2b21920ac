from celery import shared_task


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def decision_letter_make(kind: str, pk: str) -> None:
    from assessments.letters import decision_letter_make as make

    make(kind=kind, pk=pk)
