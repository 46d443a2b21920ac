"""The disagreements panel on the child's case page (casework's template includes
"disagreements/_case_panel.html", which loads this)."""

from __future__ import annotations

from django import template

from disagreements import selectors
from disagreements.models import Disagreement
from sen_portal.accounts.roles import CASE_ROLES

register = template.Library()

STATUS_COLOURS = {
    "recorded": "yellow",
    "adviser_contacted": "light-blue",
    "mediation_requested": "light-blue",
    "mediation_held": "light-blue",
    "certificate_issued": "blue",
    "appeal_lodged": "purple",
    "decided": "orange",
    "resolved": "green",
    "closed": "grey",
}


@register.filter
def disagreement_colour(d: Disagreement) -> str:
    return STATUS_COLOURS.get(d.status, "grey")


@register.inclusion_tag("disagreements/_case_panel_body.html", takes_context=True)
def disagreement_case_panel(context, child):
    """The child's disagreements with their dates and orders: two queries."""
    request = context.get("request")
    user = getattr(request, "user", None)
    may_act = (
        user is not None
        and user.is_authenticated
        and user.role in CASE_ROLES
        and user.has_perm("casework.change_child", child)
    )
    return {
        "child": child,
        "disagreements": selectors.disagreements_for_child(child=child),
        "may_act": may_act,
    }


@register.filter
def outstanding_orders(d: Disagreement) -> list:
    """The orders not yet complied with (from the prefetched orders)."""
    return [order for order in d.orders.all() if order.complied_on is None]
