import datetime

import pytest

from local_offer.templatetags.local_offer_tags import govuk_time


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
