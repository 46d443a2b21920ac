"""Template filters for the disagreements pages and case panel: the colour of a state."""

from __future__ import annotations

from django import template

from disagreements.models import Disagreement

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


@register.filter
def outstanding_orders(d: Disagreement) -> list:
    """The orders not yet complied with (from the prefetched orders)."""
    return [order for order in d.orders.all() if order.complied_on is None]
