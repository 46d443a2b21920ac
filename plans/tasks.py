"""Celery tasks for plans: thin adapters around the services, owning only retry policy."""

from __future__ import annotations

from celery import Task, shared_task

from sen_portal.task_queue import retry_policy


class RecordsPdfFailure(Task):
    """When the task gives up (its retries spent, or an error not worth retrying), the
    version page must say so and offer to try again rather than "being made" for ever."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        from plans.services.documents import plan_version_pdf_failed

        version_id = args[0] if args else kwargs.get("version_id")
        plan_version_pdf_failed(version_id=version_id, reason=f"{type(exc).__name__}: {exc}")


@shared_task(bind=True, base=RecordsPdfFailure, **retry_policy())
def plan_version_render_pdf(self, version_id: int) -> str:
    """Render one plan version's PDF. Idempotent (the service renders a version once), so
    a retry, a redelivery after a lost worker or a second click changes nothing."""
    from plans.services.documents import plan_version_render_pdf as render

    return render(version_id=version_id).sha256


@shared_task
def plan_pdfs_catch_up() -> int:
    """Every 15 minutes (beat): queue again the PDF of any version that still has none
    (its task was lost while the broker was away)."""
    from plans.models import PlanVersion
    from sen_portal.task_queue import CATCH_UP_BATCH, catch_up_cutoff, enqueue

    missing = PlanVersion.objects.filter(pdf__isnull=True, created_at__lt=catch_up_cutoff())
    ids = list(missing.order_by("created_at").values_list("pk", flat=True)[:CATCH_UP_BATCH])
    return sum(enqueue(plan_version_render_pdf, pk) for pk in ids)
