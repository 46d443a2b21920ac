"""The family's journey in a real browser on a phone-sized screen: accept the invitation,
set a password, read the case, the documents and "who does what", with axe-core's
WCAG 2.2 AA checks on each page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sen_portal.family import services
from tests.factories import FamilyMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_accepts_an_invitation_and_reads_the_case_on_a_phone(
    page, live_server, caseworker, child, draft_version, axe
):
    parent = FamilyMemberFactory(child=child, full_name="Jo Parent", user=None)
    _invitation, token = services.invitation_create(
        child=child, family_member=parent, email="jo.parent@example.org", acting_user=caseworker
    )
    page.set_viewport_size({"width": 375, "height": 800})

    page.goto(f"{live_server.url}/family/invitations/{token}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Set your password"
    assert axe(page) == []
    page.get_by_label("Create a password").fill("short")
    page.get_by_label("Enter the password again").fill("short")
    page.get_by_role("button", name="Set password and continue").click()
    expect(page).to_have_title(re.compile(r"^Error:"))  # waits for the new page
    assert axe(page) == []
    page.get_by_label("Create a password").fill("a quiet river at dawn 7")
    page.get_by_label("Enter the password again").fill("a quiet river at dawn 7")
    page.get_by_role("button", name="Set password and continue").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Where Sam's case stands"
    assert "We sent you the draft EHC plan for Sam" in page.content()
    assert axe(page) == []
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_role("link", name="Documents").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Documents we sent you"
    assert axe(page) == []

    page.get_by_role("link", name="Who does what").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Who does what"
    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
