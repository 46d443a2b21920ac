"""A reassessment in a real browser, with axe-core's WCAG 2.2 AA checks: the case page
offers it for a child with a plan, the request is recorded, and refused with its ground
(screenshots at 1280 and 375 pixels in /tmp/shots)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tests.factories import PASSWORD
from tests.plans.conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")  # noqa: S108 - the screenshots the brief asks for, not secrets


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_caseworker_records_and_refuses_a_reassessment_in_a_browser(
    page, live_server, caseworker, plan_in_force, axe, sign_in, time_machine
):
    SHOTS.mkdir(exist_ok=True)
    at(time_machine, datetime.date(2030, 1, 14))
    sign_in(page, caseworker, PASSWORD)
    child = plan_in_force.child
    page.goto(f"{live_server.url}/cases/{child.pk}/")
    page.get_by_role("link", name="Record a request for a reassessment").click()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Record a request for a reassessment"
    )
    assert axe(page) == []
    page.get_by_label("Parent or carer").check()
    page.get_by_label("Name of the person or organisation who asked").fill("Alex Parentson")
    page.locator("#id_received_on_0").fill("7")
    page.locator("#id_received_on_1").fill("1")
    page.locator("#id_received_on_2").fill("2030")
    page.get_by_label("Reasons for the request").fill("Sam's needs have changed a lot.")
    page.locator("#id_consent_to_share_1").check()  # No
    page.get_by_role("button", name="Record the request").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Request for a reassessment"
    assert "22 January 2030" in page.content()
    assert axe(page) == []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert no_sideways_scroll(page)
        page.screenshot(path=str(SHOTS / f"reassessment_request_{width}.png"), full_page=True)

    page.get_by_role("button", name="Decide not to reassess").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Decide not to reassess"
    page.get_by_label("A reassessment is not necessary (Reg 24)").check()
    page.get_by_label("Reasons for the decision").fill("The annual review can change the plan.")
    page.get_by_role("button", name="Decide not to reassess").click()
    assert "Ground: A reassessment is not necessary (Reg 24)" in page.content()
    assert axe(page) == []
    page.screenshot(path=str(SHOTS / "reassessment_refused_375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/cases/{child.pk}/")
    page.screenshot(path=str(SHOTS / "reassessment_case_1280.png"), full_page=True)
