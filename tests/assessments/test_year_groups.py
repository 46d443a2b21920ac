from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.year_groups import (
    academic_year,
    preparing_for_adulthood_applies,
    year_group,
    year_group_label,
)


@pytest.mark.parametrize(
    "born,on,expected",
    [
        # Born in October 2010: 13 in October 2023, year 9 from September 2024.
        (date(2010, 10, 15), date(2024, 8, 31), 8),
        (date(2010, 10, 15), date(2024, 9, 1), 9),
        # Born in July 2011, the youngest of the same year group: year 9 the same day.
        (date(2011, 7, 20), date(2024, 9, 1), 9),
        # 31 August and 1 September fall either side of the cut-off.
        (date(2011, 8, 31), date(2024, 9, 1), 9),
        (date(2011, 9, 1), date(2024, 9, 1), 8),
        # Born on 1 September: the oldest of the group, 14 on the first day of year 9.
        (date(2010, 9, 1), date(2024, 9, 1), 9),
        (date(2010, 9, 1), date(2023, 9, 1), 8),
        # Reception the September after the fourth birthday.
        (date(2020, 3, 1), date(2024, 9, 2), 0),
        (date(2020, 3, 1), date(2024, 7, 1), -1),
        # Year 13, then beyond.
        (date(2006, 12, 1), date(2024, 10, 1), 13),
        (date(2005, 12, 1), date(2024, 10, 1), 14),
        # Leap-day births belong with the rest of their February.
        (date(2012, 2, 29), date(2025, 9, 1), 9),
    ],
)
def test_the_year_group_follows_the_1_september_cut_off(born, on, expected):
    assert year_group(born, on) == expected


def test_the_academic_year_starts_on_1_september():
    assert academic_year(date(2024, 8, 31)) == 2023
    assert academic_year(date(2024, 9, 1)) == 2024


def test_preparing_for_adulthood_starts_in_year_9():
    assert not preparing_for_adulthood_applies(date(2010, 10, 15), date(2024, 8, 31))
    assert preparing_for_adulthood_applies(date(2010, 10, 15), date(2024, 9, 1))


@pytest.mark.parametrize(
    "group,label",
    [
        (-2, "Early years (before Reception)"),
        (0, "Reception"),
        (9, "Year 9"),
        (14, "Beyond year 13"),
    ],
)
def test_year_groups_have_plain_labels(group, label):
    assert year_group_label(group) == label


@given(born=st.dates(date(1995, 1, 1), date(2030, 12, 31)), years=st.integers(0, 25))
def test_a_child_moves_up_exactly_one_year_group_each_1_september(born, years):
    on = date(born.year + years, 9, 1)
    assert year_group(born, on) - year_group(born, date(on.year, 8, 31)) == 1


@given(born=st.dates(date(1995, 1, 1), date(2030, 12, 31)))
def test_year_9_begins_on_the_first_1_september_after_the_13th_birthday(born):
    thirteenth = date(born.year + 13, born.month, 28 if born.month == 2 else born.day)
    # The first 1 September strictly after it (13 on 1 September itself: year 8 starts
    # that day, year 9 a year later).
    first_september = date(thirteenth.year + (thirteenth.month >= 9), 9, 1)
    assert year_group(born, first_september) == 9
    assert year_group(born, date(first_september.year, 8, 31)) == 8
