"""Every answer of the API validates against the official Open Referral UK 3.0 schemas.

As the ORUK validator does (local_offer/api/standard/oruk-3.0/README): call every GET path
of the official openapi.json; collection endpoints on page 1, a middle page and the last
page; `{id}` endpoints with every id the collections give; and validate each body with
jsonschema (draft 2020-12, format checks) against the official schema of that answer.
"""

import datetime
import math
import uuid
from decimal import Decimal

import pytest

from local_offer.api.standard import errors, official_openapi, response_schema_url
from local_offer.constants import CATEGORY_TAXONOMY_ID, CATEGORY_TERM_IDS
from local_offer.models import Postcode, Service
from tests.local_offer.factories import (
    ContactFactory,
    CostOptionFactory,
    LanguageFactory,
    LocationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/oruk"
PER_PAGE = 2


def _directory():
    """Published services with every kind of nested row, a draft, and odd corners: a
    location without coordinates or accessibility, a service with no optional field."""
    for index, needs in enumerate(Service.NeedsServed.values * 2):
        service = ServiceFactory(
            published=True,
            needs_served=needs,
            categories=["health", "leisure"][: index % 3],
            url="https://example.org/service" if index % 2 else "",
            alert="Closed in August" if index == 1 else "",
            is_free=index == 1,  # sent as a cost option of nothing
        )
        location = LocationFactory(
            accessibility="Step-free access" if index % 2 else "",
            latitude=None if index == 3 else Decimal("54.600000"),
            longitude=None if index == 3 else Decimal("-1.550000"),
        )
        ServiceAtLocationFactory(service=service, location=location)
        if index % 2 == 0:
            PhoneFactory(contact=ContactFactory(service=service, title="Co-ordinator"))
            ScheduleFactory(service=service, valid_from=datetime.date(2026, 1, 1))
            CostOptionFactory(service=service, option="Each session")
            LanguageFactory(service=service, name="Welsh", code="cy")
    ServiceFactory(name="A draft nobody sees")


def _collection_pages(client, path: str) -> list[tuple[str, dict]]:
    first = client.get(API + path, {"per_page": PER_PAGE})
    assert first.status_code == 200, (path, first.content)
    body = first.json()
    last = max(body.get("total_pages", 1), 1)
    pages = sorted({1, (1 + last) // 2, last})
    answers = []
    for page in pages:
        response = client.get(API + path, {"per_page": PER_PAGE, "page": page})
        assert response.status_code == 200, (path, page, response.content)
        answers.append((f"{path}?page={page}", response.json()))
    return answers


def _every_id(client, path: str) -> list[str]:
    ids, page = [], 1
    while True:
        body = client.get(API + path, {"per_page": PER_PAGE, "page": page}).json()
        ids += [item["id"] for item in body["contents"]]
        if body["last_page"] or not body["contents"]:
            return ids
        page += 1


def test_every_get_path_of_the_official_document_answers_valid_bodies(client):
    _directory()
    checked, invalid = 0, []
    paths = [path for path, item in official_openapi()["paths"].items() if "get" in item]
    for path in paths:
        schema = response_schema_url(path)
        if path == "/":
            answers = [(path, client.get(API + "/").json())]
        elif "{id}" not in path:
            answers = _collection_pages(client, path)
        else:
            collection = path.removesuffix("/{id}")
            answers = []
            for item_id in _every_id(client, collection):
                response = client.get(f"{API}{collection}/{item_id}")
                assert response.status_code == 200, (path, item_id, response.content)
                answers.append((f"{collection}/{item_id}", response.json()))
            assert answers, f"{collection} gave no ids to check {path} with"
        for where, body in answers:
            checked += 1
            problems = errors(body, schema)
            if problems:
                invalid.append(f"{where}: {problems[:3]}")
    assert not invalid, f"{len(invalid)} of {checked} answers invalid:\n" + "\n".join(invalid)
    assert checked > 30


def test_the_official_examples_are_valid_against_their_own_schemas():
    """The validator itself: the published examples pass, and a broken one does not."""
    from local_offer.api.standard import example

    assert errors(example("service_full.json"), response_schema_url("/services/{id}")) == []
    broken = dict(example("service_full.json"), id="not-a-uuid", status="open")
    assert len(errors(broken, response_schema_url("/services/{id}"))) == 2


def test_a_category_term_is_published_with_the_name_the_standard_requires(client):
    term_id = CATEGORY_TERM_IDS["health"]
    body = client.get(f"{API}/taxonomy_terms/{term_id}").json()
    assert body["name"] == "Health"
    assert body["description"]


def _official_query_parameters(path: str) -> list[str]:
    """The names of the query parameters openapi.json declares for GET `path`
    (openapi.json#/paths/<path>/get/parameters, $refs into #/components/parameters)."""
    document = official_openapi()
    names = []
    for parameter in document["paths"][path]["get"].get("parameters", []):
        if "$ref" in parameter:
            parameter = document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        if parameter["in"] == "query":
            names.append(parameter["name"])
    return names


def test_every_documented_query_parameter_answers_a_body_the_official_schema_accepts(client):
    """The validator may call any documented parameter: whatever a well-formed value asks
    for, the 200 body is the one openapi.json#/paths/<path>/get/responses/200 names (a page
    envelope for a collection), never another shape."""
    _directory()
    Postcode.objects.create(postcode="ZZ1 1AA", latitude="54.600000", longitude="-1.550000")
    service = Service.objects.published().select_related("organization").first()
    values = {
        "search": "service",
        "page": "1",
        "per_page": "2",
        "format": "json",
        "taxonomy_term_id": CATEGORY_TERM_IDS["health"],
        "taxonomy_id": CATEGORY_TAXONOMY_ID,
        "organization_id": str(service.organization_id),
        "modified_after": "2020-01-01T00:00:00Z",
        "minimal": "true",
        "full": "true",
        "full_service": "true",
        "top_only": "true",
        "parent_id": CATEGORY_TERM_IDS["health"],
        "postcode": "ZZ1 1AA",
        "proximity": "5000",
    }
    ids = {"/organizations/{id}": str(service.organization_id)}
    checked, invalid = 0, []
    for path in official_openapi()["paths"]:
        for name in _official_query_parameters(path):
            params = {name: values[name]}
            if name == "proximity":
                params["postcode"] = values["postcode"]
            url = API + path.replace("{id}", ids.get(path, ""))
            response = client.get(url, params)
            assert response.status_code == 200, (path, params, response.content[:300])
            checked += 1
            problems = errors(response.json(), response_schema_url(path))
            if problems:
                invalid.append(f"{path} {params}: {problems[:2]}")
    assert not invalid, f"{len(invalid)} of {checked} answers invalid:\n" + "\n".join(invalid)
    assert checked >= 30


def test_every_collection_pages_consistently_and_every_item_path_404s_an_unknown_id(client):
    """What the validator reads beyond the schemas, on every collection path of
    openapi.json: the page fields (#/components/schemas/Page) agree with the contents and
    with each other on every page, the pages together hold total_items distinct items, each
    id is a UUID (schema/*.json#/properties/id/format), and an unknown id on the matching
    {id} path is a JSON 404."""
    _directory()
    collections = [
        path for path in official_openapi()["paths"] if path != "/" and "{id}" not in path
    ]
    for path in collections:
        ids, page_number = [], 1
        while True:
            body = client.get(API + path, {"per_page": PER_PAGE, "page": page_number}).json()
            size, total = len(body["contents"]), body["total_items"]
            assert body["size"] == size, (path, page_number)
            assert body["page_number"] == page_number
            assert body["total_pages"] == math.ceil(total / PER_PAGE), path
            assert body["first_page"] is (page_number == 1)
            assert body["last_page"] is (page_number >= body["total_pages"])
            assert body["empty"] is (size == 0)
            assert size == PER_PAGE or body["last_page"], (path, page_number)
            ids += [item["id"] for item in body["contents"]]
            if body["last_page"]:
                break
            page_number += 1
        assert len(ids) == len(set(ids)) == total > 0, path
        assert all(str(uuid.UUID(item_id)) == item_id for item_id in ids), path
        response = client.get(f"{API}{path}/{uuid.uuid4()}")
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not found"}
    assert len(collections) == 5
