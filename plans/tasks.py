"""Celery tasks for plans: thin adapters around the services, owning only retry policy."""

from __future__ import annotations

from celery import shared_task


@shared_task(
    bind=True,
    # A full disk or a storage hiccup is worth another try; a bug is not.
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=10 * 60,
    retry_jitter=True,
    max_retries=5,
)
def plan_version_render_pdf(self, version_id: int) -> str:
    """Render one plan version's PDF. Idempotent (the service renders a version once), so
    a retry, a redelivery after a lost worker or a second click changes nothing."""
    from plans.services.documents import plan_version_render_pdf as render

    return render(version_id=version_id).sha256
