"""Shared fixtures: the personas of DESIGN.md's role table in two teams, and a real
Chromium (Debian's, at /usr/bin/chromium) driven by Playwright for browser tests. The
statutory journeys the apps' tests start from are in tests/journeys.py, registered here
for every directory (a conftest never imports another's fixtures)."""

import os
from pathlib import Path

import pytest

from sen_portal.accounts.roles import Role
from tests.factories import ChildFactory, FamilyMemberFactory, TeamFactory, UserFactory

pytest_plugins = ["tests.journeys"]


@pytest.fixture
def team(db):
    return TeamFactory(name="North locality SEN team")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="South locality SEN team")


@pytest.fixture
def caseworker(team):
    return UserFactory(role=Role.CASEWORKER, team=team, full_name="Casey Worker")


@pytest.fixture
def manager(team):
    return UserFactory(role=Role.MANAGER, team=team, full_name="Morgan Manager")


@pytest.fixture
def other_caseworker(other_team):
    return UserFactory(role=Role.CASEWORKER, team=other_team, full_name="Otto Otherteam")


@pytest.fixture
def advice_giver(db):
    return UserFactory(role=Role.ADVICE_GIVER, full_name="Dr Ada Adviser")


@pytest.fixture
def family_user(db):
    return UserFactory(role=Role.FAMILY, full_name="Pat Parent")


@pytest.fixture
def editor(db):
    return UserFactory(role=Role.EDITOR, full_name="Eden Editor")


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.ADMIN, full_name="Adam Admin", is_superuser=True)


@pytest.fixture
def child(team, caseworker):
    return ChildFactory(team=team, caseworker=caseworker, first_name="Sam", last_name="Example")


@pytest.fixture
def family_member(child, family_user):
    return FamilyMemberFactory(child=child, user=family_user, full_name=family_user.full_name)


@pytest.fixture
def personas(caseworker, manager, other_caseworker, advice_giver, family_user, editor, admin_user):
    """Every role, for access matrices."""
    return {
        "caseworker": caseworker,
        "manager": manager,
        "other_caseworker": other_caseworker,
        "advice_giver": advice_giver,
        "family": family_user,
        "editor": editor,
        "admin": admin_user,
    }


# --- Browser tests -------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Our target: WCAG 2.2 AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run (Playwright allows one sync session per thread).

    Playwright's sync API runs an event loop in the test thread; the tests' own database
    calls are still synchronous, so Django is told that is safe from here on.
    """
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def _page(browser, request, **context_options):
    context = browser.new_context(viewport={"width": 1100, "height": 900}, **context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def page(browser, request, live_server):
    yield from _page(browser, request)


@pytest.fixture
def page_without_javascript(browser, request, live_server):
    yield from _page(browser, request, java_script_enabled=False)


@pytest.fixture
def axe():
    """Run axe-core on the current page; return its violations (empty means none)."""
    source = AXE_SOURCE.read_text()

    def run(page):
        # evaluate() is not subject to the page's CSP, so the page's policy stays strict.
        page.evaluate(source + ";0")
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]
        ]

    return run


@pytest.fixture
def sign_in(live_server):
    def do(page, user, password):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()

    return do
