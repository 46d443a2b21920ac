"""The panels of the child's case page. Casework knows no particular workflow: each app
registers its panel in its AppConfig.ready, as it registers its stage::

    panels.register(panels.CasePanel("plans", 30, "plans/_case_panel_body.html", plan_panel))

``plan_panel(request, child) -> dict`` builds the panel's context (its own bounded
queries); the case page renders every registered panel, in ``place`` order, with
``render_all``. ``child_detail.html`` loops over them. Panels that read the same rows
(the plans, read by the plans, ceasing and reviews panels) share one selector's result
with ``shared``, so the case page reads them once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class CasePanel:
    name: str  # "plans"
    place: int  # where on the page, like a stage's place in the journey
    template: str
    context: Callable  # (request, child) -> dict


_PANELS: dict[str, CasePanel] = {}


def shared(child, key: str, load: Callable):
    """``load()``'s result, read once for this ``child`` object and kept on it: the case
    page builds one child per request, so every panel of that page gets the same rows
    (issue #22: the case page in at most 12 queries)."""
    cache = child.__dict__.setdefault("_panel_rows", {})
    if key not in cache:
        cache[key] = load()
    return cache[key]


def register(panel: CasePanel) -> None:
    _PANELS[panel.name] = panel


def panels() -> list[CasePanel]:
    return sorted(_PANELS.values(), key=lambda p: p.place)


def render_all(request, child) -> list[SafeString]:
    """Every panel's HTML for ``child``, in order."""
    return [
        render_to_string(
            panel.template, {"child": child, **panel.context(request, child)}, request=request
        )
        for panel in panels()
    ]
