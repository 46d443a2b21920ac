"""The ceasing panel on the child's case page, registered with casework in
AppConfig.ready (casework knows no workflow)."""

from __future__ import annotations

from ceasing.models import CeasingProposal
from plans import selectors as plan_selectors
from plans.models import Plan
from sen_portal.casework.rules import runs_the_case
from sen_portal.prepared import CASE_ID, Prepared

PANEL_TEMPLATE = "ceasing/_case_panel_body.html"

# The case page's proposals to cease: every one of the child's plans' (by the child's id).
CASE_PROPOSALS = Prepared(
    lambda marker: CeasingProposal.objects.filter(plan__child_id=marker), marker=CASE_ID
)


def case_panel(request, child) -> dict:
    """The child's proposals to cease (newest first) and, for the team, the way to
    propose ceasing an issued plan."""
    user = getattr(request, "user", None)
    # The case page's plans (read once for the plans, ceasing and reviews panels); the
    # proposals are read with the reviews panel's reviews, in one round trip, when the
    # child has a plan (plans.selectors.case_plan_rows): every proposal belongs to one of
    # the child's plans that was issued.
    plans = [
        plan
        for plan in plan_selectors.case_plans(child=child)
        if plan.status in (*Plan.ISSUED, Plan.Status.CEASED)
    ]
    shown = {plan.pk for plan in plans}
    proposals = sorted(
        (
            p
            for p in plan_selectors.case_plan_rows(child=child, name="ceasing_proposals")
            if p.plan_id in shown
        ),
        key=lambda p: p.created_at,
        reverse=True,
    )
    may_act = runs_the_case(child, user)
    can_propose = []
    if may_act:
        live_plans = {p.plan_id for p in proposals if p.is_live}
        can_propose = [plan for plan in plans if plan.is_issued and plan.pk not in live_plans]
    return {"proposals": proposals, "can_propose": can_propose}
