"""Template helpers for plan pages: reading a snapshot's sections by code."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template

from sen_portal.dates import long_date

register = template.Library()


@register.filter
def item(mapping, key):
    """``s|item:section.code``: a dictionary entry by a key held in a variable."""
    try:
        return mapping[key]
    except (KeyError, TypeError, IndexError):
        return None


STATUS_COLOURS = {
    "drafting": "blue",
    "draft_issued": "light-blue",
    "consulting": "purple",
    "final_issued": "green",
    "in_force": "green",
    "withdrawn": "grey",
    "ceased": "grey",
    "amending": "yellow",
    "amendment_proposed": "orange",
}


@register.filter
def status_colour(plan) -> str:
    return STATUS_COLOURS.get(plan.status, "grey")


@register.filter
def iso_date(value: str) -> str:
    """A snapshot's ISO date as GOV.UK writes dates: 3 March 2025."""
    try:
        return long_date(datetime.date.fromisoformat(value))
    except (TypeError, ValueError):
        return value


@register.filter
def money(value) -> str:
    """A snapshot's amount ("1200.00") as 1,200.00."""
    try:
        return f"{Decimal(value):,.2f}"
    except (TypeError, ValueError, ArithmeticError):
        return value
