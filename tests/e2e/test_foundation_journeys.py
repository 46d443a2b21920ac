"""A caseworker's first journey, in a real browser, with accessibility checks on each page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sen_portal.casework.demo import demo_nhs_number, demo_upn
from sen_portal.casework.models import Child
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_opens_a_case_and_corrects_a_mistake(
    page, live_server, caseworker, axe, sign_in
):
    page.goto(f"{live_server.url}/accounts/login/")
    assert axe(page) == []
    sign_in(page, caseworker, PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hello")
    assert axe(page) == []

    page.get_by_role("link", name="Open a case for a child or young person").click()
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Madeupson")
    dob = timezone.localdate() - datetime.timedelta(days=365 * 6)
    page.get_by_label("Day").fill(str(dob.day))
    page.get_by_label("Month").fill(str(dob.month))
    page.get_by_label("Year").fill(str(dob.year))
    page.get_by_label("LA reference").fill("NS-E2E-0001")
    page.get_by_label("Unique pupil number (UPN)").fill(demo_upn(5))
    page.get_by_label("NHS number").fill("9434765918")  # wrong check digit
    page.get_by_role("button", name="Open case").click()

    summary = page.locator(".govuk-error-summary")
    assert "Enter a real NHS number" in summary.inner_text()
    expect(page).to_have_title(re.compile(r"^Error:"))  # waits for the new page
    assert axe(page) == []
    # The summary links to the field, as the GOV.UK pattern requires.
    summary.get_by_role("link", name="Enter a real NHS number").click()
    assert page.evaluate("document.activeElement.id") == "id_nhs_number"

    page.get_by_label("NHS number").fill(demo_nhs_number(5))
    page.get_by_role("button", name="Open case").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Robin Madeupson"
    assert "Case opened for Robin Madeupson" in page.locator(".moj-timeline").inner_text()
    assert axe(page) == []
    assert Child.objects.filter(la_reference="NS-E2E-0001").exists()

    page.get_by_role("link", name="Cases", exact=True).click()
    assert page.get_by_role("link", name="Madeupson, Robin").is_visible()
    assert axe(page) == []


def test_the_core_pages_work_without_javascript(
    page_without_javascript, live_server, caseworker, child, sign_in
):
    page = page_without_javascript
    sign_in(page, caseworker, PASSWORD)
    page.goto(f"{live_server.url}/cases/")
    page.get_by_label("Search by name or LA reference").fill("Example")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Example, Sam").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sam Example"
    page.get_by_role("button", name="Sign out").click()
    assert "Sign in" in page.get_by_role("heading", level=1).inner_text()


@pytest.mark.parametrize("path", ["/accessibility/", "/privacy/", "/no-such-page/"])
def test_public_pages_have_no_accessibility_violations(page, live_server, axe, path):
    page.goto(f"{live_server.url}{path}")
    assert axe(page) == []


def test_a_family_member_reads_their_home_page_on_a_phone(
    browser, live_server, family_member, family_user, axe, sign_in
):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, family_user, PASSWORD)
        assert family_member.child.team.email in page.inner_text("main")
        assert axe(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()
