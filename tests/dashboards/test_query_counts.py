"""Every dashboard page costs the same number of queries whatever the volume: the
figures are aggregates computed by PostgreSQL (DESIGN.md principle 12)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sen_portal.casework.models import Deadline
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

d = datetime.date
TODAY = datetime.datetime(2025, 7, 9, 10, 0, tzinfo=datetime.UTC)

# What every page pays before its own queries: the session and the user with their team
# (middleware; the team is the scope's label), the people of the team (the team selector's
# "Caseworker" options); no request transaction, and no session save (the idle
# timeout's expiry is pushed back at most once a minute, and signing in counts as one);
# the header's unread notifications count is read with the user (accounts.backends).
CSV = 2 + 1 + 1  # ... and the export log's row (who took the data)
HTML = CSV - 1  # an HTML page has no export log row
PAGES = {
    # summary, trend and advice in one UNION ALL: the year's met deadlines grouped by
    # code and month, the advice received grouped by kind
    ("dashboards:timeliness", ""): HTML + 1,
    ("dashboards:timeliness", "format=csv&table=trend"): CSV + 1,
    # the three list counts in one aggregate, the page's count and rows, advice by kind;
    # reviews overdue, phase transfers late, disagreements open: a count each
    ("dashboards:action", ""): HTML + 7,
    ("dashboards:action", "list=amber"): HTML + 7,
    ("dashboards:action", "format=csv"): CSV + 1,
    # one grouped query per workflow: requests, assessments, plans, reviews
    ("dashboards:pipeline", ""): HTML + 4,
    # people with their counts, unassigned cases
    ("dashboards:caseloads", ""): HTML + 2,
    ("dashboards:caseloads", "format=csv"): CSV + 1,
    # the ids of the cases to fix (their number is the count), the page's cases labelled
    # ... and the counts of errors and queries, for the team and for the council's XML
    ("dashboards:sen2_check", "census_date=2026-01-15"): HTML + 4,
    ("dashboards:sen2_check", "census_date=2026-01-15&page=2"): HTML + 4,
    # the children, their requests (assessment, plan, placement joined), their excepted
    # 20-week deadlines, their disagreements: one round trip each per chunk of 500 children
    # (and the plans' reviews, amendments and phase transfers when there are plans)
    ("dashboards:sen2_module_csv", "census_date=2026-01-15"): CSV + 4,
}
URL_ARGS = {"dashboards:sen2_module_csv": ["person"]}


def populate(team, caseworker, make_deadline, make_advice, cases: int) -> None:
    for n in range(cases):
        child = ChildFactory(team=team, caseworker=caseworker if n % 2 else None)
        make_deadline(
            child, started_on=d(2025, 1, 6), met_on=d(2025, 1 + n % 6, 20), exception=n % 5 == 0
        )
        make_deadline(child, "decide_whether_to_assess", started_on=d(2025, 1, 6),
                      met_on=d(2025, 2, 1))  # fmt: skip
        make_deadline(child, "annual_review", started_on=d(2024, 7, 1 + n % 5))  # overdue
        make_deadline(child, "review_report", started_on=d(2025, 7, 1))  # at risk
        make_advice(team, kind=["health", "education", "social_care"][n % 3],
                    requested_on=d(2025, 5, 1 + n % 28), child=child,
                    received_on=d(2025, 6, 20) if n % 2 else None)  # fmt: skip


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize(("name", "query"), list(PAGES), ids=[f"{n}?{q}" for n, q in PAGES])
def test_pages_cost_the_same_for_3_or_30_cases(
    client, team, manager, caseworker, make_deadline, make_advice, name, query
):
    url = f"{reverse(name, args=URL_ARGS.get(name, []))}?{query}"
    client.force_login(manager)
    with time_machine.travel(TODAY, tick=False):
        populate(team, caseworker, make_deadline, make_advice, 3)
        client.get(url)  # warm the content-type cache and the session
        small = count_queries(client, url)
        populate(team, caseworker, make_deadline, make_advice, 27)
        large = count_queries(client, url)
    assert Deadline.objects.count() == 120
    assert small == large == PAGES[(name, query)]
