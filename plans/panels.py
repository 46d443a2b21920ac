"""The plans panel on the child's case page, registered with casework in
AppConfig.ready (casework knows no workflow)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist

from plans import selectors
from sen_portal.casework.rules import runs_the_case

PANEL_TEMPLATE = "plans/_case_panel_body.html"


def case_panel(request, child) -> dict:
    """The child's plans and, where an assessment decided to issue a plan that has not
    been started, the way to start it. One query: every plan comes from an assessment
    that decided to issue one, so the decided assessments with their plans are both."""
    user = getattr(request, "user", None)
    # Read once per page: the ceasing and reviews panels take their plans from it.
    decided = selectors.case_decided_assessments(child=child)
    plans = [a.plan for a in decided if _plan_of(a) is not None]
    waiting = [a for a in decided if _plan_of(a) is None]
    may_start = runs_the_case(child, user)
    return {"plans": plans, "waiting": waiting if may_start else []}


def _plan_of(assessment):
    try:
        return assessment.plan
    except ObjectDoesNotExist:
        return None
