"""Pages cost the same number of queries however many advice requests a case has."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments import services
from tests.assessments.helpers import send_advice
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def ask_many(assessment, ask_advice, givers, count):
    kinds = ["educational_psychology", "health", "social_care", "education"]
    for index in range(count):
        giver = givers[(index // 4) % 2]
        advice = ask_advice(assessment, kind=kinds[index % 4], giver=giver)
        if index % 3 == 0:
            send_advice(advice, giver)


@pytest.fixture
def warm(client):
    """Content types are cached per process after the first look-up: warm the cache so
    the counts below do not depend on which test ran first."""

    def get(url):
        client.get(url)

    return get


@pytest.mark.parametrize("advice_count", [1, 8])
def test_the_assessment_page_has_a_fixed_query_count(
    client, caseworker, assessment, ask_advice, psychologist, paediatrician, warm,
    advice_count, django_assert_num_queries,
):  # fmt: skip
    ask_many(assessment, ask_advice, [psychologist, paediatrician], advice_count)
    client.force_login(caseworker)
    url = reverse("assessments:assessment_detail", args=[assessment.pk])
    warm(url)
    # session, user (with the unread notifications badge), assessment (joined with its
    # request, child, team, caseworker), access log insert, advice board, the condition
    # behind "Mark the advice complete", deadlines. No request transaction, and no
    # session save: the expiry is pushed back once a minute.
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("advice_count", [1, 8])
def test_the_advice_givers_list_has_a_fixed_query_count(
    client, team, caseworker, make_request, ask_advice, psychologist, paediatrician, warm,
    advice_count, django_assert_num_queries,
):  # fmt: skip
    for _ in range(2):
        child = ChildFactory(team=team)
        assessment = services.request_decide_to_assess(
            assessment_request=make_request(child), on=assessment_day(), acting_user=caseworker
        )
        ask_many(assessment, ask_advice, [psychologist, paediatrician], advice_count)
    client.force_login(psychologist)
    url = reverse("advice:advice_list")
    warm(url)
    # session, user (with the unread badge), the advice requests joined with their
    # children (no session save within the minute; no request transaction).
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("request_count", [1, 4])
def test_the_case_page_panel_adds_one_query_whatever_the_history(
    client, caseworker, child, make_request, warm, request_count, django_assert_num_queries
):
    for _ in range(request_count):
        request_obj = make_request(child)
        services.request_withdraw(
            assessment_request=request_obj,
            on=request_obj.received_on,
            reason="Withdrawn.",
            acting_user=caseworker,
        )
    client.force_login(caseworker)
    url = reverse("casework:child_detail", args=[child.pk])
    warm(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    from sen_portal.prepared import statement

    sqls = [statement(q["sql"]) for q in queries.captured_queries]
    panel = [sql for sql in sqls if 'FROM "assessments_assessmentrequest"' in sql]
    # The requests panel, and the open deadlines named by their subject (one query per
    # kind of subject, casework.selectors.deadlines): the same whatever the history.
    # (The plans panel's query joins the requests to leave out reassessments; it reads
    # the assessments.)
    assert len(panel) == 2, [sql[:200] for sql in panel]


def assessment_day():
    from tests.assessments.helpers import days_ago

    return days_ago(10)
