"""The family's 15 days on the draft page, in a real browser: the summary of how it was
served and what is outstanding, and the form that records the posting, with axe-core's
WCAG 2.2 AA checks, at desktop and phone widths (no sideways scroll on a phone)."""

from __future__ import annotations

import os

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SCREENSHOTS_DIR", "")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_the_draft_page_records_how_the_draft_was_served(
    page, live_server, caseworker, draft_issued, axe, sign_in
):
    sign_in(page, caseworker, PASSWORD)
    base = f"{live_server.url}/plans/{draft_issued.pk}"
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/")
        assert page.locator("#family-window-draft").is_visible()
        assert axe(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        _shot(page, f"draft-page-{width}")

    page.get_by_role("link", name="Change how the draft plan was sent").click()
    assert axe(page) == []
    _shot(page, "served-form-375")
    page.get_by_label("By first class post").check()
    issued = draft_issued.draft_issued_on
    page.locator("[name=sent_on_day]").fill(str(issued.day))
    page.locator("[name=sent_on_month]").fill(str(issued.month))
    page.locator("[name=sent_on_year]").fill(str(issued.year))
    with page.expect_navigation():
        page.get_by_role("button", name="Record how it was sent").click()
    assert "the family have until" in page.content()
    assert page.locator("#family-window-draft").inner_text().count("By first class post") == 1
    _shot(page, "draft-page-posted-375")
