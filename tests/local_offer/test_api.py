"""The Open Referral UK 3.0 API under /api/oruk/."""

import datetime
import uuid

import pytest
import time_machine
from django.urls import URLResolver, get_resolver, reverse

from local_offer.constants import (
    CATEGORY_TAXONOMY_ID,
    CATEGORY_TERM_IDS,
    DISABILITY_TERM_ID,
    NEEDS_TAXONOMY_ID,
    SEN_TERM_ID,
)
from tests.local_offer.factories import (
    ContactFactory,
    CostOptionFactory,
    LocationFactory,
    OrganizationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db
SERVICES = reverse("oruk:services")
ENVELOPE = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def get(client, path, params=None, status=200):
    response = client.get(path, params or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def ids(page) -> list[str]:
    return [item["id"] for item in page["contents"]]


def test_the_meta_endpoint_names_the_version_profile_and_openapi_document(client):
    meta = get(client, reverse("oruk:meta"))
    assert meta["version"] == "3.0"
    assert meta["profile"].startswith("https://")
    assert meta["openapi_url"] == "http://testserver/api/oruk/openapi.json"


def test_the_api_is_public_and_readable_from_any_website(client):
    response = client.get(SERVICES)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_api_is_read_only(client):
    assert client.post(SERVICES).status_code == 405


def test_the_openapi_document_describes_every_endpoint(client):
    document = get(client, reverse("oruk:openapi"))
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "http://testserver/api/oruk"}]
    api = next(
        pattern
        for pattern in get_resolver().url_patterns
        if isinstance(pattern, URLResolver) and pattern.namespace == "oruk"
    )
    routes = set()
    for pattern in api.url_patterns:
        if pattern.name == "openapi":
            continue
        kwargs = {name: "ID" for name in pattern.pattern.regex.groupindex}
        path = reverse(f"oruk:{pattern.name}", kwargs=kwargs).removeprefix("/api/oruk")
        routes.add(path.replace("ID", "{id}") or "/")
    assert routes == set(document["paths"])


def test_services_come_in_the_page_envelope(client):
    for name in ["Ann", "Bea", "Cal"]:
        ServiceFactory(name=name, published=True)
    page = get(client, SERVICES, {"per_page": 2})
    assert set(page) == ENVELOPE
    assert page["total_items"] == 3
    assert page["total_pages"] == 2
    assert page["page_number"] == 1
    assert page["size"] == 2
    assert (page["first_page"], page["last_page"], page["empty"]) == (True, False, False)
    assert [item["name"] for item in page["contents"]] == ["Ann", "Bea"]
    last = get(client, SERVICES, {"per_page": 2, "page": 2})
    assert [item["name"] for item in last["contents"]] == ["Cal"]
    assert (last["first_page"], last["last_page"], last["size"]) == (False, True, 1)


def test_a_page_past_the_end_is_empty(client):
    ServiceFactory(published=True)
    page = get(client, SERVICES, {"page": 5})
    assert page["contents"] == []
    assert page["empty"] is True
    assert page["total_items"] == 1


def test_an_empty_directory_is_an_empty_page(client):
    page = get(client, SERVICES)
    assert (page["total_items"], page["total_pages"], page["empty"]) == (0, 0, True)


@pytest.mark.parametrize(
    "params,parameter",
    [
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"per_page": "201"}, "per_page"),
        ({"taxonomy_term_id": "health"}, "taxonomy_term_id"),
        ({"organization_id": "123"}, "organization_id"),
        ({"minimum_age": "-1"}, "minimum_age"),
        ({"modified_after": "last tuesday"}, "modified_after"),
    ],
)
def test_a_malformed_parameter_is_a_400_that_names_it(client, params, parameter):
    error = get(client, SERVICES, params, status=400)
    assert error["parameter"] == parameter


def test_only_published_services_are_listed(client):
    published = ServiceFactory(published=True)
    ServiceFactory()
    assert ids(get(client, SERVICES)) == [str(published.pk)]


