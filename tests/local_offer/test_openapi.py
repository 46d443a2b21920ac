"""The OpenAPI document is generated from the code, and every answer matches it.

A small JSON Schema checker (the subset the document uses) validates real responses, so a
field added to a response but not to its shape, or a filter that answers an undocumented
status, fails here.
"""

import datetime
import re
import uuid

import pytest
from django.urls import reverse

from local_offer.api import views  # noqa: F401 - importing the views declares the endpoints
from local_offer.api.openapi import ENDPOINTS
from local_offer.constants import CATEGORY_TAXONOMY_ID, CATEGORY_TERM_IDS
from local_offer.models import Postcode
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
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
FORMATS = {
    "uuid": lambda value: bool(UUID.match(value)),
    "date": lambda value: bool(datetime.date.fromisoformat(value)),
    "date-time": lambda value: bool(datetime.datetime.fromisoformat(value)),
    "uri": lambda value: value.startswith(("http://", "https://")),
    "email": lambda value: "@" in value,
}
TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
}


def check(instance, schema: dict, document: dict, where: str = "$") -> None:
    """Raise AssertionError naming the first place `instance` breaks `schema`."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = document["components"]["schemas"][name]
    if "type" in schema:
        expected = TYPES[schema["type"]]
        assert isinstance(instance, expected), f"{where}: {instance!r} is not {schema['type']}"
        if schema["type"] in ("integer", "number"):
            assert not isinstance(instance, bool), f"{where}: a boolean is not a number"
    if "enum" in schema:
        assert instance in schema["enum"], f"{where}: {instance!r} not in {schema['enum']}"
    if "format" in schema:
        assert FORMATS[schema["format"]](instance), f"{where}: {instance!r} not {schema['format']}"
    if "pattern" in schema:
        assert re.search(schema["pattern"], instance), f"{where}: {instance!r} does not match"
    if "minimum" in schema:
        assert instance >= schema["minimum"], f"{where}: {instance} < {schema['minimum']}"
    if "maximum" in schema:
        assert instance <= schema["maximum"], f"{where}: {instance} > {schema['maximum']}"
    if "anyOf" in schema:
        errors = []
        for option in schema["anyOf"]:
            try:
                check(instance, option, document, where)
                break
            except (AssertionError, ValueError) as error:
                errors.append(str(error))
        else:
            raise AssertionError(f"{where}: matches none of anyOf: {errors}")
    if isinstance(instance, dict):
        for name in schema.get("required", []):
            assert name in instance, f"{where}: {name} is required"
        properties = schema.get("properties", {})
        for name, value in instance.items():
            if name in properties:
                check(value, properties[name], document, f"{where}.{name}")
            else:
                assert schema.get("additionalProperties", True), f"{where}: {name} undeclared"
    if isinstance(instance, list) and "items" in schema:
        for index, item in enumerate(instance):
            check(item, schema["items"], document, f"{where}[{index}]")


@pytest.fixture
def document(client):
    response = client.get(reverse("oruk:openapi"))
    assert response.status_code == 200
    return response.json()


def conforms(client, document, path: str, params=None):
    """GET `path`; its status must be documented and its body match the schema."""
    response = client.get(API + path, params or {})
    assert response.status_code != 500
    assert response["Content-Type"] == "application/json"
    template = re.sub(r"/[^/]+$", "/{id}", path) if path.count("/") > 1 else path
    operation = document["paths"][template]["get"]
    status = str(response.status_code)
    assert status in operation["responses"], f"{path} answered an undocumented {status}"
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    body = response.json()
    check(body, schema, document)
    return response.status_code, body


@pytest.fixture
def directory():
    """One of everything, published, so that every optional field has a value."""
    service = ServiceFactory(
        published=True,
        categories=["health", "travel"],
        alert="Closed in August",
        eligibility_description="Children with a Northshire GP",
        application_process="Ask your GP",
        url="https://therapy.example.org",
    )
    contact = ContactFactory(service=service, title="Lead therapist")
    PhoneFactory(contact=contact, description="Mornings")
    ScheduleFactory(
        service=service,
        valid_from=datetime.date(2026, 1, 1),
        description="Term time",
        schedule_link="https://therapy.example.org/times",
    )
    CostOptionFactory(service=service, option="Everyone", valid_to=datetime.date(2026, 12, 31))
    LanguageFactory(service=service, name="Welsh", code="cy")
    link = ServiceAtLocationFactory(
        service=service,
        location=LocationFactory(accessibility="Lift", address_2="Floor 2", description="Ring"),
    )
    ServiceAtLocationFactory(
        service=ServiceFactory(published=True),
        location=LocationFactory(latitude=None, longitude=None, postcode="ZZ9 9ZZ"),
    )
    Postcode.objects.create(postcode="ZZ1 1AA", latitude="54.600000", longitude="-1.550000")
    return service, link


def test_the_document_is_generated_from_the_declared_endpoints(document):
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {endpoint.path for endpoint in ENDPOINTS}
    service = document["components"]["schemas"]["Service"]
    assert {"id", "name", "status", "url"} <= set(service["required"])
    assert service["properties"]["status"]["enum"] == [
        "active",
        "temporarily closed",
        "inactive",
        "defunct",
    ]
    parameters = {
        parameter["name"]: parameter
        for parameter in document["paths"]["/service_at_locations"]["get"]["parameters"]
    }
    assert {"postcode", "proximity", "search", "page", "per_page"} <= set(parameters)
    assert parameters["per_page"]["schema"]["maximum"] == 200


def test_every_reference_in_the_document_resolves(document):
    text = str(document)
    for name in re.findall(r"#/components/schemas/(\w+)", text):
        assert name in document["components"]["schemas"]


def test_every_list_and_item_matches_its_schema(client, document, directory):
    service, link = directory
    organization_id = service.organization_id
    for path in [
        "/",
        "/services",
        f"/services/{service.pk}",
        "/taxonomies",
        f"/taxonomies/{CATEGORY_TAXONOMY_ID}",
        "/taxonomy_terms",
        f"/taxonomy_terms/{CATEGORY_TERM_IDS['health']}",
        "/service_at_locations",
        f"/service_at_locations/{link.pk}",
        "/organizations",
        f"/organizations/{organization_id}",
    ]:
        status, body = conforms(client, document, path)
        assert status == 200, path
    status, body = conforms(client, document, f"/services/{service.pk}")
    # Every optional field of the nested service is present, so all were checked.
    assert body["alert"] and body["contacts"][0]["phones"][0]["description"]
    assert body["service_at_locations"][0]["location"]["accessibility"]


@pytest.mark.parametrize(
    "path,params",
    [
        ("/services", {"page": "0"}),
        ("/services", {"page": "-3"}),
        ("/services", {"per_page": "100000"}),
        ("/services", {"per_page": "1e3"}),
        ("/services", {"page": "9" * 5000}),
        ("/services", {"taxonomy_term_id": "not-a-uuid"}),
        ("/services", {"taxonomy_term_id": "{12345678-1234-1234-1234-123456789012}"}),
        ("/services", {"organization_id": "0" * 32}),
        ("/services", {"modified_after": "2026-02-30"}),
        ("/services", {"modified_after": "2026-13-01T00:00:00Z"}),
        ("/services", {"modified_after": "0001-01-01T00:00:00+05:00"}),
        ("/services", {"modified_after": "yesterday"}),
        ("/services", {"minimum_age": "٣"}),
        ("/services", {"search": "a\x00b"}),
        ("/services", {"search": "x" * 201}),
        ("/services", {"search": "'\"&|!():*<->"}),
        ("/services", {"unknown": "ignored", "page": "1"}),
        ("/services", {"page": "1000000", "per_page": "200"}),
        ("/taxonomy_terms", {"taxonomy_id": "nope"}),
        ("/service_at_locations", {"proximity": "1000"}),
        ("/service_at_locations", {"postcode": "ZZ1 1AA", "proximity": "0"}),
        ("/service_at_locations", {"postcode": "ZZ1 1AA", "proximity": "far"}),
        ("/service_at_locations", {"postcode": "NOT A POSTCODE", "proximity": "1000"}),
        ("/service_at_locations", {"postcode": "ZZ8 8ZZ", "proximity": "1000"}),
        ("/service_at_locations", {"postcode": "\x00", "proximity": "1000"}),
        ("/services/not-a-uuid", {}),
        ("/services/00000000-0000-4000-8000-000000000000", {}),  # fixed: xdist collects twice
        ("/services/%2F..%2F", {}),
        ("/organizations/12345678123456781234567812345678", {}),
        ("/taxonomies/%00", {}),
    ],
)
def test_odd_input_is_a_documented_answer_never_a_server_error(
    client, document, directory, path, params
):
    status, body = conforms(client, document, path, params)
    assert status in (200, 400, 404)


def test_an_id_with_a_slash_in_it_is_a_json_404(client):
    response = client.get(f"{API}/services/a/b")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}


def _boundary_cases():
    """For every documented query parameter: values its schema allows and values it does
    not, so that what the document says is what the views enforce."""
    from local_offer.api.parameters import Integer, Text, Uuid

    for endpoint in ENDPOINTS:
        base = {"postcode": "ZZ1 1AA"} if endpoint.path == "/service_at_locations" else {}
        for parameter in endpoint.parameters:
            name = parameter.name
            if isinstance(parameter, Integer):
                for value in (parameter.minimum, parameter.maximum):
                    yield endpoint.path, {**base, name: str(value)}, 200
                for value in (parameter.minimum - 1, parameter.maximum + 1, "1.5"):
                    yield endpoint.path, {**base, name: str(value)}, 400
            elif isinstance(parameter, Uuid):
                yield endpoint.path, {**base, name: str(uuid.uuid4())}, 200
                yield endpoint.path, {**base, name: "not-a-uuid"}, 400
            elif isinstance(parameter, Text):
                yield endpoint.path, {**base, name: "x" * parameter.max_length}, 200
                yield endpoint.path, {**base, name: "x" * (parameter.max_length + 1)}, 400


def test_every_documented_parameter_is_enforced_as_documented(client, document, directory):
    cases = list(_boundary_cases())
    assert len(cases) > 60
    for path, params, expected in cases:
        status, body = conforms(client, document, path, params)
        assert status == expected, (path, params, body)


@pytest.mark.parametrize("path", [endpoint.path for endpoint in ENDPOINTS if endpoint.parameters])
def test_any_text_in_any_parameter_gets_a_documented_answer(client, document, path):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    [endpoint] = [endpoint for endpoint in ENDPOINTS if endpoint.path == path]
    names = [parameter.name for parameter in endpoint.parameters] + ["unknown"]

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(st.dictionaries(st.sampled_from(names), st.text(max_size=30), max_size=4))
    def answers(params):
        conforms(client, document, path, params)

    answers()
