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

from django.template import RequestContext
from django.template.loader import get_template
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class CasePanel:
    name: str  # "plans"
    place: int  # where on the page, like a stage's place in the journey
    template: str
    context: Callable  # (request, child) -> dict
    # Optional: the panel's HTML written in Python from ``context``'s dict and the child,
    # byte for byte what ``template`` writes (issue #22: a template per panel was a large
    # part of the case page's CPU). ``template`` stays the reference the tests compare.
    html: Callable | None = None  # (child, context dict) -> str


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
    """Every panel's HTML for ``child``, in order, as ``render_to_string(template,
    context, request=request)`` renders each: but in one request context, whose context
    processors (user, messages, CSP nonce, the service's names) run once for the page, not
    once per panel (issue #22), each panel's own context pushed on it for its render."""
    templates = [(panel, get_template(panel.template).template) for panel in panels()]
    if not templates:
        return []
    context = RequestContext(request, {"child": child})
    rendered = []
    with context.bind_template(templates[0][1]):
        for panel, template in templates:
            values = panel.context(request, child)
            if panel.html is not None:
                rendered.append(SafeString(panel.html(child, values)))
                continue
            with context.push(values):
                context.template_name = template.name
                rendered.append(SafeString(template.render(context)))
    return rendered
