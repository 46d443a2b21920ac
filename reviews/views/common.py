"""What the review views share: who may read and write, getting a review a user may see,
and the form page every step goes through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from reviews import selectors
from reviews.forms import apply_service_errors
from reviews.models import PhaseTransfer, Review
from reviews.services import ActionRefused
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework.access import check_case_access

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
    """409 Conflict: not possible in the state the review is in now."""
    return render(
        request, "reviews/refused.html", {"message": message, "back_url": back_url}, status=409
    )


def step_page(
    request,
    *,
    child,
    form,
    run: Callable[[dict[str, Any]], Any],
    success: str,
    title: str,
    submit_label: str,
    back_url: str,
    intro: str = "",
    caption: str = "",
    warning: bool = False,
    extra: dict | None = None,
):
    """GET: the form. POST: the service, then back (PRG). The service checks the state
    again under a row lock, so a POST that races another one is refused all the same."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ActionRefused as exc:
            return refused(request, str(exc), back_url)
        except PermissionDenied:
            raise
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(back_url)
    context = {
        "form": form,
        "child": child,
        "title": title,
        "intro": intro,
        "caption": caption,
        "submit_label": submit_label,
        "warning": warning,
        "back_url": back_url,
        **(extra or {}),
    }
    return render(request, "reviews/form_page.html", context)
