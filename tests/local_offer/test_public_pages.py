import datetime
import uuid

import pytest
from django.urls import reverse

from local_offer.constants import INFORMATION_PAGES
from tests.local_offer.factories import (
    ContactFactory,
    CostOptionFactory,
    LocationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db
SEARCH = reverse("local_offer_public:search")


def service_url(service) -> str:
    return reverse("local_offer_public:service", args=[service.pk])


def full_service(**overrides):
    """A published entry with one of everything a family needs to make contact."""
    service = ServiceFactory(published=True, categories=["health", "leisure"], **overrides)
    contact = ContactFactory(service=service, name="Therapy team", email="therapy@example.org")
    PhoneFactory(contact=contact, number="01632 960123")
    ServiceAtLocationFactory(
        service=service,
        location=LocationFactory(name="Northtown Health Centre", accessibility="Step-free"),
    )
    ScheduleFactory(
        service=service,
        byday="MO,WE",
        opens_at=datetime.time(9, 30),
        closes_at=datetime.time(12),
    )
    CostOptionFactory(service=service, amount=5, amount_description="per session")
    return service


def test_anyone_can_search_the_local_offer_without_signing_in(client):
    ServiceFactory(name="Inclusive swimming", published=True)
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert "Inclusive swimming" in response.text
    assert "1 service" in response.text


def test_the_search_page_links_to_every_required_information_page(client):
    response = client.get(SEARCH)
    for slug, (title, _summary) in INFORMATION_PAGES.items():
        assert reverse("local_offer_public:information", args=[slug]) in response.text
        assert title in response.text


def test_a_search_that_finds_nothing_says_so(client):
    ServiceFactory(name="Inclusive swimming", published=True)
    response = client.get(SEARCH, {"q": "astronomy"})
    assert "No services match your search" in response.text


def test_filters_narrow_the_results_and_stay_selected(client):
    ServiceFactory(name="Swimming for toddlers", maximum_age=4, published=True)
    ServiceFactory(name="Teen club", minimum_age=13, maximum_age=19, published=True)
    response = client.get(SEARCH, {"age": "15", "category": ["leisure"], "cost": "free"})
    # No service is in the leisure category, so both are filtered out.
    assert "No services match" in response.text
    response = client.get(SEARCH, {"age": "15"})
    assert "Teen club" in response.text
    assert "Swimming for toddlers" not in response.text
    assert 'value="15"' in response.text


def test_an_impossible_age_is_shown_in_an_error_summary_and_ignored(client):
    ServiceFactory(name="Teen club", published=True)
    response = client.get(SEARCH, {"age": "40"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert 'href="#id_age"' in response.text
    assert "Enter an age from 0 to 25" in response.text
    assert "Teen club" in response.text


def test_results_are_paginated_and_page_links_keep_the_search(client):
    for number in range(25):
        ServiceFactory(name=f"Club {number:02d}", published=True)
    response = client.get(SEARCH, {"q": "club"})
    assert "Showing 1 to 20" in response.text
    assert "?q=club&amp;page=2" in response.text
    second = client.get(SEARCH, {"q": "club", "page": "2"})
    assert "Showing 21 to 25" in second.text
    assert "Club 24" in second.text


def test_the_search_page_uses_the_same_number_of_queries_for_3_or_20_results(
    client, django_assert_num_queries
):
    def make(count):
        for _ in range(count):
            service = ServiceFactory(published=True, categories=["health", "travel"])
            ServiceAtLocationFactory(service=service)

    make(3)
    # The count for the paginator, one page of services with their organisations and
    # whether they cost money, their categories, their places.
    with django_assert_num_queries(4):
        client.get(SEARCH)
    make(17)
    with django_assert_num_queries(4):
        response = client.get(SEARCH)
    assert "20 services" in response.text


def test_a_service_page_has_everything_needed_to_make_contact(client):
    service = full_service(name="Speech therapy", application_process="Ask your GP to refer.")
    response = client.get(service_url(service))
    assert response.status_code == 200
    text = response.text
    for expected in [
        "Speech therapy",
        "Ask your GP to refer.",
        "Therapy team",
        'href="tel:01632960123"',
        "mailto:therapy@example.org",
        "Northtown Health Centre",
        "ZZ1 1AA",
        "Step-free",
        "Monday and Wednesday, 9:30am to midday",
        "£5.00 per session",
        "Health",
        "Leisure and activities",
    ]:
        assert expected in text, expected


def test_a_service_page_says_whom_the_service_is_for(client):
    service = ServiceFactory(published=True, needs_served="disability")
    response = client.get(service_url(service))
    assert "Disabled children and young people who do not have SEN" in response.text


def test_a_free_service_says_it_is_free(client):
    service = ServiceFactory(published=True, is_free=True)
    response = client.get(service_url(service))
    assert "Free" in response.text


def test_a_service_without_costs_does_not_claim_to_be_free(client):
    service = ServiceFactory(published=True)
    response = client.get(service_url(service))
    assert "Cost not given" in response.text


def test_a_service_page_uses_a_fixed_number_of_queries(client, django_assert_num_queries):
    service = full_service()
    ContactFactory(service=service)
    # The entry with its organisation, then categories, languages, opening times, costs,
    # contacts, their phones, and places.
    with django_assert_num_queries(8):
        response = client.get(service_url(service))
    assert response.status_code == 200


@pytest.mark.parametrize("draft", [True, False])
def test_drafts_and_unknown_services_are_not_found(client, draft):
    service_id = ServiceFactory().pk if draft else uuid.uuid4()
    path = reverse("local_offer_public:service", args=[service_id])
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("slug", list(INFORMATION_PAGES))
def test_each_information_page_is_public_and_titled(client, slug):
    response = client.get(reverse("local_offer_public:information", args=[slug]))
    assert response.status_code == 200
    title = INFORMATION_PAGES[slug][0]
    assert f'<h1 class="govuk-heading-l">{title}</h1>' in response.text


def test_the_assessment_page_gives_the_statutory_timescales(client):
    response = client.get(reverse("local_offer_public:information", args=["ehc-needs-assessment"]))
    assert "Within 6 weeks" in response.text
    assert "20 weeks" in response.text


def test_an_unknown_information_page_is_not_found(client):
    response = client.get(reverse("local_offer_public:information", args=["tax-returns"]))
    assert response.status_code == 404


def test_public_pages_are_for_reading_only(client):
    assert client.post(SEARCH).status_code == 405
