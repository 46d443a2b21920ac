"""The review pages in a real browser, with axe-core's WCAG 2.2 AA checks: the review page
with its task list, arranging the meeting with an error, and the phase transfers page.
Screenshots go to /tmp/shots for a person to look at."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews import phases, services
from tests.factories import PASSWORD, ChildFactory
from tests.reviews.conftest import quick_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots")  # noqa: S108 - screenshots for a person to look at


def test_a_caseworker_runs_a_review_and_a_manager_sees_the_cohort(
    page, live_server, caseworker, manager, team, axe, sign_in
):
    SHOTS.mkdir(exist_ok=True)
    today = timezone.localdate()
    year = phases.transfer_year_for(today)
    start, _ = phases.birth_range(year, "secondary")
    child = ChildFactory(
        team=team, caseworker=caseworker, first_name="Rowan", last_name="Example",
        date_of_birth=start + datetime.timedelta(days=70),
    )  # fmt: skip
    plan = quick_plan(child, issued_on=today - datetime.timedelta(days=300), by=caseworker)
    for n, phase in enumerate(["post16", "reception", "secondary"]):
        first, _ = phases.birth_range(year, phase)
        other = ChildFactory(team=team, caseworker=caseworker, last_name=f"Cohort{n}",
                             date_of_birth=first + datetime.timedelta(days=100 + n))  # fmt: skip
        quick_plan(other, issued_on=today - datetime.timedelta(days=200), by=caseworker)
    services.phase_transfers_identify(on=today)
    review = plan.reviews.get()
    meeting = today + datetime.timedelta(days=30)
    services.review_add_participant(
        review=review, name="Pat Parent", role="family", invited_on=today, acting_user=caseworker
    )

    sign_in(page, caseworker, PASSWORD)
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Annual review of the EHC plan"
    assert axe(page) == []
    page.get_by_role("link", name="Arrange the meeting").click()
    page.get_by_role("button", name="Save the meeting").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    assert "Enter the date of the meeting" in page.locator(".govuk-error-summary").inner_text()
    assert axe(page) == []
    page.screenshot(path=str(SHOTS / "review-meeting-error.png"), full_page=True)
    page.get_by_label("Day").fill(str(meeting.day))
    page.get_by_label("Month").fill(str(meeting.month))
    page.get_by_label("Year").fill(str(meeting.year))
    page.get_by_label("Where").fill("Northshire Primary School, meeting room")
    page.get_by_role("button", name="Save the meeting").click()
    assert "Meeting arranged" in page.content()
    assert "Send review invitations and papers" in page.content()
    assert axe(page) == []
    page.screenshot(path=str(SHOTS / "review-page.png"), full_page=True)

    page.goto(f"{live_server.url}/reviews/")
    assert "Rowan Example" in page.content()
    assert axe(page) == []
    page.screenshot(path=str(SHOTS / "review-list.png"), full_page=True)

    page.context.clear_cookies()
    sign_in(page, manager, PASSWORD)
    page.goto(f"{live_server.url}/reviews/phase-transfers/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        f"Phase transfers in September {year}"
    )
    assert page.locator("#transfers tbody tr").count() == 4
    assert axe(page) == []
    page.screenshot(path=str(SHOTS / "phase-transfers.png"), full_page=True)
