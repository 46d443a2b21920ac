"""Template filters for the ceasing pages and case panel: the colour of a state."""

from __future__ import annotations

from django import template

from ceasing.models import CeasingProposal

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
