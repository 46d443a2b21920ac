"""Smaller things on the assessment pages (issue #21 item 8)."""

from __future__ import annotations

from django.urls import reverse

from assessments import services
from tests.assessments.helpers import days_ago, send_advice


def test_who_is_being_asked_is_not_labelled_optional(client, caseworker, assessment):
    client.force_login(caseworker)
    page = client.get(reverse("assessments:advice_request_create", args=[assessment.pk]))
    html = page.content.decode()
    assert "Who is being asked</label>" in html
    assert "Who is being asked (optional)" not in html
    assert "Needed when you select nobody above" in html


def test_asking_for_advice_is_completed_once_all_the_advice_is_in(
    client, caseworker, assessment, ask_advice, psychologist
):
    advice = ask_advice(assessment, giver=psychologist)
    client.force_login(caseworker)
    url = reverse("assessments:assessment_detail", args=[assessment.pk])
    tasks = {task.key: task for task in client.get(url).context["tasks"]}
    assert tasks["ask"].status == "in_progress"
    send_advice(advice, psychologist)
    tasks = {task.key: task for task in client.get(url).context["tasks"]}
    assert tasks["ask"].status == "completed"
    assert tasks["receive"].status == "completed"
    # Still a link: more advice can be asked for while the assessment gathers it.
    assert tasks["ask"].href


def test_draft_and_issue_the_plan_links_to_the_plan(
    client, caseworker, assessment, ask_advice, psychologist
):
    send_advice(ask_advice(assessment, giver=psychologist), psychologist)
    services.assessment_complete_advice(
        assessment=assessment, on=days_ago(1), acting_user=caseworker
    )
    services.assessment_decide_to_issue(
        assessment=assessment, on=days_ago(1), acting_user=caseworker
    )
    client.force_login(caseworker)
    url = reverse("assessments:assessment_detail", args=[assessment.pk])
    tasks = {task.key: task for task in client.get(url).context["tasks"]}
    expected = reverse("casework:child_detail", args=[assessment.child_id]) + "#plan-panel"
    assert tasks["plan"].href == expected
