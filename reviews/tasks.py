"""Celery tasks for reviews: thin adapters around the services."""

from __future__ import annotations

from celery import shared_task


@shared_task
def create_due_reviews() -> dict[str, int]:
    """Beat runs this daily. Idempotent: a plan with a review in progress, or a child with
    a transfer already recorded for the year, is left alone."""
    from reviews.services import phase_transfers_identify, reviews_create_due

    transfers = phase_transfers_identify()
    result = reviews_create_due()
    return {"created": result.created, "cancelled": result.cancelled, "transfers": transfers}
