"""The dashboards in a real browser: the team selector, reassignment from the caseloads
page and the SEN2 page, each checked with axe (WCAG 2.2 AA). Screenshots go to
/tmp/shots for review."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sen_portal.accounts.roles import Role
from sen_portal.casework.models import ChronologyEvent
from tests.factories import PASSWORD, ChildFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "shots"  # for review, e.g. /tmp/shots
d = datetime.date


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def north(team, other_team, caseworker, make_deadline):
    colleague = UserFactory(role=Role.CASEWORKER, team=team, full_name="Cara Colleague")
    names = ["Ann Example", "Ben Sample", "Cal Madeup", "Dee Fictional"]
    for n, name in enumerate(names):
        first, last = name.split()
        child = ChildFactory(team=team, caseworker=caseworker, first_name=first, last_name=last,
                             la_reference=f"NS-E2E-{n:04d}")  # fmt: skip
        make_deadline(child, started_on=d(2025, 1, 6 + n), met_on=d(2025, 5 + n, 20))
        make_deadline(child, "decide_whether_to_assess", started_on=d(2025, 9, 1))
    ChildFactory(team=other_team, first_name="Sid", last_name="South")
    return colleague


def test_a_manager_reassigns_cases_from_the_caseloads_page(
    page, live_server, manager, caseworker, north, axe, sign_in
):
    sign_in(page, manager, PASSWORD)
    page.goto(f"{live_server.url}/dashboards/caseloads/")
    expect(page.get_by_label("Caseworker", exact=True)).to_be_visible()
    assert axe(page) == []
    shot(page, "dashboards-caseloads")

    page.get_by_role("link", name="Reassign cases from Casey Worker").click()
    page.get_by_role("button", name="Continue").click()  # nothing chosen
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select at least one case to reassign"
    )
    assert axe(page) == []
    page.get_by_label("Reassign Ann Example").check()
    page.get_by_label("Reassign Cal Madeup").check()
    page.get_by_label("Reassign to").select_option(label="Cara Colleague (caseworker)")
    shot(page, "dashboards-reassign")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Reassign 2 cases to Cara Colleague?")
    assert axe(page) == []
    shot(page, "dashboards-reassign-confirm")
    page.get_by_role("button", name="Reassign cases").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "2 cases reassigned from Casey Worker to Cara Colleague"
    )
    assert axe(page) == []
    shot(page, "dashboards-caseloads-after-reassign")
    assert ChronologyEvent.objects.filter(kind="case_reassigned").count() == 2


def test_a_manager_narrows_the_dashboards_to_one_caseworker(
    page, live_server, manager, caseworker, north, axe, sign_in
):
    sign_in(page, manager, PASSWORD)
    page.goto(f"{live_server.url}/dashboards/?year=2025")
    assert axe(page) == []
    shot(page, "dashboards-timeliness")
    page.get_by_label("Caseworker", exact=True).select_option(label="Casey Worker")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".govuk-caption-l")).to_contain_text("Casey Worker")
    page.get_by_role("link", name="What needs action").click()
    expect(page.get_by_label("Caseworker", exact=True)).to_have_value(str(caseworker.pk))
    assert axe(page) == []
    shot(page, "dashboards-action-one-caseworker")


def test_an_administrator_chooses_a_team_and_checks_the_sen2_return(
    page, live_server, admin_user, team, north, axe, sign_in
):
    sign_in(page, admin_user, PASSWORD)
    page.goto(f"{live_server.url}/dashboards/pipeline/")
    page.get_by_label("Team").select_option(label=team.name)
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".govuk-caption-l")).to_contain_text(team.name)
    assert axe(page) == []
    shot(page, "dashboards-pipeline-team")
    page.get_by_role("link", name="SEN2 return").click()
    page.get_by_label("Census date").fill("2026-01-15")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("link", name="Person (person.csv)")).to_be_visible()
    assert axe(page) == []
    shot(page, "dashboards-sen2")


def test_the_case_form_takes_the_sen2_person_items(
    page, live_server, manager, caseworker, north, axe, sign_in
):
    sign_in(page, manager, PASSWORD)
    child = caseworker.assigned_children.order_by("last_name").first()
    page.goto(f"{live_server.url}/cases/{child.pk}/edit/")
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Ethnicity").select_option("WROM")
    page.get_by_label("Reason there is no UPN").select_option("UN3")
    page.get_by_label("Unique pupil number (UPN)").fill("A123456789012")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Leave the reason there is no UPN empty when you give the UPN"
    )
    assert axe(page) == []
    shot(page, "case-form-sen2-items")


def test_what_needs_action_lists_another_bodys_passed_date_apart(
    page, live_server, manager, caseworker, team, axe, sign_in
):
    """The council's overdue steps and another body's passed date (to chase) on the
    What needs action page, at desktop (1280 px) and phone (375 px) widths."""
    from sen_portal.casework.models import Deadline

    today = datetime.date.today()
    late = ChildFactory(team=team, caseworker=caseworker, first_name="Ann", last_name="Late")
    advice = ChildFactory(team=team, caseworker=caseworker, first_name="Ben", last_name="Advice")
    for child, code in ((late, "final_plan"), (advice, "advice_due")):
        Deadline.objects.create(child=child, code=code, started_on=today - datetime.timedelta(
            weeks=20), due_on=today - datetime.timedelta(days=3))  # fmt: skip
    sign_in(page, manager, PASSWORD)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/dashboards/action/")
        expect(page.get_by_role("link", name="Overdue", exact=True)).to_be_visible()
        expect(page.locator("main")).to_contain_text("Ann Late")
        page.get_by_role("link", name="Another body’s date passed (to chase)").click()
        expect(page.locator("main")).to_contain_text("Ben Advice")
        assert axe(page) == []
        shot(page, f"dashboards-action-chase-{width}")