def test_a_listed_service_has_its_one_to_one_fields_and_organisation(client):
    service = ServiceFactory(
        published=True,
        name="Speech therapy",
        minimum_age=2,
        maximum_age=18,
        url="https://example.org/speech",
        alert="Closed in August",
    )
    item = get(client, SERVICES)["contents"][0]
    assert item["id"] == str(service.pk)
    assert item["organization_id"] == str(service.organization_id)
    assert item["organization"]["name"] == service.organization.name
    assert item["status"] == "active"
    assert item["url"] == "https://example.org/speech"
    assert (item["minimum_age"], item["maximum_age"]) == (2, 18)
    assert item["alert"] == "Closed in August"
    assert item["assured_date"] == service.assured_date.isoformat()
    assert item["last_modified"].endswith("Z")
    assert "contacts" not in item  # lists carry one-to-one fields only


def test_a_service_without_a_website_links_to_its_local_offer_page(client):
    service = ServiceFactory(published=True, url="")
    item = get(client, SERVICES)["contents"][0]
    assert item["url"] == f"http://testserver/local-offer/services/{service.pk}/"


def test_search_uses_full_text_search(client):
    ServiceFactory(name="Children's therapies", published=True)
    ServiceFactory(name="Holiday club", published=True)
    assert [item["name"] for item in get(client, SERVICES, {"search": "therapy"})["contents"]] == [
        "Children's therapies"
    ]


def test_the_taxonomy_filters_find_services_by_category(client):
    travel = ServiceFactory(published=True, categories=["travel"])
    ServiceFactory(published=True, categories=["health"])
    found = get(client, SERVICES, {"taxonomy_term_id": str(CATEGORY_TERM_IDS["travel"])})
    assert ids(found) == [str(travel.pk)]
    everything = get(client, SERVICES, {"taxonomy_id": str(CATEGORY_TAXONOMY_ID)})
    assert everything["total_items"] == 2
    nothing = get(client, SERVICES, {"taxonomy_id": str(uuid.uuid4())})
    assert nothing["total_items"] == 0


def test_the_needs_terms_filter_by_whom_a_service_is_for(client):
    sen = ServiceFactory(published=True, needs_served="sen", name="A")
    disability = ServiceFactory(published=True, needs_served="disability", name="B")
    both = ServiceFactory(published=True, needs_served="both", name="C")
    assert ids(get(client, SERVICES, {"taxonomy_term_id": str(SEN_TERM_ID)})) == [
        str(sen.pk),
        str(both.pk),
    ]
    assert ids(get(client, SERVICES, {"taxonomy_term_id": str(DISABILITY_TERM_ID)})) == [
        str(disability.pk),
        str(both.pk),
    ]
    assert get(client, SERVICES, {"taxonomy_id": str(NEEDS_TAXONOMY_ID)})["total_items"] == 3


def test_age_filters_follow_the_standard(client):
    ServiceFactory(published=True, name="Toddlers", minimum_age=0, maximum_age=4)
    ServiceFactory(published=True, name="Teens", minimum_age=13, maximum_age=19)
    ServiceFactory(published=True, name="Everyone", minimum_age=0, maximum_age=25)

    def names(params):
        return [item["name"] for item in get(client, SERVICES, params)["contents"]]

    # minimum_age: services whose minimum age is at least the value.
    assert names({"minimum_age": 5}) == ["Teens"]
    # maximum_age: services whose maximum age is at most the value.
    assert names({"maximum_age": 19}) == ["Teens", "Toddlers"]


