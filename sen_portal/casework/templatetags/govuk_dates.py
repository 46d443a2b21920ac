"""Dates and times written the GOV.UK way, as template filters over sen_portal/dates.py.
Loaded for every template (TEMPLATES builtins)."""

from __future__ import annotations

import datetime

from django import template

from sen_portal import dates

register = template.Library()


@register.filter
def govuk_time(value: datetime.datetime | datetime.time | None) -> str:
    return dates.govuk_time(value) if value else ""


@register.filter
def govuk_datetime(value: datetime.datetime | None) -> str:
    """4 December 2026 at 1:43pm."""
    return dates.govuk_datetime(value) if value else ""
