"""Times the GOV.UK way: 1:43pm, not 1:43 p.m. (issue #21)."""

import datetime

import pytest
from django.template import Context, Template

from sen_portal.casework.templatetags.govuk_dates import govuk_datetime, govuk_time


@pytest.mark.parametrize(
    "hour,minute,words",
    [
        (13, 43, "1:43pm"),
        (9, 5, "9:05am"),
        (12, 0, "midday"),
        (0, 0, "midnight"),
        (0, 30, "12:30am"),
    ],
)
def test_times_are_written_as_gov_uk_writes_them(hour, minute, words):
    assert govuk_time(datetime.time(hour, minute)) == words


def test_a_date_and_time_in_any_template(settings):
    settings.TIME_ZONE = "Europe/London"
    moment = datetime.datetime(2026, 12, 4, 13, 43, tzinfo=datetime.UTC)  # GMT in December
    assert govuk_datetime(moment) == "4 December 2026 at 1:43pm"
    rendered = Template("{{ moment|govuk_datetime }}").render(Context({"moment": moment}))
    assert rendered == "4 December 2026 at 1:43pm"
