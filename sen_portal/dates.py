"""Dates and times written the GOV.UK way (GOV.UK style guide, "Dates" and "Times"):
26 May 2025; Monday 26 May 2025; 1:43pm, midday, midnight; "4 December 2026 at 1:43pm".
Django's "a" writes "p.m.", which the style guide does not use. Every page, letter and
message that writes a date for a person uses these; the template filters in
casework/templatetags/govuk_dates.py call them."""

from __future__ import annotations

import datetime

from django.utils import timezone


def long_date(day: datetime.date) -> str:
    """26 May 2025."""
    return f"{day.day} {day:%B %Y}"


def weekday_date(day: datetime.date) -> str:
    """Monday 17 February 2025."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def govuk_time(value: datetime.datetime | datetime.time) -> str:
    """1:43pm, midday, midnight (in local time for an aware datetime)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d}{'am' if value.hour < 12 else 'pm'}"


def govuk_datetime(value: datetime.datetime) -> str:
    """4 December 2026 at 1:43pm (in local time for an aware datetime)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{long_date(value.date())} at {govuk_time(value)}"


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` years earlier; 28 February for a 29 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
