"""What the assessments views share: refusing a step with a clear message, and the
confirmation page every transition goes through (both casework's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sen_portal.casework.views import steps as step_pages


def refused(request, message: str, back_url: str):
    """409 Conflict: the step is not possible in the state the record is in now
    (casework's one refused page)."""
    return step_pages.refused(request, message, back_url)


def precheck(obj, method: str, user, *, not_ready: str) -> str:
    return step_pages.precheck(obj, method, user, not_ready=not_ready)


def transition_page(
    request,
    *,
    obj,
    method: str,
    not_ready: str = "",
    next_url: Callable[[Any], str] | str = "",
    **page,
):
    """The step page (casework/views/steps.py) of the transition ``method`` of a
    request, an assessment or an advice request."""
    return step_pages.step_page(
        request,
        step=(obj, method),
        not_ready=not_ready or "This cannot be done yet.",
        next_url=next_url,
        child=obj.child,
        **page,
    )
