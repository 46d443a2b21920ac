"""The one way a page shows a deadline: ``{% load deadline_tags %}`` then
``{% deadline_tag deadline %}`` (its GOV.UK tag) and ``{% deadline_look deadline as look %}``
for its words (``look.words``). Both read casework.selectors.deadline_look."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.html import format_html

from sen_portal.casework.selectors import DeadlineLook, deadline_look

register = template.Library()


@register.simple_tag(name="deadline_look", takes_context=True)
def deadline_look_tag(context, deadline, today=None) -> DeadlineLook:
    return deadline_look(deadline, today=today or _today(context))


@register.simple_tag(takes_context=True)
def deadline_tag(context, deadline, today=None) -> str:
    look = deadline_look(deadline, today=today or _today(context))
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', look.colour, look.label
    )


def _today(context):
    return context.get("today") or timezone.localdate()
