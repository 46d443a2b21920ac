"""Query budgets: the plan pages run the same number of queries however many plans, needs,
outcomes, provision items, consultations and versions there are (DESIGN.md principle 12).

Each page test counts a small case (warming the caches first), grows it several times
over, and asserts the same count. The selectors' own budgets are exact."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans import selectors, services
from tests.factories import ChildFactory
from tests.plans.conftest import TODAY, bring_to_final_ready, fill_draft_sections

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    client.get(url)  # content types and sessions cached, as in a running server
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def grow(plan, user, institutions):
    """Many more rows in every section, another consultation, another version."""
    fill_draft_sections(plan, user, provision_items=12)
    services.plan_consult_institution(
        plan=plan, institution=institutions["academy"], on=TODAY, acting_user=user
    )


def test_the_plan_page_runs_a_fixed_number_of_queries(
    client, caseworker, draft_issued, institutions, django_assert_num_queries
):
    client.force_login(caseworker)
    url = reverse("plans:plan_detail", args=[draft_issued.pk])
    bring_to_final_ready(draft_issued, caseworker, institutions["primary"])
    small = count_queries(client, url)
    grow(draft_issued, caseworker, institutions)
    with django_assert_num_queries(small):
        client.get(url)


def test_the_plans_list_runs_a_fixed_number_of_queries(
    client, caseworker, team, plan, decide_to_issue, django_assert_num_queries
):
    client.force_login(caseworker)
    url = reverse("plans:plan_list")
    small = count_queries(client, url)
    for _ in range(4):
        child = ChildFactory(team=team, caseworker=caseworker)
        services.plan_start(assessment=decide_to_issue(child), acting_user=caseworker)
    with django_assert_num_queries(small):
        page = client.get(url)
    assert page.content.decode().count('class="govuk-tag govuk-tag--blue">Drafting') == 5


@pytest.mark.parametrize("page", ["who_does_what", "section"])
def test_the_section_and_who_does_what_pages_run_a_fixed_number_of_queries(
    client, caseworker, ready_plan, institutions, django_assert_num_queries, page
):
    client.force_login(caseworker)
    args = [ready_plan.pk] + (["f"] if page == "section" else [])
    url = reverse(f"plans:{page}", args=args)
    small = count_queries(client, url)
    fill_draft_sections(ready_plan, caseworker, provision_items=15)
    with django_assert_num_queries(small):
        client.get(url)


def test_the_version_page_runs_a_fixed_number_of_queries(
    client, caseworker, draft_version, institutions, django_assert_num_queries
):
    plan = draft_version.plan
    client.force_login(caseworker)
    small = count_queries(client, reverse("plans:version_detail", args=[plan.pk, 1]))
    bring_to_final_ready(plan, caseworker, institutions["primary"])
    fill_draft_sections(plan, caseworker, provision_items=15)
    final = services.plan_issue_final(plan=plan, on=TODAY, acting_user=caseworker).version
    services.plan_version_render_pdf(version_id=final.pk)
    url = reverse("plans:version_detail", args=[plan.pk, 2])
    client.get(url)
    with django_assert_num_queries(small):
        page = client.get(url)
    assert page.content.decode().count("Structured phonics programme, part") == 16


def test_a_plan_with_all_its_content_is_nine_queries(ready_plan, django_assert_num_queries):
    fill_draft_sections(ready_plan, ready_plan.started_by, provision_items=10)
    # 1 the plan with child, team, caseworker, assessment, request, placement, preference
    #   and issuers; 2 needs; 3 outcomes; 4 their needs; 5 provision; 6 its outcomes;
    #   7 budget lines; 8 advice entries; 9 consultations with their institutions.
    with django_assert_num_queries(9):
        plan = selectors.plan_with_content(plan_id=ready_plan.pk)
    with django_assert_num_queries(0):
        from plans.snapshot import build_snapshot

        snapshot = build_snapshot(plan, kind="final")
    assert len(snapshot["sections"]["F"]["items"]) == 11


def test_the_plans_list_selector_is_two_queries(
    caseworker, team, plan, decide_to_issue, django_assert_num_queries
):
    child = ChildFactory(team=team, caseworker=caseworker)
    services.plan_start(assessment=decide_to_issue(child), acting_user=caseworker)
    selectors.with_final_deadlines(selectors.plan_list_for_user(user=caseworker))  # cache
    # 1 the team's plans with child and assessment; 2 their requests' 20-week deadlines.
    with django_assert_num_queries(2):
        rows = selectors.with_final_deadlines(selectors.plan_list_for_user(user=caseworker))
    assert len(rows) == 2
    assert all(row.final_deadline is not None for row in rows)
