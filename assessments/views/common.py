"""What the assessments views share: refusing a step with a clear message, and the
confirmation page every transition goes through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django_fsm import can_proceed, has_transition_perm

from assessments.forms import apply_service_errors
from assessments.services import ActionRefused
from sen_portal.casework import steps


def refused(request, message: str, back_url: str):
    """409 Conflict: the step is not possible in the state the record is in now (perhaps
    someone else has just taken it). Nothing was changed."""
    return render(
        request,
        "assessments/refused.html",
        {"message": message, "back_url": back_url},
        status=409,
    )


def precheck(obj, method: str, user, *, not_ready: str) -> str:
    """'' if ``user`` may take transition ``method`` now; otherwise the message to show.
    Raises PermissionDenied where the step is possible but not for this user."""
    bound = getattr(obj, method)
    if not can_proceed(bound, check_conditions=False):
        return (
            f"This cannot be done now: it is {obj.get_status_display().lower()}. "
            "Nothing was changed."
        )
    if not can_proceed(bound):
        # Each unmet condition says what is still to do (declared on the model).
        waiting = steps.unmet(obj, method)
        if waiting and not_ready:
            return f"{not_ready.rstrip('.')}: " + "; ".join(waiting) + "."
        return not_ready
    if not has_transition_perm(bound, user):
        raise PermissionDenied
    return ""


def transition_page(
    request,
    *,
    obj,
    method: str,
    form,
    run: Callable[[dict[str, Any]], Any],
    back_url: str,
    success: str,
    title: str,
    caption: str,
    submit_label: str,
    intro: str = "",
    warning: bool = False,
    not_ready: str = "",
    next_url: Callable[[Any], str] | None = None,
    template: str = "assessments/confirm.html",
    extra: dict | None = None,
):
    """GET: the confirmation form. POST: the service, then back to the record (PRG).

    The check here only decides what to show; the service repeats it under a row lock,
    so a POST that races another one, or is made up by hand, is refused all the same.
    """
    message = precheck(obj, method, request.user, not_ready=not_ready or "This cannot be done yet.")
    if message:
        return refused(request, message, back_url)
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data)
        except ActionRefused as exc:
            return refused(request, str(exc), back_url)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(next_url(result) if next_url else back_url)
    context = {
        "form": form,
        "obj": obj,
        "title": title,
        "caption": caption,
        "intro": intro,
        "submit_label": submit_label,
        "warning": warning,
        "back_url": back_url,
        **(extra or {}),
    }
    return render(request, template, context)
