"""Worked examples: when a child becomes a young person (Education Act 1996 s8(3), School
Leaving Date Order 1997, CFA s83(2)) and when a notice is served (Interpretation Act 1978
s7). Every expected date was worked out by hand from a calendar, not from the module."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sen_portal.timescales import (
    SERVICE_METHODS,
    ServiceMethod,
    is_young_person,
    school_leaving_date,
    service_date,
    young_person_from,
    young_person_until,
)

births = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


# --- The school leaving date and the young person's rights ------------------------------


@pytest.mark.parametrize(
    ("born", "leaving", "rights_from"),
    [
        # The issue's examples. 16 on 15 Oct 2026, school year 2026/27: last Friday in
        # June 2027 is the 25th.
        (date(2010, 10, 15), date(2027, 6, 25), date(2027, 6, 26)),
        # 16 on 20 Aug 2026, in the summer holiday of school year 2025/26: s8(3)(a), the
        # leaving date before the birthday, Friday 26 June 2026.
        (date(2010, 8, 20), date(2026, 6, 26), date(2026, 6, 27)),
        # 31 August and 1 September: the youngest and the oldest of their year groups.
        (date(2010, 8, 31), date(2026, 6, 26), date(2026, 6, 27)),
        (date(2010, 9, 1), date(2027, 6, 25), date(2027, 6, 26)),
        # 16 on the leaving date itself: s8(3)(b), ends at the end of that day.
        (date(2010, 6, 26), date(2026, 6, 26), date(2026, 6, 27)),
        # 16 the day before / the day after the leaving date: same school year.
        (date(2010, 6, 25), date(2026, 6, 26), date(2026, 6, 27)),
        (date(2010, 6, 27), date(2026, 6, 26), date(2026, 6, 27)),
        # Last Friday of June on the 30th (2028) and on the 24th (2022).
        (date(2012, 1, 10), date(2028, 6, 30), date(2028, 7, 1)),
        (date(2006, 3, 3), date(2022, 6, 24), date(2022, 6, 25)),
        # Born on a leap day: 16 on 29 February 2028 (a leap year), school year 2027/28.
        (date(2012, 2, 29), date(2028, 6, 30), date(2028, 7, 1)),
    ],
)
def test_young_person_from_the_day_after_the_school_leaving_date(born, leaving, rights_from):
    assert school_leaving_date(born) == leaving
    assert leaving.weekday() == 4 and leaving.month == 6 and leaving.day >= 24
    assert young_person_from(born) == rights_from


def test_the_issue_worked_examples_read_as_rights_holder_questions():
    assert not is_young_person(date(2010, 10, 15), date(2027, 6, 25))
    assert is_young_person(date(2010, 10, 15), date(2027, 6, 26))
    # A 16-year-old before the leaving date is still a child: the parent holds the rights.
    assert not is_young_person(date(2010, 10, 15), date(2026, 12, 1))
    assert not is_young_person(date(2010, 8, 20), date(2026, 6, 26))
    assert is_young_person(date(2010, 8, 20), date(2026, 6, 27))


def test_a_young_person_is_under_25_so_the_25th_birthday_ends_it():
    born = date(2001, 5, 10)
    assert young_person_until(born) == date(2026, 5, 9)
    assert is_young_person(born, date(2026, 5, 9))
    assert not is_young_person(born, date(2026, 5, 10))


def test_born_on_a_leap_day_turns_25_on_1_march_in_a_common_year():
    born = date(2004, 2, 29)
    assert young_person_until(born) == date(2029, 2, 28)
    assert is_young_person(born, date(2029, 2, 28))
    assert not is_young_person(born, date(2029, 3, 1))


@given(births)
def test_the_leaving_date_falls_in_the_school_year_of_the_16th_birthday(born):
    leaving = school_leaving_date(born)
    sixteenth_year = born.year + 16
    # The school year 1 Sep - 31 Aug containing the 16th birthday ends in June of
    # the year after if the birthday is from September on.
    expected_year = sixteenth_year + 1 if born.month >= 9 else sixteenth_year
    assert leaving.year == expected_year
    assert leaving.weekday() == 4 and leaving.month == 6
    assert (leaving.replace(day=30) - leaving).days < 7
    # Aged 15 or 16 on the day (never 17, never under 15).
    age = leaving.year - born.year - ((leaving.month, leaving.day) < (born.month, born.day))
    assert age in (15, 16)


@given(births, st.integers(min_value=-400, max_value=400))
def test_is_young_person_is_exactly_the_span_between_its_two_ends(born, offset):
    start = young_person_from(born)
    day = start + timedelta(days=offset)
    assert is_young_person(born, day) == (start <= day <= young_person_until(born))


# --- Service of notices ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "sent", "served"),
    [
        # First class post: the second working day after posting.
        ("post", date(2025, 12, 4), date(2025, 12, 8)),  # Thu -> Mon
        ("post", date(2025, 12, 1), date(2025, 12, 3)),  # Mon -> Wed
        ("post", date(2025, 12, 23), date(2025, 12, 29)),  # Christmas and Boxing Day
        ("post", date(2026, 4, 2), date(2026, 4, 8)),  # Good Friday 3rd, Easter Monday 6th
        ("post", date(2025, 12, 6), date(2025, 12, 9)),  # posted Saturday -> Tuesday
        # Email, portal and hand: the day it is sent.
        ("email", date(2025, 12, 6), date(2025, 12, 6)),
        ("portal", date(2025, 12, 4), date(2025, 12, 4)),
        ("hand", date(2025, 12, 25), date(2025, 12, 25)),
        (ServiceMethod.POST, date(2025, 12, 4), date(2025, 12, 8)),
    ],
)
def test_service_date(method, sent, served):
    assert service_date(method, sent) == served


def test_an_unknown_service_method_is_refused_by_name():
    with pytest.raises(ValueError, match="fax"):
        service_date("fax", date(2025, 12, 4))


def test_every_service_method_has_a_label_for_forms():
    assert [value for value, _label in SERVICE_METHODS] == ["email", "portal", "hand", "post"]
    assert all(label for _value, label in SERVICE_METHODS)
