import datetime

import pytest

from local_offer.templatetags.local_offer_tags import govuk_time, miles


@pytest.mark.parametrize(
    "value,expected",
    [
        (datetime.time(9), "9am"),
        (datetime.time(9, 30), "9:30am"),
        (datetime.time(12), "midday"),
        (datetime.time(0), "midnight"),
        (datetime.time(17, 15), "5:15pm"),
        (datetime.time(12, 30), "12:30pm"),
        (None, ""),
    ],
)
def test_times_are_written_the_gov_uk_way(value, expected):
    assert govuk_time(value) == expected


@pytest.mark.parametrize(
    "metres,text",
    [
        (None, ""),
        (0, "less than 0.1 miles"),
        (500, "0.3 miles"),
        (1609.344, "1 mile"),
        (3221, "2 miles"),
        (11120, "6.9 miles"),
        (40000, "25 miles"),
    ],
)
def test_distances_are_written_in_miles(metres, text):
    assert miles(metres) == text
