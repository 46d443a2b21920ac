"""Search and filters, on PostgreSQL full-text search (the test database is PostgreSQL)."""

import pytest
from django.db import connection

from local_offer.selectors import ServiceFilters, public_service_list
from local_offer.services.directory import organization_update, service_update
from tests.local_offer.factories import CostOptionFactory, OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def names(**filters) -> list[str]:
    return [service.name for service in public_service_list(filters=ServiceFilters(**filters))]


def test_the_test_database_is_postgresql():
    # These tests are about PostgreSQL full-text search; on SQLite they would prove nothing.
    assert connection.vendor == "postgresql"


def test_only_published_services_are_listed():
    ServiceFactory(name="Published swimming", published=True)
    ServiceFactory(name="Draft swimming")
    assert names() == ["Published swimming"]
    assert names(q="swimming") == ["Published swimming"]


def test_search_matches_other_forms_of_a_word():
    ServiceFactory(
        name="Children's therapies",
        description="Speech and language therapy for children.",
        published=True,
    )
    ServiceFactory(name="Holiday club", description="Games and trips.", published=True)
    assert names(q="therapy") == ["Children's therapies"]
    assert names(q="languages") == ["Children's therapies"]


def test_a_match_in_the_name_ranks_above_a_match_in_the_description():
    ServiceFactory(
        name="Parent support group",
        description="Includes a session about sleep.",
        published=True,
    )
    ServiceFactory(name="Sleep clinic", description="Help for families.", published=True)
    assert names(q="sleep") == ["Sleep clinic", "Parent support group"]


def test_search_finds_a_service_by_its_organisation_and_its_category():
    provider = OrganizationFactory(name="Northshire SENDIASS")
    ServiceFactory(
        name="Advice line",
        organization=provider,
        categories=["family_support"],
        published=True,
    )
    assert names(q="sendiass") == ["Advice line"]
    assert names(q="families") == ["Advice line"]  # "Advice and support for families"


def test_search_follows_changes_to_the_service_and_its_organisation(editor):
    service = ServiceFactory(name="Drop-in", description="Come along.", published=True)
    assert names(q="trampoline") == []
    service_update(
        acting_user=editor, service=service, data={"description": "Trampoline sessions."}
    )
    assert names(q="trampoline") == ["Drop-in"]
    organization_update(
        acting_user=editor, organization=service.organization, data={"name": "Bounce Trust"}
    )
    assert names(q="bounce") == ["Drop-in"]


def test_a_search_with_quotes_and_symbols_does_not_fail():
    ServiceFactory(name="Youth club", published=True)
    assert names(q='"youth club" -football & | !') == ["Youth club"]
    assert names(q="the") == []  # only a stop word: nothing to search for


def test_the_category_filter_keeps_services_in_any_chosen_category():
    ServiceFactory(name="Swimming", categories=["leisure"], published=True)
    ServiceFactory(name="Travel training", categories=["travel", "adulthood"], published=True)
    ServiceFactory(name="Speech therapy", categories=["health"], published=True)
    assert names(categories=["travel"]) == ["Travel training"]
    assert names(categories=["leisure", "adulthood"]) == ["Swimming", "Travel training"]


def test_the_age_filter_keeps_services_whose_range_includes_the_age():
    ServiceFactory(name="Early years", minimum_age=0, maximum_age=5, published=True)
    ServiceFactory(name="Teenagers", minimum_age=13, maximum_age=19, published=True)
    assert names(age=5) == ["Early years"]
    assert names(age=13) == ["Teenagers"]
    assert names(age=21) == []


def test_the_needs_filter_includes_services_for_both():
    ServiceFactory(name="For SEN", needs_served="sen", published=True)
    ServiceFactory(name="For disability", needs_served="disability", published=True)
    ServiceFactory(name="For both", needs_served="both", published=True)
    assert names(needs="sen") == ["For both", "For SEN"]
    assert names(needs="disability") == ["For both", "For disability"]


def test_the_cost_filter_treats_a_zero_price_as_free():
    ServiceFactory(name="No costs", published=True, is_free=True)
    ServiceFactory(name="Costs not given", published=True)
    concession = ServiceFactory(name="Free for all", published=True)
    CostOptionFactory(service=concession, amount=0)
    paid = ServiceFactory(name="Paid", published=True)
    CostOptionFactory(service=paid, amount=5)
    assert names(cost="free") == ["Free for all", "No costs"]
    assert names(cost="paid") == ["Paid"]


def test_search_and_filters_combine():
    ServiceFactory(name="Swimming for teenagers", minimum_age=12, maximum_age=18, published=True)
    ServiceFactory(name="Swimming for toddlers", minimum_age=0, maximum_age=4, published=True)
    assert names(q="swimming", age=3) == ["Swimming for toddlers"]
