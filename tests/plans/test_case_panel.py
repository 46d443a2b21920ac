"""The plan on the child's case page: start it once the council has decided to issue one,
then open it. The panel costs the case page one query."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from plans import services
from plans.panels import case_panel
from tests.factories import ChildFactory
from tests.plans.conftest import TODAY, fill_draft_sections

pytestmark = pytest.mark.django_db


def case_page(client, child) -> str:
    return client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()


def test_the_case_page_offers_to_start_the_plan_then_links_to_it(
    client, caseworker, child, assessment
):
    client.force_login(caseworker)
    start = reverse("plans:plan_start", args=[assessment.pk])
    assert start in case_page(client, child)
    plan = services.plan_start(assessment=assessment, acting_user=caseworker)
    page = case_page(client, child)
    assert start not in page
    assert reverse("plans:plan_detail", args=[plan.pk]) in page
    assert "Drafting" in page


def test_a_system_administrator_is_not_offered_to_start_a_plan(
    client, admin_user, child, assessment
):
    client.force_login(admin_user)
    page = case_page(client, child)
    assert reverse("plans:plan_start", args=[assessment.pk]) not in page
    assert "No EHC plan." in page


def test_a_case_without_a_decision_to_issue_shows_no_plan(client, caseworker, child):
    client.force_login(caseworker)
    assert "No EHC plan." in case_page(client, child)


def test_the_panel_is_one_query_however_many_plans(
    caseworker, child, assessment, django_assert_num_queries
):
    services.plan_start(assessment=assessment, acting_user=caseworker)
    request = RequestFactory().get("/")
    request.user = caseworker
    with django_assert_num_queries(1):
        panel = case_panel(request, child)
    assert [p.status for p in panel["plans"]] == ["drafting"]
    assert panel["waiting"] == []


def test_the_plans_list_filters_by_state(client, caseworker, team, plan, decide_to_issue):
    other = ChildFactory(team=team, caseworker=caseworker, first_name="Robin", last_name="Issued")
    issued = services.plan_start(assessment=decide_to_issue(other), acting_user=caseworker)
    fill_draft_sections(issued, caseworker)
    services.plan_issue_draft(plan=issued, on=TODAY, acting_user=caseworker)
    client.force_login(caseworker)
    page = client.get(reverse("plans:plan_list"), {"status": "draft_issued"}).content.decode()
    assert "Robin Issued" in page
    assert plan.child.full_name not in page
    everything = client.get(reverse("plans:plan_list"), {"status": "nonsense"}).content.decode()
    assert "Robin Issued" in everything and plan.child.full_name in everything
