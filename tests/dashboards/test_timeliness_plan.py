"""The timeliness page reads one team's rows of the year, whatever the council's history
(issue #22): its one query (a UNION ALL of met deadlines and received advice) is a range
of each table's team index, never a join to the cases, and reads as many index entries
with ten times the history (earlier years, other teams) as without it."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from sen_portal.dashboards import selectors
from tests.dashboards.conftest import YEAR
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

d = datetime.date


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def read_plan(scope) -> tuple[set[str], dict[str, int]]:
    """The tables the query touches and, for each index it scans, the entries it read."""
    sql, params = selectors.timeliness_sql(scope=scope, year=YEAR)
    with connection.cursor() as cursor:
        # The test's tables are tiny, so the planner would rather read them whole; what
        # is checked is that the team's index range answers the query by itself.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]["Plan"]
    nodes = list(_nodes(plan))
    tables = {node["Relation Name"] for node in nodes if "Relation Name" in node}
    read = {}
    for node in nodes:
        if "Index Name" in node:
            read[node["Index Name"]] = read.get(node["Index Name"], 0) + node["Actual Rows"]
    return tables, read


def add_year(team, make_deadline, make_advice, year: int, plans: int) -> None:
    for n in range(plans):
        child = ChildFactory(team=team)
        make_deadline(child, started_on=d(year, 1, 6), met_on=d(year, 3, 1 + n % 28))
        make_deadline(child, "annual_review", started_on=d(year - 1, 2, 1), met_on=d(year, 1, 20))
        if n % 2:
            make_advice(team, kind="health", requested_on=d(year, 1, 6),
                        received_on=d(year, 2, 1), child=child)  # fmt: skip


def test_the_team_page_reads_the_teams_year_and_not_the_history(
    team, other_team, manager, make_deadline, make_advice
):
    scope = selectors.scope_for(manager)
    add_year(team, make_deadline, make_advice, YEAR, 4)
    add_year(other_team, make_deadline, make_advice, YEAR, 2)
    tables, read = read_plan(scope)
    assert tables == {"casework_deadline", "assessments_advicerequest"}  # no join to cases
    expected = {"deadline_team_met_idx": 8, "advice_team_received_idx": 2}
    assert read == expected
    # Ten times the history: earlier years of the team, and the other team's.
    for year in range(YEAR - 5, YEAR):
        add_year(team, make_deadline, make_advice, year, 6)
    add_year(other_team, make_deadline, make_advice, YEAR, 10)
    assert read_plan(scope) == (tables, expected)
    page = selectors.timeliness_page(scope=scope, year=YEAR)
    assert page.summary[selectors.FINAL_PLAN].done == 4
    assert page.summary[selectors.ANNUAL_REVIEW].done == 4
    assert [(row.kind, row.figures.done) for row in page.advice] == [("health", 2)]
