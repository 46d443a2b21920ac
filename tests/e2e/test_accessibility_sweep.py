"""axe-core (WCAG 2.2 AA tags) on every page type, as its most-privileged persona, the
family and the public; and reflow (WCAG 2.2 SC 1.4.10): at 320 and 375 CSS pixels wide
no page scrolls sideways. Wide tables scroll inside their own labelled, focusable region
instead of widening the page; a reflow failure names the page, the role, the width and
the widest elements.

One committed world (tests/world.py) serves the whole module through the live server;
each (role, page) is its own test, signed in by a session cookie, so a failure names the
page and the persona. The page types: lists, details, forms, dashboards, the family
portal, the public local offer and the error pages.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import ARTIFACTS
from tests.test_access import MATRIX, OVERRIDES, PERSONA, parse, path_for
from tests.world import committed_world_fixture_body

pytestmark = pytest.mark.browser

# One URL of each page type, checked as its most-privileged persona that the matrix gives
# a 200 (who sees the most of the page: every panel and action), plus the family and the
# public where they see it too (their own header, navigation and wording).
PAGE_TYPES = [
    "home",
    "casework:child_list",  # list
    "casework:child_detail",  # detail, with every workflow's case panel
    "casework:child_history",  # the whole chronology, paginated (issue #22)
    "casework:child_create",  # form
    "casework:notification_list",
    "casework:note_list",  # case notes and uploads (issue #21)
    "casework:note_create",
    "casework:document_upload",
    "assessments:request_detail",
    "assessments:request_decide_to_assess",  # confirmation form
    "assessments:assessment_detail",
    "assessments:advice_request_create",
    "advice:advice_list",
    "advice:advice_detail",  # the advice giver's submission form
    "plans:plan_list",
    "plans:plan_detail",
    "plans:section",
    "plans:version_detail",
    "plans:version_compare",
    "dashboards:timeliness",  # dashboards
    "dashboards:action",
    "dashboards:pipeline",
    "dashboards:caseloads",
    "dashboards:sen2_check",
    "family:case",  # the family portal
    "family:documents",
    "family:who_does_what",
    "family:email_settings",
    "local_offer_public:search",  # the public local offer
    "local_offer_public:service",
    "local_offer_public:comment",
    "local_offer_public:you_said_we_did",
    "local_offer:manage_services",
    "local_offer:manage_service_edit",
    "local_offer:manage_comments",
    "accounts:login",
    "accounts:two_factor_setup",
]


# Most privileged first: the team's manager sees everything a caseworker does and more;
# the administrator and the editor run the local offer; advice pages are the adviser's.
PRIVILEGE = ("mgr", "adm", "cw", "ocw", "ed", "ag", "agN")


def cases():
    out = []
    for name in PAGE_TYPES:
        expected = parse(MATRIX[name])
        allowed = [role for role, outcome in expected.items() if outcome == "200"]
        most = next((role for role in PRIVILEGE if role in allowed), None)
        out += [(role, name) for role in (most, "fam", "anon") if role in allowed]
    # The error pages, as a signed-in caseworker and as the public see them.
    out += [("anon", "404"), ("cw", "404"), ("ed", "403"), ("fam", "404-portal")]
    return out


CASES = cases()

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
    """pytest-django would give each live-server test a transactional database, emptied
    after it; these tests share the committed world instead (and only read it)."""
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


def url_for(world, name):
    if name == "404":
        return "/no-such-page/", 404
    if name == "403":
        return "/cases/", 403
    if name == "404-portal":
        return f"/family/cases/{world['child_other_family'].pk}/", 404
    return path_for(world, name, OVERRIDES.get(name, {})), 200


@pytest.mark.parametrize("role,name", CASES, ids=[f"{r}-{n}" for r, n in CASES])
def test_no_accessibility_violations(
    browser, live_server, world, sessions, axe, django_db_blocker, request, role, name
):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    if role != "anon":
        context.add_cookies(
            [{"name": "sessionid", "value": sessions[role], "url": live_server.url}]
        )
    page = context.new_page()
    try:
        with django_db_blocker.unblock():
            path, status = url_for(world, name)
            response = page.goto(live_server.url + path)
            assert response.status == status, (path, response.status)
            violations = axe(page)
        assert violations == [], f"{name} as {role}: {violations}"
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"axe-{role}-{name}.png"), full_page=True)
        raise
    finally:
        context.close()


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
