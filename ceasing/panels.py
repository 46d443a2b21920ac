"""The ceasing panel on the child's case page, registered with casework in
AppConfig.ready (casework knows no workflow)."""

from __future__ import annotations

from django.db.models import prefetch_related_objects

from plans import selectors as plan_selectors
from plans.models import Plan
from sen_portal.casework.rules import runs_the_case

PANEL_TEMPLATE = "ceasing/_case_panel_body.html"


def case_panel(request, child) -> dict:
    """The child's proposals to cease (newest first) and, for the team, the way to
    propose ceasing an issued plan."""
    user = getattr(request, "user", None)
    # The case page's plans (read once for the plans, ceasing and reviews panels); one
    # query more for the proposals when a plan was issued: every proposal belongs to one
    # of the child's plans that was issued.
    plans = [
        plan
        for plan in plan_selectors.case_plans(child=child)
        if plan.status in (*Plan.ISSUED, Plan.Status.CEASED)
    ]
    prefetch_related_objects(plans, "ceasing_proposals")
    proposals = sorted(
        (p for plan in plans for p in plan.ceasing_proposals.all()),
        key=lambda p: p.created_at,
        reverse=True,
    )
    may_act = runs_the_case(child, user)
    can_propose = []
    if may_act:
        live_plans = {p.plan_id for p in proposals if p.is_live}
        can_propose = [plan for plan in plans if plan.is_issued and plan.pk not in live_plans]
    return {"proposals": proposals, "can_propose": can_propose}