def test_organization_and_modified_after_filters(client):
    with time_machine.travel(datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC)):
        old = ServiceFactory(published=True)
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)):
        new = ServiceFactory(published=True)
    by_org = get(client, SERVICES, {"organization_id": str(old.organization_id)})
    assert ids(by_org) == [str(old.pk)]
    assert ids(get(client, SERVICES, {"modified_after": "2026-02-01T00:00:00Z"})) == [str(new.pk)]
    assert ids(get(client, SERVICES, {"modified_after": "2026-02-01"})) == [str(new.pk)]
    assert get(client, SERVICES, {"modified_after": "2026-04-01T00:00:00+01:00"})["empty"]


def full_service():
    service = ServiceFactory(published=True, categories=["health"], needs_served="both")
    contact = ContactFactory(service=service, name="Therapy team", title="")
    PhoneFactory(contact=contact, number="01632 960123")
    ServiceAtLocationFactory(
        service=service,
        location=LocationFactory(name="Health Centre", postcode="ZZ1 4CD", accessibility="Lift"),
    )
    ScheduleFactory(service=service, byday="MO,WE")
    CostOptionFactory(service=service, amount=5, amount_description="per session")
    service.languages.create(name="Polish", code="pl")
    return service


def test_a_service_is_fully_nested(client):
    service = full_service()
    item = get(client, reverse("oruk:service", args=[service.pk]))
    assert item["id"] == str(service.pk)
    assert item["organization"]["id"] == str(service.organization_id)
    [link] = item["service_at_locations"]
    location = link["location"]
    assert location["name"] == "Health Centre"
    assert (location["latitude"], location["longitude"]) == (54.6, -1.55)
    [address] = location["addresses"]
    assert address["postal_code"] == "ZZ1 4CD"
    assert address["address_type"] == "physical"
    assert address["country"] == "GB"
    assert location["accessibility"][0]["description"] == "Lift"
    [contact] = item["contacts"]
    assert contact["name"] == "Therapy team"
    assert "title" not in contact  # empty optional fields are left out, not null
    assert contact["phones"][0]["number"] == "01632 960123"
    [schedule] = item["schedules"]
    assert (schedule["freq"], schedule["byday"], schedule["opens_at"]) == (
        "WEEKLY",
        "MO,WE",
        "09:30:00",
    )
    [cost] = item["cost_options"]
    assert (cost["amount"], cost["amount_description"]) == (5.0, "per session")
    assert item["languages"][0]["name"] == "Polish"
    assert item["service_areas"] == [] and item["funding"] == []


def test_a_services_attributes_carry_its_categories_and_whom_it_is_for(client):
    service = full_service()
    item = get(client, reverse("oruk:service", args=[service.pk]))
    terms = {
        attribute["taxonomy_term"]["id"]: attribute["taxonomy_term"]
        for attribute in item["attributes"]
    }
    assert set(terms) == {
        str(CATEGORY_TERM_IDS["health"]),
        str(SEN_TERM_ID),
        str(DISABILITY_TERM_ID),
    }
    health = terms[str(CATEGORY_TERM_IDS["health"])]
    assert health["taxonomy_id"] == str(CATEGORY_TAXONOMY_ID)
    assert health["taxonomy"] == "Local offer categories"
    for attribute in item["attributes"]:
        assert attribute["link_id"] == str(service.pk)
        assert attribute["taxonomy_term_id"] == attribute["taxonomy_term"]["id"]
    # Derived attribute ids are stable between requests.
    again = get(client, reverse("oruk:service", args=[service.pk]))
    assert [a["id"] for a in again["attributes"]] == [a["id"] for a in item["attributes"]]


@pytest.mark.parametrize("which", ["draft", "unknown", "malformed"])
def test_drafts_unknown_and_malformed_ids_are_a_json_404(client, which):
    service_id = {
        "draft": lambda: str(ServiceFactory().pk),
        "unknown": lambda: str(uuid.uuid4()),
        "malformed": lambda: "not-a-uuid",
    }[which]()
    error = get(client, f"/api/oruk/services/{service_id}", status=404)
    assert error == {"detail": "Not found"}


