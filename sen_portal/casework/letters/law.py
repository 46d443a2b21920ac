"""The two rules letters take from the statutory calendar: when the rights become the
young person's, and when a sent letter is served. Both are declared in
sen_portal/timescales.py (the law issue); this module only names them for letters.

TEMPORARY: until timescales.py has them on main, a local copy of the same rules is used.
Remove the fallback once "Timescales:" (issue #17) is merged.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from sen_portal import timescales

try:
    from sen_portal.timescales import is_young_person, service_date
except ImportError:  # pragma: no cover - removed once issue #17 lands

    def _birthday(date_of_birth: date, age: int) -> date:
        try:
            return date_of_birth.replace(year=date_of_birth.year + age)
        except ValueError:
            return date(date_of_birth.year + age, 3, 1)

    def _school_leaving_date(date_of_birth: date) -> date:
        # Education Act 1996 s8(3): the last Friday in June of the school year in which
        # the child turns 16.
        sixteenth = _birthday(date_of_birth, 16)
        year = sixteenth.year + 1 if sixteenth.month >= 9 else sixteenth.year
        last = date(year, 6, 30)
        return last - timedelta(days=(last.weekday() - calendar.FRIDAY) % 7)

    def is_young_person(date_of_birth: date, on: date) -> bool:
        start = _school_leaving_date(date_of_birth) + timedelta(days=1)
        return start <= on <= _birthday(date_of_birth, 25) - timedelta(days=1)

    def service_date(method: str, sent_on: date) -> date:
        # Interpretation Act 1978 s7: first class post, the second working day after
        # posting; email (agreed), the same day.
        if str(getattr(method, "value", method)) == "post":
            return timescales.add_working_days(sent_on, 2)
        return sent_on


__all__ = ["is_young_person", "service_date"]
