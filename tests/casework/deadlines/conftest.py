"""Helpers for deadline tests: days on the London clock, and a final-plan deadline.

The worked example throughout: a request received on Monday 6 January 2025 puts the final
plan due on Monday 26 May 2025 (20 weeks; a bank holiday, not moved). Counting working
days back from it, skipping weekends and that bank holiday, the 10-day reminder falls on
Monday 12 May and the 3-day one on Wednesday 21 May.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from sen_portal.casework.services import deadline_open

LONDON = ZoneInfo("Europe/London")
RECEIVED = datetime.date(2025, 1, 6)
DUE = datetime.date(2025, 5, 26)
TEN_DAY_REMINDER = datetime.date(2025, 5, 12)
THREE_DAY_REMINDER = datetime.date(2025, 5, 21)


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


def on_day(day: datetime.date, hour: int = 8):
    """Freeze the clock on that day (London time)."""
    return time_machine.travel(at(day, hour), tick=False)


def open_on(day: datetime.date, **kwargs):
    with on_day(day):
        return deadline_open(**kwargs)


@pytest.fixture
def final_plan(child, caseworker):
    return open_on(RECEIVED, child=child, code="final_plan", start=RECEIVED, acting_user=caseworker)
