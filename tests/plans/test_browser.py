"""The plan pages in a real browser, with axe-core's WCAG 2.2 AA checks on each: the task
list, a section, a provision form with an error, "check your answers", issuing the final
plan, the version with its PDF, the comparison and "who does what"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_checks_and_issues_the_final_plan_in_a_browser(
    page, live_server, caseworker, final_ready, axe, sign_in
):
    sign_in(page, caseworker, PASSWORD)
    base = f"{live_server.url}/plans/{final_ready.pk}"

    page.goto(f"{base}/")
    assert page.get_by_role("heading", level=1).inner_text() == "EHC plan"
    assert axe(page) == []

    page.get_by_role("link", name="Section F: Special educational provision").click()
    assert axe(page) == []
    page.get_by_role("link", name="Add provision").click()
    page.get_by_label("What the provision is").fill("Touch-typing lessons")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile(r"^Error:"))  # waits for the new page
    assert "Enter who delivers it" in page.locator(".govuk-error-summary").inner_text()
    assert axe(page) == []
    page.get_by_label("Who delivers it").fill("Teaching assistant")
    page.get_by_label("How often").fill("Twice a week")
    page.get_by_label("For how long").fill("20 minutes, for a term")
    page.get_by_label("School or college").check()
    page.get_by_label("Named contact").fill("SENCo")
    page.get_by_role("button", name="Save").click()
    assert "Touch-typing lessons" in page.content()

    page.goto(f"{base}/")
    page.get_by_role("button", name="Check and issue the final plan").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Check the final plan before issuing it"
    )
    assert axe(page) == []
    page.get_by_role("button", name="Issue the final plan").click()
    assert "Final plan issued as version 2" in page.content()
    assert page.locator("#plan-status").inner_text() == "Final plan issued"

    page.get_by_role("link", name="Version 2: final plan").click()
    assert page.locator("#pdf-status").inner_text() == "Ready"
    assert axe(page) == []
    with page.expect_response(lambda r: r.url.endswith("/pdf/")) as response:
        page.evaluate("url => fetch(url)", f"{base}/versions/2/pdf/")
    assert response.value.headers["content-type"] == "application/pdf"

    page.goto(f"{base}/compare/")
    assert "Touch-typing lessons" in page.content()
    assert axe(page) == []

    page.goto(f"{base}/who-does-what/")
    assert page.get_by_role("heading", name="School or college").is_visible()
    assert axe(page) == []
