"""The local offer in a real Chromium: a family's journey on a phone-sized screen, and
axe-core on every public page and an editor's page (WCAG 2.2 AA)."""

import os

import pytest

from local_offer.models import Comment
from tests.factories import PASSWORD
from tests.local_offer.factories import (
    CommentFactory,
    CommentResponseFactory,
    ContactFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory():
    service = ServiceFactory(
        name="Inclusive swimming",
        published=True,
        categories=["leisure"],
        minimum_age=4,
        maximum_age=18,
    )
    contact = ContactFactory(service=service, name="Swim club")
    PhoneFactory(contact=contact, number="01632 960321")
    ServiceAtLocationFactory(service=service)
    ScheduleFactory(service=service)
    ServiceFactory(name="Speech therapy", published=True, categories=["health"])
    answer = CommentResponseFactory(published=True)
    CommentFactory(response=answer, status=Comment.Status.PUBLISHED)
    return service


def test_a_family_finds_a_service_and_its_phone_number_on_a_phone(
    page, live_server, axe, directory
):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/local-offer/")
    assert axe(page) == []
    page.get_by_label("Search", exact=True).fill("swimming")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Inclusive swimming").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Inclusive swimming"
    assert page.get_by_role("link", name="01632 960321").get_attribute("href") == (
        "tel:01632960321"
    )
    assert axe(page) == []
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_filters_and_their_errors_are_accessible(page, live_server, axe, directory):
    page.goto(f"{live_server.url}/local-offer/?age=99")
    summary = page.locator(".govuk-error-summary")
    assert "Enter an age from 0 to 25" in summary.inner_text()
    assert axe(page) == []
    summary.get_by_role("link", name="Enter an age from 0 to 25").click()
    assert page.evaluate("document.activeElement.id") == "id_age"
    page.get_by_label("Age of the child or young person").fill("10")
    page.get_by_label("Health").check()
    page.get_by_role("button", name="Apply filters").click()
    assert page.get_by_role("link", name="Speech therapy").is_visible()
    assert page.get_by_role("link", name="Inclusive swimming").count() == 0


@pytest.mark.parametrize(
    "path",
    [
        "/local-offer/information/ehc-needs-assessment/",
        "/local-offer/information/complaints-and-appeals/",
        "/local-offer/information/personal-budgets/",
        "/local-offer/information/transport/",
        "/local-offer/information/preparing-for-adulthood/",
        "/local-offer/you-said-we-did/",
        "/local-offer/comment/",
    ],
)
def test_public_pages_have_no_accessibility_violations(page, live_server, axe, directory, path):
    page.goto(f"{live_server.url}{path}")
    assert axe(page) == []


def test_a_comment_with_mistakes_shows_accessible_errors_then_is_sent(page, live_server, axe):
    page.goto(f"{live_server.url}/local-offer/comment/")
    page.get_by_role("button", name="Send comment").click()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert axe(page) == []
    page.get_by_label("Travel and transport").check()
    page.get_by_label("Your comment").fill("The bus pass form was hard to find.")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Send comment").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Comment sent"
    assert axe(page) == []
    assert Comment.objects.get().body == "The bus pass form was hard to find."


def test_an_editor_publishes_an_entry(page, live_server, axe, sign_in, editor):
    service = ServiceFactory(name="Sensory play")
    sign_in(page, editor, PASSWORD)
    page.goto(f"{live_server.url}/local-offer/manage/")
    assert axe(page) == []
    page.get_by_role("link", name="Sensory play").click()
    assert axe(page) == []
    page.get_by_role("button", name="Publish").click()
    assert "is published" in page.locator(".govuk-notification-banner").inner_text()
    service.refresh_from_db()
    assert service.status == "published"


def test_a_family_searches_by_distance_from_their_postcode_on_a_phone(
    page, live_server, axe, directory
):
    from decimal import Decimal

    from local_offer.models import Postcode
    from tests.local_offer.factories import LocationFactory

    Postcode.objects.create(postcode="ZZ1 1AA", latitude="54.600000", longitude="-1.550000")
    far = ServiceFactory(name="Coastal sailing club", published=True, categories=["leisure"])
    ServiceAtLocationFactory(
        service=far,
        location=LocationFactory(latitude=Decimal("54.700000"), longitude=Decimal("-1.300000")),
    )
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/local-offer/?postcode=ZZ9+9ZZ")
    summary = page.locator(".govuk-error-summary")
    assert "We cannot find the postcode ZZ9 9ZZ" in summary.inner_text()
    assert axe(page) == []
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_postcode"
    page.get_by_label("Postcode").fill("zz1 1aa")
    page.get_by_label("Distance").select_option("3")
    page.get_by_role("button", name="Apply filters").click()
    assert "within 3 miles of ZZ1 1AA, nearest first" in page.locator("[role=status]").inner_text()
    assert page.get_by_role("link", name="Inclusive swimming").is_visible()
    assert page.get_by_role("link", name="Coastal sailing club").count() == 0
    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # SHOTS_DIR=/tmp/shots keeps a picture of the page to look at.
    if os.environ.get("SHOTS_DIR"):
        page.screenshot(
            path=f"{os.environ['SHOTS_DIR']}/local_offer_distance_375.png", full_page=True
        )
