"""What the review views share: who may read and write, getting a review a user may see,
and the form page every step goes through."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from reviews import selectors
from reviews.models import PhaseTransfer, Review
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework.access import check_case_access
from sen_portal.casework.views import steps as step_pages

READERS = (*CASE_ROLES, Role.ADMIN)
WRITERS = CASE_ROLES
MANAGERS = (Role.MANAGER, Role.ADMIN)


def post_data(request):
    return request.POST if request.method == "POST" else None


def get_review_for_user(request, review_id, *, write: bool = False) -> Review:
    try:
        review = selectors.review_detail(review_id=review_id)
    except (Review.DoesNotExist, ValidationError):
        raise Http404("Not found") from None
    check_case_access(request, review.child, write=write)
    return review


def get_transfer_for_user(request, transfer_id, *, write: bool = False) -> PhaseTransfer:
    try:
        transfer = PhaseTransfer.objects.select_related("child__team", "plan", "review").get(
            pk=transfer_id
        )
    except PhaseTransfer.DoesNotExist:
        raise Http404("Not found") from None
    check_case_access(request, transfer.child, write=write)
    return transfer


def review_url(review: Review) -> str:
    return reverse("reviews:review_detail", args=[review.pk])


def refused(request, message: str, back_url: str):
    """409 Conflict: not possible in the state the review is in now (casework's one
    refused page)."""
    return step_pages.refused(request, message, back_url, record="the review")


def step_page(request, *, back_url: str, **page):
    """A review step's page: casework's one step page (casework/views/steps.py)."""
    return step_pages.step_page(request, back_url=back_url, record="the review", **page)
