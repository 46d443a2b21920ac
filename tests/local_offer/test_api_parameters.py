"""Every query parameter the official ORUK 3.0 openapi.json declares is honoured, or
refused with a 400 that names it; HEAD and OPTIONS answer, with CORS on the preflight."""

import json

import pytest

from local_offer.api.representations import minimal_service
from local_offer.api.standard import official_openapi
from local_offer.constants import CATEGORY_TAXONOMY_ID, CATEGORY_TERM_IDS, DISABILITY_TERM_ID
from local_offer.models import Service, TaxonomyTerm
from tests.local_offer.factories import (
    LocationFactory,
    OrganizationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/oruk"


def _declared() -> list[tuple[str, str]]:
    document = official_openapi()
    found = []
    for path, item in document["paths"].items():
        for parameter in item.get("get", {}).get("parameters", []):
            if "$ref" in parameter:
                name = parameter["$ref"].rsplit("/", 1)[-1]
                parameter = document["components"]["parameters"][name]
            if parameter["in"] == "query":
                found.append((path, parameter["name"]))
    return found


@pytest.mark.parametrize(("path", "name"), _declared())
def test_a_malformed_value_of_every_declared_parameter_is_a_400_naming_it(client, path, name):
    """Each declared parameter is read: a nonsense value is refused, naming it (search
    takes any words, so it is refused only when too long)."""
    ServiceAtLocationFactory(service=ServiceFactory(published=True))
    url = API + path.replace("{id}", str(Service.objects.get().organization_id))
    value = "x" * 300 if name == "search" else "not-a-valid-value?"
    if name == "postcode":
        value = "ZZ1 1AA-TOO-LONG"
    response = client.get(url, {name: value})
    assert response.status_code == 400, (path, name, response.content)
    assert response.json()["parameter"] == name


def test_format_ndjson_streams_every_result_unpaged(client):
    for _ in range(3):
        ServiceFactory(published=True)
    response = client.get(f"{API}/services", {"format": "ndjson", "per_page": 1})
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 3
    assert {json.loads(line)["status"] for line in lines} == {"active"}


def test_minimal_lists_every_service_by_id_and_last_modified_on_one_page(client):
    """A page envelope, as openapi.json#/paths/~1services/get/responses/200 requires
    (service_list.json), holding every service however small per_page is, each with the
    id, name and status service_list.json's items require and its last_modified."""
    services = [ServiceFactory(published=True) for _ in range(3)]
    body = client.get(f"{API}/services", {"minimal": "true", "per_page": "2"}).json()
    assert {key: value for key, value in body.items() if key != "contents"} == {
        "total_items": 3,
        "total_pages": 1,
        "page_number": 1,
        "size": 3,
        "first_page": True,
        "last_page": True,
        "empty": False,
    }
    assert sorted(item["id"] for item in body["contents"]) == sorted(str(s.pk) for s in services)
    assert set(body["contents"][0]) == {"id", "name", "status", "last_modified"}
    # Written by the database as the Python rendering writes it (UTC, milliseconds, Z).
    assert {item["id"]: item for item in body["contents"]} == {
        str(s.pk): minimal_service(s.pk, s.name, s.operating_status, s.updated_at) for s in services
    }


def test_minimal_past_page_1_is_an_empty_page_numbered_as_asked(client):
    """Every service is on page 1, so page 2 is past the end: empty, with the page number
    asked for, as any page past the end is (page_number, first_page and last_page agree)."""
    ServiceFactory(published=True)
    body = client.get(f"{API}/services", {"minimal": "true", "page": "2"}).json()
    assert body == {
        "total_items": 1,
        "total_pages": 1,
        "page_number": 2,
        "size": 0,
        "first_page": False,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


def test_minimal_on_an_empty_directory_is_an_empty_page(client):
    body = client.get(f"{API}/services", {"minimal": "true"}).json()
    assert body["contents"] == [] and body["empty"] and body["total_pages"] == 0


def test_full_nests_each_service_in_the_page(client):
    ServiceAtLocationFactory(service=ServiceFactory(published=True))
    item = client.get(f"{API}/services", {"full": "true"}).json()["contents"][0]
    assert item["service_at_locations"][0]["location"]["location_type"] == "physical"
    assert "schedules" in item
    link = client.get(f"{API}/service_at_locations", {"full": "true"}).json()["contents"][0]
    assert "contacts" in link["service"]


def test_organizations_full_service_nests_their_services(client):
    service = ServiceFactory(published=True)
    item = client.get(f"{API}/organizations", {"full_service": "true"}).json()["contents"][0]
    assert item["services"][0]["id"] == str(service.pk)
    assert "attributes" in item["services"][0]
    one = client.get(f"{API}/organizations/{service.organization_id}").json()
    assert "attributes" not in one["services"][0]
    one = client.get(
        f"{API}/organizations/{service.organization_id}", {"full_service": "true"}
    ).json()
    assert "attributes" in one["services"][0]


def test_search_narrows_taxonomies_terms_and_organizations(client):
    ServiceFactory(published=True, organization=OrganizationFactory(name="Riverside Trust"))
    ServiceFactory(published=True, organization=OrganizationFactory(name="Hilltop Club"))
    names = [
        item["name"]
        for item in client.get(f"{API}/organizations", {"search": "riverside"}).json()["contents"]
    ]
    assert names == ["Riverside Trust"]
    terms = client.get(f"{API}/taxonomy_terms", {"search": "therapies"}).json()["contents"]
    assert [item["id"] for item in terms] == [str(CATEGORY_TERM_IDS["health"])]
    taxonomies = client.get(f"{API}/taxonomies", {"search": "needs served"}).json()
    assert taxonomies["total_items"] == 1


def test_top_only_and_parent_id_follow_the_term_tree(client):
    parent = TaxonomyTerm.objects.get(pk=CATEGORY_TERM_IDS["health"])
    child = TaxonomyTerm.objects.create(
        taxonomy_id=CATEGORY_TAXONOMY_ID, parent=parent, code="therapy", term="Therapy"
    )
    top = client.get(f"{API}/taxonomy_terms", {"top_only": "true", "per_page": 200}).json()
    assert str(child.pk) not in [item["id"] for item in top["contents"]]
    assert str(parent.pk) in [item["id"] for item in top["contents"]]
    children = client.get(f"{API}/taxonomy_terms", {"parent_id": str(parent.pk)}).json()
    assert [item["id"] for item in children["contents"]] == [str(child.pk)]


def test_disabled_children_without_sen_are_found_by_their_term(client):
    """Regs 53-57: the local offer covers disabled children and young people without SEN."""
    disability = ServiceFactory(published=True, needs_served="disability")
    both = ServiceFactory(published=True, needs_served="both")
    ServiceFactory(published=True, needs_served="sen")
    body = client.get(f"{API}/services", {"taxonomy_term_id": str(DISABILITY_TERM_ID)}).json()
    assert sorted(item["id"] for item in body["contents"]) == sorted(
        [str(disability.pk), str(both.pk)]
    )


def test_head_answers_the_headers_of_get_without_a_body(client):
    ServiceFactory(published=True)
    get = client.get(f"{API}/services")
    head = client.head(f"{API}/services")
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(get.content))
    assert head["Access-Control-Allow-Origin"] == "*"


def test_options_answers_the_cors_preflight(client):
    response = client.options(
        f"{API}/services/",
        headers={
            "Origin": "https://directory.example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "accept",
        },
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert response["Access-Control-Allow-Headers"] == "*"
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_writes_are_refused(client):
    response = client.post(f"{API}/services")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_a_location_without_coordinates_still_has_its_type(client):
    ServiceAtLocationFactory(
        service=ServiceFactory(published=True),
        location=LocationFactory(latitude=None, longitude=None),
    )
    item = client.get(f"{API}/service_at_locations").json()["contents"][0]
    assert item["location"]["location_type"] == "physical"
    assert "latitude" not in item["location"]
