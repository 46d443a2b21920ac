"""The disagreements panel on the child's case page, registered with casework in
AppConfig.ready (casework knows no workflow)."""

from __future__ import annotations

from disagreements import selectors
from sen_portal.casework.rules import runs_the_case

PANEL_TEMPLATE = "disagreements/_case_panel_body.html"


def case_panel(request, child) -> dict:
    """The child's disagreements with their dates and orders: two queries."""
    user = getattr(request, "user", None)
    may_act = runs_the_case(child, user)
    return {
        "disagreements": selectors.disagreements_for_child(child=child),
        "may_act": may_act,
    }
