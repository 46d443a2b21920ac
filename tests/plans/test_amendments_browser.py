"""Amending a plan in a real browser, with axe-core's WCAG 2.2 AA checks on each page:
starting, editing section F, checking and sending the proposed amendments, and the plan
page while they are out (screenshots in /tmp/shots)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tests.factories import PASSWORD
from tests.plans.conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")  # noqa: S108 - the screenshots the brief asks for, not secrets


def test_a_caseworker_starts_amending_and_sends_the_proposals_in_a_browser(
    page, live_server, caseworker, plan_in_force, axe, sign_in, time_machine
):
    SHOTS.mkdir(exist_ok=True)
    at(time_machine, datetime.date(2030, 3, 4))
    sign_in(page, caseworker, PASSWORD)
    base = f"{live_server.url}/plans/{plan_in_force.pk}"

    page.goto(f"{base}/")
    page.get_by_role("button", name="Start amending the plan").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Start amending the plan"
    page.get_by_role("button", name="Start amending the plan").click()
    assert (
        "Enter why the plan is being amended" in page.locator(".govuk-error-summary").inner_text()
    )
    assert axe(page) == []
    page.get_by_label("Why the plan is being amended").fill(
        "The annual review recommended weekly speech and language therapy."
    )
    page.get_by_role("button", name="Start amending the plan").click()
    assert page.locator("#plan-status").inner_text() == "Amendments being prepared"
    assert axe(page) == []

    page.get_by_role("link", name="Section F: Special educational provision").click()
    page.get_by_role("link", name="Add provision").click()
    page.get_by_label("What the provision is").fill("Speech and language therapy, one to one")
    page.get_by_label("Who delivers it").fill("Speech and language therapist")
    page.get_by_label("How often").fill("Once a week")
    page.get_by_label("For how long").fill("45 minutes, for a year")
    page.get_by_label("Local authority (education)").check()
    page.get_by_label("Named contact").fill("SEN team")
    page.get_by_role("button", name="Save").click()

    page.goto(f"{base}/")
    page.get_by_role("button", name="Check and send the proposed amendments").click()
    assert "+ F2: Speech and language therapy, one to one" in page.content()
    assert axe(page) == []
    page.screenshot(path=str(SHOTS / "amendment_check.png"), full_page=True)
    page.get_by_label("The proposed amendments").fill("Add weekly therapy to section F.")
    page.get_by_label("By email (agreed with the family)").check()
    page.get_by_role("button", name="Send the proposed amendments").click()
    assert "the family may comment until 18 March 2030" in page.content()
    assert page.locator("#plan-status").inner_text() == "Amendments proposed"
    assert axe(page) == []
    page.screenshot(path=str(SHOTS / "plan_amendment_proposed.png"), full_page=True)