def test_paths_work_with_or_without_a_trailing_slash(client):
    service = ServiceFactory(published=True)
    assert get(client, "/api/oruk/services/")["total_items"] == 1
    assert get(client, f"/api/oruk/services/{service.pk}/")["id"] == str(service.pk)


def test_the_service_list_uses_the_same_number_of_queries_for_2_or_20(
    client, django_assert_num_queries
):
    for _ in range(2):
        ServiceFactory(published=True)
    # Count, one page of services with their organisations.
    with django_assert_num_queries(2):
        client.get(SERVICES)
    for _ in range(18):
        ServiceFactory(published=True)
    with django_assert_num_queries(2):
        client.get(SERVICES)


# What fully nests services (api/nested.py), whatever their number: attributes; their
# terms and the needs terms, with taxonomies; the organisations' identifiers; languages;
# schedules; costs; service areas; funding; contacts with their phones; places with
# their locations.
NESTING_QUERIES = 10


def test_a_nested_service_uses_a_fixed_number_of_queries(client, django_assert_num_queries):
    service = full_service()
    ContactFactory(service=service)
    ServiceAtLocationFactory(service=service)
    # The service with its organisation, then the nesting.
    with django_assert_num_queries(1 + NESTING_QUERIES):
        client.get(reverse("oruk:service", args=[service.pk]))


def test_a_page_of_full_services_uses_the_same_number_of_queries_for_2_or_20(
    client, django_assert_num_queries
):
    for _ in range(2):
        full_service()
    # Count, the page of services with their organisations, then the nesting.
    with django_assert_num_queries(2 + NESTING_QUERIES):
        client.get(SERVICES, {"full": "true"})
    for _ in range(18):
        full_service()
    with django_assert_num_queries(2 + NESTING_QUERIES):
        body = get(client, SERVICES, {"full": "true", "per_page": 50})
    assert body["size"] == 20


def test_an_organization_with_full_services_uses_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    service = full_service()
    for _ in range(4):
        other = full_service()
        other.organization = service.organization
        other.save()
    # The organisation; its identifiers; its published services; then the nesting, but
    # for the identifiers it has already.
    with django_assert_num_queries(3 + NESTING_QUERIES - 1):
        item = get(
            client,
            reverse("oruk:organization", args=[service.organization_id]),
            {"full_service": "true"},
        )
    assert len(item["services"]) == 5


def test_a_page_of_full_services_nests_each_as_its_own_document(client):
    """The page's nesting (api/nested.py, for many services at once) gives each service
    the document /services/{id} gives it, and the other nested lists agree with it."""
    services = [full_service() for _ in range(3)]
    ContactFactory(service=services[0])  # a contact without a phone
    PhoneFactory(contact=services[1].contacts.get())  # a second phone
    ServiceAtLocationFactory(service=services[2])  # a second place
    ServiceFactory(published=True)  # nothing nested
    page = get(client, SERVICES, {"full": "true"})
    assert page["size"] == 4
    for item in page["contents"]:
        assert item == get(client, reverse("oruk:service", args=[item["id"]]))
    links = get(client, reverse("oruk:service_at_locations"), {"full": "true"})["contents"]
    for link in links:
        assert link["service"] == get(client, reverse("oruk:service", args=[link["service_id"]]))
    organization = get(
        client,
        reverse("oruk:organization", args=[services[0].organization_id]),
        {"full_service": "true"},
    )
    assert organization["services"] == [get(client, reverse("oruk:service", args=[services[0].pk]))]


def test_taxonomies_list_with_their_terms(client):
    page = get(client, reverse("oruk:taxonomies"))
    assert set(page) == ENVELOPE
    names = {item["name"]: item for item in page["contents"]}
    categories = names["Local offer categories"]
    assert categories["id"] == str(CATEGORY_TAXONOMY_ID)
    assert len(categories["taxonomy_terms"]) == 8
    one = get(client, reverse("oruk:taxonomy", args=[NEEDS_TAXONOMY_ID]))
    assert {term["code"] for term in one["taxonomy_terms"]} == {"sen", "disability"}
    get(client, reverse("oruk:taxonomy", args=[uuid.uuid4()]), status=404)


