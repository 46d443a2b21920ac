"""The timeliness page: worked figures, both ways the DfE counts exceptions."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from sen_portal.dashboards import selectors
from tests.dashboards.conftest import YEAR
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

d = datetime.date
URL = reverse("dashboards:timeliness")


@pytest.fixture
def four_plans(team, make_deadline):
    """The brief's example: 4 new plans in 2025, 3 within 20 weeks, 1 (late) with an
    exception. 20 weeks from 6 January 2025 is 26 May 2025."""
    make = lambda **kw: make_deadline(ChildFactory(team=team), **kw)  # noqa: E731
    make(started_on=d(2025, 1, 6), met_on=d(2025, 3, 10))  # within, March
    make(started_on=d(2025, 1, 13), met_on=d(2025, 5, 1))  # within, May
    make(started_on=d(2025, 2, 3), met_on=d(2025, 6, 23))  # due 23 June: the last day
    make(started_on=d(2025, 1, 6), met_on=d(2025, 7, 1), exception=True)  # late, July


def summary(user):
    return selectors.timeliness_page(scope=selectors.scope_for(user), year=YEAR).summary


def test_four_plans_three_within_one_exception(four_plans, manager):
    plans = summary(manager)["final_plan"]
    assert (plans.done, plans.within, plans.with_exception) == (4, 3, 1)
    assert plans.percent_including == 75.0  # 3 / 4
    assert plans.percent_excluding == 100.0  # the exception leaves both: 3 / 3


def test_an_exception_on_a_plan_issued_on_time_leaves_the_numerator_too(
    four_plans, team, manager, make_deadline
):
    # Two more: one on time with an exception, one late without.
    make_deadline(
        ChildFactory(team=team), started_on=d(2025, 3, 3), met_on=d(2025, 4, 1), exception=True
    )
    make_deadline(ChildFactory(team=team), started_on=d(2025, 3, 3), met_on=d(2025, 9, 1))
    plans = summary(manager)["final_plan"]
    assert (plans.done, plans.within, plans.with_exception) == (6, 4, 2)
    assert plans.percent_including == 66.7  # 4 / 6
    assert plans.percent_excluding == 75.0  # (4 - 1) / (6 - 2)


def test_only_plans_issued_in_the_year_count(team, manager, make_deadline):
    child = ChildFactory(team=team)
    make_deadline(child, started_on=d(2024, 6, 3), met_on=d(2024, 12, 31))  # last year
    make_deadline(ChildFactory(team=team), started_on=d(2025, 6, 2))  # still open
    make_deadline(ChildFactory(team=team), started_on=d(2024, 8, 1), met_on=d(2025, 1, 1))
    plans = summary(manager)["final_plan"]
    assert (plans.done, plans.within) == (1, 0)
    assert plans.percent_including == 0.0


def test_no_plans_gives_no_percentage_rather_than_zero(manager):
    plans = summary(manager)["final_plan"]
    assert plans.done == 0
    assert plans.percent_including is None
    assert plans.percent_excluding is None


def test_decisions_to_assess_are_counted_against_six_weeks(team, manager, make_deadline):
    code = "decide_whether_to_assess"
    for met in (d(2025, 2, 1), d(2025, 2, 14), d(2025, 2, 15)):  # due 14 February
        make_deadline(ChildFactory(team=team), code, started_on=d(2025, 1, 3), met_on=met)
    decisions = summary(manager)[code]
    assert (decisions.done, decisions.within) == (3, 2)
    assert decisions.percent_including == 66.7


def test_the_trend_counts_each_month(four_plans, manager):
    trend = selectors.timeliness_page(scope=selectors.scope_for(manager), year=YEAR).trend
    assert len(trend) == 12
    by_month = {row.month.month: (row.figures.done, row.figures.within) for row in trend}
    assert by_month[3] == (1, 1)
    assert by_month[5] == (1, 1)
    assert by_month[6] == (1, 1)
    assert by_month[7] == (1, 0)
    assert by_month[1] == (0, 0)
    assert sum(done for done, _ in by_month.values()) == 4


def test_advice_is_counted_by_agency(team, manager, make_advice):
    # Asked 6 January 2025: due 17 February.
    make_advice(team, kind="health", requested_on=d(2025, 1, 6), received_on=d(2025, 2, 17))
    make_advice(team, kind="health", requested_on=d(2025, 1, 6), received_on=d(2025, 2, 18))
    make_advice(
        team, kind="educational_psychology", requested_on=d(2025, 1, 6), received_on=d(2025, 2, 3)
    )
    make_advice(team, kind="social_care", requested_on=d(2025, 1, 6))  # not back yet
    rows = selectors.timeliness_page(scope=selectors.scope_for(manager), year=YEAR).advice
    found = {row.kind: (row.figures.done, row.figures.within) for row in rows}
    assert found == {"health": (2, 1), "educational_psychology": (1, 1)}


def test_a_manager_sees_only_their_own_team(four_plans, other_team, manager, make_deadline):
    make_deadline(ChildFactory(team=other_team), started_on=d(2025, 1, 6), met_on=d(2025, 8, 1))
    assert summary(manager)["final_plan"].done == 4


def test_an_administrator_sees_every_team(four_plans, other_team, admin_user, make_deadline):
    make_deadline(ChildFactory(team=other_team), started_on=d(2025, 1, 6), met_on=d(2025, 8, 1))
    plans = summary(admin_user)["final_plan"]
    assert (plans.done, plans.within) == (5, 3)


def test_a_caseworker_sees_only_the_cases_assigned_to_them(team, caseworker, make_deadline):
    make_deadline(
        ChildFactory(team=team, caseworker=caseworker),
        started_on=d(2025, 1, 6),
        met_on=d(2025, 2, 3),
    )
    make_deadline(ChildFactory(team=team), started_on=d(2025, 1, 6), met_on=d(2025, 2, 3))
    assert summary(caseworker)["final_plan"].done == 1


def test_the_page_shows_the_figures(client, four_plans, manager):
    client.force_login(manager)
    response = client.get(URL, {"year": YEAR})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Timeliness in 2025" in page
    assert "75.0%" in page and "100.0%" in page
    assert "<svg" in page and 'style="' not in page.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_the_page_hides_another_teams_numbers(client, four_plans, other_team):
    from sen_portal.accounts.roles import Role
    from tests.factories import UserFactory

    client.force_login(UserFactory(role=Role.MANAGER, team=other_team))
    response = client.get(URL, {"year": YEAR})
    assert response.context["plans"].done == 0
    assert "75.0%" not in response.content.decode()


def test_a_year_out_of_range_falls_back_to_this_year(client, manager):
    client.force_login(manager)
    response = client.get(URL, {"year": "1900"})
    assert response.context["year"] == datetime.date.today().year


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_summary_downloads_as_csv(client, four_plans, manager):
    client.force_login(manager)
    rows = _csv(client.get(URL, {"year": YEAR, "format": "csv", "table": "summary"}))
    assert rows[0][0] == "Measure"
    assert rows[1] == ["New EHC plans issued within 20 weeks", "4", "3", "1", "75.0", "100.0"]
    assert rows[2][1:] == ["0", "0", "0", "", ""]


def test_the_trend_downloads_as_csv(client, four_plans, manager):
    client.force_login(manager)
    rows = _csv(client.get(URL, {"year": YEAR, "format": "csv", "table": "trend"}))
    assert len(rows) == 13
    assert rows[7] == ["2025-07", "1", "0", "1", "0.0", ""]


def test_the_advice_table_downloads_as_csv(client, team, manager, make_advice):
    make_advice(team, kind="health", requested_on=d(2025, 1, 6), received_on=d(2025, 2, 18))
    client.force_login(manager)
    rows = _csv(client.get(URL, {"year": YEAR, "format": "csv", "table": "advice"}))
    assert rows[1] == ["Medical (health) advice", "1", "0", "0", "0.0", "0.0"]


def test_an_unknown_table_is_not_found(client, manager):
    client.force_login(manager)
    assert client.get(URL, {"format": "csv", "table": "nope"}).status_code == 404


def test_the_page_names_each_agency_and_month(client, team, manager, make_advice):
    make_advice(team, kind="health", requested_on=d(2025, 1, 6), received_on=d(2025, 2, 18))
    client.force_login(manager)
    page = client.get(URL, {"year": YEAR}).content.decode()
    assert '<th scope="row" class="govuk-table__header">Medical (health) advice</th>' in page
    assert '<th scope="row" class="govuk-table__header">February</th>' in page
