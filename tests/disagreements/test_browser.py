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