def test_taxonomy_terms_list_filter_and_detail(client):
    page = get(client, reverse("oruk:taxonomy_terms"))
    assert page["total_items"] == 10
    needs = get(client, reverse("oruk:taxonomy_terms"), {"taxonomy_id": str(NEEDS_TAXONOMY_ID)})
    assert needs["total_items"] == 2
    term = get(client, reverse("oruk:taxonomy_term", args=[CATEGORY_TERM_IDS["travel"]]))
    assert term["term"] == "Travel and transport"
    assert term["taxonomy"] == "Local offer categories"
    get(client, reverse("oruk:taxonomy_term", args=["nope"]), status=404)


def test_services_at_locations_list_and_filter_by_postcode(client):
    north = ServiceAtLocationFactory(
        service=ServiceFactory(published=True, name="North"),
        location=LocationFactory(postcode="ZZ1 1AA"),
    )
    ServiceAtLocationFactory(
        service=ServiceFactory(published=True, name="South"),
        location=LocationFactory(postcode="ZZ2 3BB"),
    )
    ServiceAtLocationFactory(service=ServiceFactory(name="Draft"))
    page = get(client, reverse("oruk:service_at_locations"))
    assert page["total_items"] == 2
    item = page["contents"][0]
    assert item["id"] == str(north.pk)
    assert item["service"]["name"] == "North"
    assert item["location"]["id"] == str(north.location_id)
    found = get(client, reverse("oruk:service_at_locations"), {"postcode": "zz11aa"})
    assert ids(found) == [str(north.pk)]
    older = get(client, reverse("oruk:service_at_locations"), {"minimum_age": 30})
    assert older["empty"]


def test_a_service_at_location_is_fully_nested_and_drafts_are_hidden(client):
    service = full_service()
    link = service.service_at_locations.get()
    item = get(client, reverse("oruk:service_at_location", args=[link.pk]))
    assert item["id"] == str(link.pk)
    assert item["location"]["addresses"][0]["postal_code"] == "ZZ1 4CD"
    assert item["service"]["contacts"][0]["phones"][0]["number"] == "01632 960123"
    draft_link = ServiceAtLocationFactory()
    get(client, reverse("oruk:service_at_location", args=[draft_link.pk]), status=404)


def test_organizations_are_listed_only_when_they_run_a_published_service(client):
    running = ServiceFactory(published=True).organization
    OrganizationFactory()
    ServiceFactory()  # a draft's organisation
    page = get(client, reverse("oruk:organizations"))
    assert ids(page) == [str(running.pk)]
    detail = get(client, reverse("oruk:organization", args=[running.pk]))
    assert [service["organization_id"] for service in detail["services"]] == [str(running.pk)]
    hidden = OrganizationFactory()
    get(client, reverse("oruk:organization", args=[hidden.pk]), status=404)


def test_services_at_locations_can_be_searched(client):
    ServiceAtLocationFactory(service=ServiceFactory(published=True, name="Speech therapy"))
    ServiceAtLocationFactory(service=ServiceFactory(published=True, name="Holiday club"))
    page = get(client, reverse("oruk:service_at_locations"), {"search": "therapies"})
    assert [item["service"]["name"] for item in page["contents"]] == ["Speech therapy"]


def test_the_service_at_location_list_uses_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    for _ in range(3):
        ServiceAtLocationFactory(service=ServiceFactory(published=True))
    # Count, one page with services, organisations and locations.
    with django_assert_num_queries(2):
        client.get(reverse("oruk:service_at_locations"))
    for _ in range(7):
        ServiceAtLocationFactory(service=ServiceFactory(published=True))
    with django_assert_num_queries(2):
        client.get(reverse("oruk:service_at_locations"))
