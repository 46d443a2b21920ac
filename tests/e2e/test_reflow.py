"""Reflow (WCAG 2.2 SC 1.4.10): at 320 and 375 CSS pixels wide no page scrolls sideways.
Wide tables scroll inside their own labelled, focusable region instead of widening the
page. Every page type of the accessibility sweep, for every role that can see it, in
Chromium; a failure names the page, the role, the width and the widest elements."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import ARTIFACTS
from tests.e2e.test_accessibility_sweep import CASES, url_for
from tests.test_access import PERSONA
from tests.world import committed_world_fixture_body

pytestmark = pytest.mark.browser

WIDTHS = (320, 375)

# The elements wider than the viewport that are not inside a scrolling container: what
# makes the page scroll sideways.
OFFENDERS = """(width) => {
  const out = [];
  // An element sticks out, or its text does (a long unbroken word).
  const wide = (el) => el && (el.getBoundingClientRect().right > width + 1
    || el.getBoundingClientRect().left + el.scrollWidth > width + 1);
  for (const el of document.body.querySelectorAll('*')) {
    if (!wide(el)) continue;
    // The outermost element that sticks out: its parent fits (or scrolls it).
    const parent = el.parentElement;
    const scrolls = parent && ['auto', 'scroll'].includes(getComputedStyle(parent).overflowX);
    if (wide(parent) && !scrolls) continue;
    if (scrolls) continue;
    const name = el.tagName.toLowerCase() + (el.className ? '.' + el.className : '');
    out.push(name + ' ' + Math.round(el.getBoundingClientRect().right));
  }
  return out.slice(0, 8);
}"""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from committed_world_fixture_body(django_db_blocker, tmp_path_factory.mktemp("media"))


@pytest.fixture
def _live_server_helper():
    """Share the committed world (read only), as the accessibility sweep does."""
    yield


@pytest.fixture(scope="module")
def sessions(world, django_db_blocker):
    cookies = {}
    with django_db_blocker.unblock():
        for role, persona in PERSONA.items():
            client = Client()
            client.force_login(world.users[persona])
            cookies[role] = client.cookies["sessionid"].value
    return cookies


@pytest.mark.parametrize("role,name", CASES, ids=[f"{r}-{n}" for r, n in CASES])
def test_no_page_scrolls_sideways_on_a_phone(
    browser, live_server, world, sessions, django_db_blocker, role, name
):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
    if role != "anon":
        context.add_cookies(
            [{"name": "sessionid", "value": sessions[role], "url": live_server.url}]
        )
    page = context.new_page()
    try:
        with django_db_blocker.unblock():
            path, status = url_for(world, name)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                response = page.goto(live_server.url + path)
                assert response.status == status, (path, response.status)
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                offenders = [] if scroll_width <= width else page.evaluate(OFFENDERS, width)
                assert scroll_width <= width, (
                    f"{name} as {role} at {width}px is {scroll_width}px wide: {offenders}"
                )
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"reflow-{role}-{name}.png"), full_page=True)
        raise
    finally:
        context.close()
