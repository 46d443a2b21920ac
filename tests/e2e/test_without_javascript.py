"""The core journeys work with JavaScript off: a caseworker records a request for an
assessment (with an error first), and an advice giver submits their advice."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import AdviceRequest, AssessmentRequest
from sen_portal.accounts.roles import Role
from tests.e2e.browser_forms import date_fields, fill, submit
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
SHOTS = Path(tempfile.gettempdir()) / "shots"  # to look at what the tests saw


def test_a_caseworker_records_a_request_without_javascript(
    page_without_javascript, live_server, caseworker, child, sign_in
):
    page = page_without_javascript
    sign_in(page, caseworker, PASSWORD)
    page.goto(live_server.url + reverse("assessments:request_create", args=[child.pk]))
    # Nothing filled in: the server's errors, in the GOV.UK summary.
    with page.expect_navigation():
        page.locator("main form button[type=submit], main form button:not([type])").first.click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Select who asked for the assessment" in summary
    assert "Enter the reasons for the request" in summary
    assert page.title().startswith("Error:")

    submit(
        page,
        {
            "requester": "school",
            "requester_name": "Head teacher, Northshire Primary School",
            **date_fields("received_on", TODAY - datetime.timedelta(days=3)),
            "reasons": "Not making progress in reading despite support.",
            "consent_to_share": "yes",
            "share_with": ["education", "health"],
        },
    )
    request = AssessmentRequest.objects.get(child=child)
    assert request.requester == "school"
    assert "Head teacher, Northshire Primary School" in page.inner_text("main")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "h6-request-recorded-no-js.png"), full_page=True)


def test_an_advice_giver_submits_advice_without_javascript(
    page_without_javascript, live_server, caseworker, child, sign_in
):
    from assessments import services

    giver = UserFactory(
        role=Role.ADVICE_GIVER, full_name="Dr Ada Adviser", job_title="Educational psychologist"
    )
    request = services.request_record(
        child=child,
        requester="parent",
        requester_name="Pat Parent",
        received_on=TODAY - datetime.timedelta(days=20),
        reasons="Reading well below age level.",
        consent_to_share=True,
        share_with=["education"],
        acting_user=caseworker,
    )
    assessment = services.request_decide_to_assess(
        assessment_request=request, on=TODAY - datetime.timedelta(days=10), acting_user=caseworker
    )
    advice = services.advice_request_create(
        assessment=assessment,
        kind="educational_psychology",
        advice_giver=giver,
        addressee="",
        questions="What are the child's learning needs?",
        requested_on=TODAY - datetime.timedelta(days=9),
        acting_user=caseworker,
    )

    page = page_without_javascript
    sign_in(page, giver, PASSWORD)
    page.goto(live_server.url + reverse("advice:advice_list"))
    with page.expect_navigation():
        page.locator(f'a[href="{reverse("advice:advice_detail", args=[advice.pk])}"]').first.click()
    fill(page, {"needs": "Weak working memory."})
    with page.expect_navigation():
        page.locator("form").filter(has=page.locator('[name="needs"]')).locator(
            "button"
        ).first.click()
    assert page.title().startswith("Error:")  # outcomes and provision are missing

    submit(
        page,
        {
            "needs": "Weak working memory.",
            "outcomes": "Reads at an age-appropriate level by the end of key stage 2.",
            "provision": "Daily phonics, one to one, 20 minutes, from a trained assistant.",
        },
    )
    advice.refresh_from_db()
    assert advice.status == AdviceRequest.Status.RECEIVED
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "h6-advice-given-no-js.png"), full_page=True)
