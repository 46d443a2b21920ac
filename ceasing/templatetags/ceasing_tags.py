"""The ceasing panel on the child's case page (casework's template includes
"ceasing/_case_panel.html", which loads this: casework knows no workflow)."""

from __future__ import annotations

from django import template

from ceasing.models import CeasingProposal
from plans.models import Plan
from sen_portal.accounts.roles import CASE_ROLES

register = template.Library()

STATUS_COLOURS = {
    "proposed": "yellow",
    "consulting": "yellow",
    "decided": "orange",
    "appealed": "purple",
    "continued": "green",
    "ceased": "grey",
}


@register.filter
def ceasing_colour(proposal: CeasingProposal) -> str:
    return STATUS_COLOURS.get(proposal.status, "grey")


@register.inclusion_tag("ceasing/_case_panel_body.html", takes_context=True)
def ceasing_case_panel(context, child):
    """The child's proposals to cease (newest first) and, for the team, the way to
    propose ceasing an issued plan."""
    request = context.get("request")
    user = getattr(request, "user", None)
    # One query for a child with no issued plan (the usual case), two otherwise: every
    # proposal belongs to one of the child's plans that was issued.
    plans = list(
        Plan.objects.filter(child=child, status__in=[*Plan.ISSUED, Plan.Status.CEASED])
        .prefetch_related("ceasing_proposals")
        .order_by("-created_at")
    )
    proposals = sorted(
        (p for plan in plans for p in plan.ceasing_proposals.all()),
        key=lambda p: p.created_at,
        reverse=True,
    )
    may_act = (
        user is not None
        and user.is_authenticated
        and user.role in CASE_ROLES
        and user.has_perm("casework.change_child", child)
    )
    can_propose = []
    if may_act:
        live_plans = {p.plan_id for p in proposals if p.is_live}
        can_propose = [plan for plan in plans if plan.is_issued and plan.pk not in live_plans]
    return {"child": child, "proposals": proposals, "can_propose": can_propose}
