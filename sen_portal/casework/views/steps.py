"""One page for every workflow step, and one for a step that cannot be taken now.

A step page is declared, not written: its title, intro, form, the service it runs and
the success message::

    return step_page(
        request,
        form=DecisionForm(post_data(request)),
        run=lambda data: services.ceasing_decide_continue(proposal=p, **data, acting_user=u),
        success="Decided to continue the plan",
        title="Decide to continue the plan",
        submit_label="Save the decision",
        back_url=proposal_url(p),
        child=p.child,
        step=(p, "decide_continue"),  # checked first: refused, or "not yet", or 403
    )

GET shows the form (``casework/step_page.html``: the child, the title, the intro and the
form); POST runs the service and goes back (PRG) with the success message; a service's
``ActionRefused`` is the refused page (409) and its ``ValidationError`` lands on the
form's fields. The check before the form only decides what to show: the service checks
again under a row lock (casework/steps.py), so a POST that races another, or is made up by
hand, is refused all the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django_fsm import can_proceed, has_transition_perm

from sen_portal.casework import steps
from sen_portal.casework.workflow import ActionRefused
from sen_portal.govuk_forms import apply_service_errors

STEP_TEMPLATE = "casework/step_page.html"


def refused(request, message: str, back_url: str, *, record: str = "the record") -> HttpResponse:
    """409 Conflict: the step is not possible in the state the record is in now (perhaps
    someone else has just taken it). Nothing was changed. ``record``: what the person
    goes back to ("the plan", "the review")."""
    return render(
        request,
        "casework/refused.html",
        {"message": message, "back_url": back_url, "record": record},
        status=409,
    )


def precheck(obj, method: str, user, *, not_ready: str = "This cannot be done yet") -> str:
    """'' if ``user`` may take transition ``method`` of ``obj`` now; otherwise what to
    tell them: not from this state, or what is still to do (each unmet condition's own
    message). PermissionDenied where the step is possible but not for this user."""
    bound = getattr(obj, method)
    if not can_proceed(bound, check_conditions=False):
        return f"This cannot be done now. {steps.state_words(obj)}"
    if not can_proceed(bound):
        waiting = steps.unmet(obj, method)
        if not waiting:
            return not_ready
        return f"{not_ready.rstrip('.')}: " + "; ".join(waiting) + "."
    if not has_transition_perm(bound, user):
        raise PermissionDenied
    return ""


def step_page(
    request,
    *,
    form,
    run: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    title: str,
    submit_label: str,
    back_url: str,
    child=None,
    intro: str = "",
    caption: str = "",
    warning: bool = False,
    step: tuple[Any, str] | None = None,
    not_ready: str = "This cannot be done yet",
    record: str = "the record",
    next_url: str | Callable[[Any], str] = "",
    template: str = STEP_TEMPLATE,
    extra: dict | None = None,
) -> HttpResponse:
    """The page of one workflow step (see the module docstring). ``step``: (object,
    transition) to check before showing anything; ``success`` and ``next_url`` may be
    functions of what the service returned."""
    if step is not None:
        message = precheck(*step, request.user, not_ready=not_ready)
        if message:
            return refused(request, message, back_url, record=record)
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data)
        except ActionRefused as exc:
            return refused(request, str(exc), back_url, record=record)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, success(result) if callable(success) else success)
            target = next_url(result) if callable(next_url) else next_url
            return redirect(target or back_url)
    context = {
        "form": form,
        "child": child,
        "obj": step[0] if step else None,
        "title": title,
        "intro": intro,
        "caption": caption,
        "submit_label": submit_label,
        "warning": warning,
        "back_url": back_url,
        **(extra or {}),
    }
    return render(request, template, context)
