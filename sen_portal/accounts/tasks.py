from celery import shared_task


@shared_task
def clear_expired_sessions() -> None:
    """Idle sessions expire on their own; this removes their rows (idempotent)."""
    from django.core.management import call_command

    call_command("clearsessions")
