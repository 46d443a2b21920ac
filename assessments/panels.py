"""The assessments panel on the child's case page, registered with casework in
AppConfig.ready (casework knows no workflow)."""

from __future__ import annotations

from assessments import selectors
from sen_portal.accounts.roles import CASE_ROLES

PANEL_TEMPLATE = "assessments/_case_panel_body.html"


def case_panel(request, child) -> dict:
    """The child's requests and assessments (one query) and, where nothing is in
    progress, the way to record a new request."""
    user = getattr(request, "user", None)
    requests = selectors.requests_for_child(child=child)
    blocking = selectors.blocking_workflow(requests)
    # A child whose assessment decided to issue a plan: a new request is a request for a
    # reassessment (CFA s44(2)).
    reassessment = selectors.is_plan_decided(blocking)
    return {
        "requests": requests,
        "can_record": user is not None
        and user.role in CASE_ROLES
        and (blocking is None or reassessment),
        "next_is_reassessment": reassessment,
    }
