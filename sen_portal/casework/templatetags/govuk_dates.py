"""Dates and times written the GOV.UK way (style guide, "Times"): 1:43pm, midday,
midnight; "4 December 2026 at 1:43pm". Django's "a" writes "p.m.", which the style
guide does not use. Loaded for every template (TEMPLATES builtins)."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def govuk_time(value: datetime.datetime | datetime.time | None) -> str:
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d}{'am' if value.hour < 12 else 'pm'}"


@register.filter
def govuk_datetime(value: datetime.datetime | None) -> str:
    """4 December 2026 at 1:43pm."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{date_format(value, 'j F Y')} at {govuk_time(value)}"
