"""The ceasing page, the disagreement page and the case page panels in a real browser,
with axe-core's WCAG 2.2 AA checks; screenshots go to /tmp/shots for review."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

import pytest

from disagreements import services
from tests.factories import PASSWORD
from tests.journeys import DECIDED_ON

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date
# Screenshots for a person to look at (not compared by the test).
SHOTS = Path(tempfile.gettempdir()) / "shots"


def test_the_ceasing_and_disagreement_pages_in_a_browser(
    page, live_server, caseworker, decided, axe, sign_in, time_machine
):
    d = services.disagreement_record(
        child=decided.child,
        kind="cease",
        decision_on=DECIDED_ON,
        decision=decided,
        summary="The family think Sam still needs the support in section F.",
        acting_user=caseworker,
    )
    services.disagreement_contact_adviser(disagreement=d, on=DECIDED_ON, acting_user=caseworker)
    services.disagreement_request_mediation(disagreement=d, on=DECIDED_ON, acting_user=caseworker)
    # Let the clock run (the browser and the server need it), from the decision day.
    time_machine.move_to(datetime.datetime(2030, 10, 1, 9, 0, tzinfo=datetime.UTC), tick=True)
    sign_in(page, caseworker, PASSWORD)
    SHOTS.mkdir(exist_ok=True)

    page.goto(f"{live_server.url}/ceasing/{decided.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ceasing the EHC plan"
    banner = page.locator("#ceasing-dates").inner_text()
    assert "The plan ends on Tuesday 3 December 2030 unless the family appeal by Monday 2 " in (
        banner
    )
    assert axe(page) == []
    page.screenshot(path=SHOTS / "ceasing_page.png", full_page=True)

    page.goto(f"{live_server.url}/disagreements/{d.pk}/")
    assert "Mediation to be held by" in page.locator("#mediation-due").inner_text()
    assert axe(page) == []
    page.screenshot(path=SHOTS / "disagreement_page.png", full_page=True)

    page.goto(f"{live_server.url}/cases/{decided.child_id}/")
    panel = page.locator("#disagreement-panel")
    assert "To cease to maintain the EHC plan" in panel.inner_text()
    assert "Mediation requested" in panel.inner_text()
    assert "Appeal deadline 2 December 2030" in page.locator("#ceasing-panel").inner_text()
    assert axe(page) == []
    panel.screenshot(path=SHOTS / "disagreement_panel.png")
    page.locator("#ceasing-panel").screenshot(path=SHOTS / "ceasing_panel.png")

    page.goto(f"{live_server.url}/disagreements/")
    assert "Sam Example" in page.locator("#disagreements").inner_text()
    assert axe(page) == []
    page.screenshot(path=SHOTS / "disagreement_list.png", full_page=True)


def test_orders_agreements_and_a_late_contact_in_a_browser(
    page, live_server, caseworker, decided, axe, sign_in, time_machine
):
    """The disagreement page with what the council must do (one order done late, one to
    do, a recommendation) and a late adviser contact, at desktop and phone widths."""
    time_machine.move_to(datetime.datetime(2030, 12, 5, 9, 0, tzinfo=datetime.UTC))
    d = services.disagreement_record(
        child=decided.child,
        kind="cease",
        decision_on=DECIDED_ON,
        decision=decided,
        acting_user=caseworker,
    )
    # 2 months from Tuesday 1 October 2030: Sunday 1 December; contacted on 3 December.
    services.disagreement_contact_adviser(
        disagreement=d, on=D(2030, 12, 3), by="parent", acting_user=caseworker
    )
    services.disagreement_issue_certificate(
        disagreement=d, on=D(2030, 12, 4), acting_user=caseworker
    )
    services.disagreement_lodge_appeal(
        disagreement=d, on=D(2030, 12, 5), reference="EH1/30/9", acting_user=caseworker
    )
    time_machine.move_to(datetime.datetime(2031, 2, 10, 9, 0, tzinfo=datetime.UTC))
    services.disagreement_set_hearing(
        disagreement=d, hearing_on=D(2031, 2, 10), acting_user=caseworker
    )
    d = services.disagreement_record_outcome(
        disagreement=d, on=D(2031, 2, 10), outcome="allowed", acting_user=caseworker
    )
    services.disagreement_orders_add(
        disagreement=d,
        kind="continue_and_amend",
        made_on=D(2031, 2, 10),
        detail="Section F to include 10 hours of teaching assistant support a week.",
        acting_user=caseworker,
    )
    services.disagreement_recommendation_add(
        disagreement=d,
        made_on=D(2031, 2, 10),
        body="North Integrated Care Board",
        detail="Weekly occupational therapy for handwriting.",
        acting_user=caseworker,
    )
    time_machine.move_to(datetime.datetime(2031, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=True)
    sign_in(page, caseworker, PASSWORD)
    SHOTS.mkdir(exist_ok=True)

    page.goto(f"{live_server.url}/disagreements/{d.pk}/")
    assert "contacted late" in page.locator("#contact-late").inner_text()
    orders = page.locator("#orders").inner_text()
    assert "Continue and amend the plan" in orders and "17 Mar 2031" in orders
    assert "North Integrated Care Board" in orders
    assert axe(page) == []
    page.screenshot(path=SHOTS / "orders_page.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/disagreements/{d.pk}/")
    page.screenshot(path=SHOTS / "orders_page_phone.png", full_page=True)
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1 && !e.closest('.app-table-scroll')).map(e => e.tagName + '.'"
        " + e.className).slice(0, 5)"
    )
    assert wide == []
    page.goto(f"{live_server.url}/disagreements/{d.pk}/orders/new/")
    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=SHOTS / "order_form_phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/cases/{decided.child_id}/")
    panel = page.locator("#disagreement-panel")
    assert "Mediation adviser contacted after 1 December 2030" in panel.inner_text()
    assert axe(page) == []
    panel.screenshot(path=SHOTS / "orders_panel.png")
