"""import_oruk takes any valid ORUK 3.0 / HSDS 3.0 feed as published: the official
examples, every envelope, an ORUK API's base URL; what the standard carries round-trips."""

import json
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from local_offer.api import representations as oruk
from local_offer.api.standard import FOLDER, errors, example, response_schema_url
from local_offer.models import (
    Funding,
    Location,
    Organization,
    Service,
    ServiceArea,
    Taxonomy,
    TaxonomyTerm,
)
from local_offer.services import oruk_feeds
from tests.local_offer.factories import ServiceAtLocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db
EXAMPLE_ID = "ac148810-d857-441c-9679-408f346de14b"
# The official examples that hold services, and how many (the same one, in five envelopes).
SERVICE_EXAMPLES = [
    "service_full.json",
    "service_list.json",
    "organization_full.json",
    "service_at_location_full.json",
    "service_at_location_list.json",
]


def run(source, *options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_oruk", str(source), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _leaves(value, path="$") -> dict:
    if isinstance(value, dict):
        found = {}
        for key, item in value.items():
            found.update(_leaves(item, f"{path}.{key}"))
        return found
    if isinstance(value, list):
        found = {}
        for index, item in enumerate(value):
            found.update(_leaves(item, f"{path}[{index}]"))
        return found
    return {path: value}


def _rendered(service_id) -> dict:
    service = (
        Service.objects.select_related("organization")
        .prefetch_related("organization__identifiers")
        .get(pk=service_id)
    )
    return oruk.SERVICE.render(service, oruk.Context(RequestFactory().get("/")))


@pytest.mark.parametrize("name", SERVICE_EXAMPLES)
def test_each_official_example_with_a_service_imports_as_published(name):
    out, err = run(FOLDER / "examples" / name)
    assert "1 created, 0 updated, 0 unchanged, 0 not imported" in out, err
    service = Service.objects.get(pk=EXAMPLE_ID)
    # Ages 12 to 100, no SEN or disability term: a draft for an editor, with the reasons.
    assert service.status == Service.Status.DRAFT
    assert "ages 12 to 100" in err
    assert "does not say whether the service is for children" in err


def test_the_official_full_service_round_trips_every_field_the_standard_carries():
    run(FOLDER / "examples" / "service_full.json")
    original = example("service_full.json")
    rendered = _rendered(EXAMPLE_ID)
    sent, kept = _leaves(original), _leaves(rendered)
    lost = {path: value for path, value in sent.items() if kept.get(path) != value}
    assert lost == {}
    assert errors(rendered, response_schema_url("/services/{id}")) == []
    location = Location.objects.get()
    assert (location.external_identifier_type, location.external_identifier) == (
        "UPRN",
        "10092008082",
    )
    assert location.country == "US" and location.postcode == "ABC 1234"
    assert location.latitude is None  # 100 is not a latitude: kept aside, with a warning
    assert ServiceArea.objects.get().extent_type == "geojson"
    assert Funding.objects.get().source.startswith("This service is funded")
    organization = Organization.objects.get(pk="d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610")
    assert organization.identifiers.get().identifier_scheme == "GB-COH"
    term = TaxonomyTerm.objects.get(pk="3f7b145d-84af-42d7-8fae-eaca714b02b2")
    assert term.taxonomy.name == "taxonomy"
    assert term.extra["parent_id"] == "0bc248fa-dc27-4650-9ba4-8f1a24ef16a2"


def test_importing_every_official_example_twice_changes_nothing():
    for name in SERVICE_EXAMPLES:
        run(FOLDER / "examples" / name)
    before = _rendered(EXAMPLE_ID)
    assert len(before["schedules"]) == 1  # a list's one-to-one fields left them alone
    for name in SERVICE_EXAMPLES:
        out, _ = run(FOLDER / "examples" / name)
        assert "0 created, 0 updated, 1 unchanged, 0 not imported" in out, name
    assert _rendered(EXAMPLE_ID) == before


def test_a_dry_run_reports_and_writes_nothing():
    out, _ = run(FOLDER / "examples" / "service_full.json", "--dry-run")
    assert out.startswith("Dry run, nothing written: 1 created")
    assert not Service.objects.exists()
    assert not Taxonomy.objects.filter(name="taxonomy").exists()


@pytest.mark.parametrize(
    ("name", "made"),
    [
        ("organization_list.json", "organizations: 1 created"),
        ("taxonomy.json", "taxonomies: 1 created"),
        ("taxonomy_list.json", "taxonomies: 1 created"),
        ("taxonomy_term.json", "taxonomy terms: 1 created"),
        ("taxonomy_term_list.json", "taxonomy terms: 1 created"),
    ],
)
def test_a_feed_of_organizations_taxonomies_or_terms_alone_is_imported(name, made):
    out, err = run(FOLDER / "examples" / name)
    assert out.startswith("0 created, 0 updated, 0 unchanged, 0 not imported; " + made), err
    out, _ = run(FOLDER / "examples" / name)
    assert "1 unchanged" in out and "created" not in out.replace("0 created", "")


def test_organizations_taxonomies_and_terms_on_their_own_keep_their_fields(client, tmp_path):
    organization = example("organization_list.json")["contents"][0]
    run(FOLDER / "examples" / "organization_list.json")
    held = Organization.objects.get(pk=organization["id"])
    assert (held.name, held.email, held.website) == (
        organization["name"],
        organization["email"],
        organization["website"],
    )
    assert str(held.parent_organization_id) == organization["parent_organization_id"]
    taxonomy = example("taxonomy.json")
    run(FOLDER / "examples" / "taxonomy.json")
    vocabulary = Taxonomy.objects.get(pk=taxonomy["id"])
    assert (vocabulary.name, vocabulary.version) == ("name", "version")
    [term] = taxonomy["taxonomy_terms"]
    assert TaxonomyTerm.objects.get(pk=term["id"]).taxonomy_id == vocabulary.pk
    # The taxonomy's own endpoint gives it back, its term under it.
    body = client.get(f"/api/oruk/taxonomies/{taxonomy['id']}").json()
    assert body["version"] == "version"
    assert [item["id"] for item in body["taxonomy_terms"]] == [term["id"]]
    # Changed in the feed: updated.
    changed = tmp_path / "organizations.json"
    changed.write_text(json.dumps([{**organization, "name": "Renamed"}]))
    out, _ = run(changed)
    assert "organizations: 0 created, 1 updated, 0 unchanged" in out
    assert Organization.objects.get(pk=organization["id"]).name == "Renamed"


def test_a_feed_of_organizations_whose_items_cannot_be_imported_exits_non_zero(tmp_path):
    feed = tmp_path / "organizations.json"
    feed.write_text(json.dumps([{"id": "not-a-uuid", "name": "A", "website": "https://a.org"}]))
    with pytest.raises(CommandError, match="1 items could not be imported"):
        run(feed)
    assert not Organization.objects.filter(name="A").exists()


def test_it_exits_non_zero_when_a_service_cannot_be_imported(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([example("service_full.json"), {"name": "No id", "status": "x"}]))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 services could not be imported"):
        call_command("import_oruk", str(feed), stdout=out, stderr=err)
    assert "1 created, 0 updated, 0 unchanged, 1 not imported" in out.getvalue()
    assert "Not imported: service #2: The service has no id" in err.getvalue()


class _Answer:
    def __init__(self, body: bytes):
        self.body = body

    def read(self):
        return self.body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_it_pages_through_an_oruk_api_given_its_base_url(client, monkeypatch):
    """The HTTP layer is the app's own API, through the test client: its answers are
    recorded, the directory emptied, and the import reads them back as another council's
    system would."""
    services = [ServiceFactory(published=True, categories=["health"]) for _ in range(3)]
    for service in services:
        ServiceAtLocationFactory(service=service)
    exported = {s.pk: client.get(f"/api/oruk/services/{s.pk}").json() for s in services}
    answers: dict[str, bytes] = {}

    def live(request, timeout):
        url = urlparse(request.full_url)
        params = dict(item.split("=") for item in url.query.split("&") if item)
        answers[request.full_url] = client.get(url.path, params).content
        return _Answer(answers[request.full_url])

    monkeypatch.setattr(oruk_feeds, "PER_PAGE", 2)  # two pages
    monkeypatch.setattr(oruk_feeds, "urlopen", live)
    out, _ = run("http://testserver/api/oruk/", "--dry-run")
    assert "0 created, 0 updated, 3 unchanged" in out
    pages = [url for url in answers if "/services?" in url]
    assert len(pages) == 2 and all("full=true" in url for url in pages)

    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.all().delete()
    monkeypatch.setattr(
        oruk_feeds, "urlopen", lambda request, timeout: _Answer(answers[request.full_url])
    )
    out, err = run("http://testserver/api/oruk/")
    assert "3 created, 0 updated, 0 unchanged, 0 not imported" in out, err
    for pk, body in exported.items():
        assert client.get(f"/api/oruk/services/{pk}").json() == body
    out, _ = run("http://testserver/api/oruk/")
    assert "0 created, 0 updated, 3 unchanged" in out


# Each official example with a service, and the endpoint that publishes it in that shape.
ENDPOINTS = {
    "service_full.json": lambda data: f"/api/oruk/services/{data['id']}",
    "service_list.json": lambda data: "/api/oruk/services",
    "organization_full.json": lambda data: (
        f"/api/oruk/organizations/{data['id']}?full_service=true"
    ),
    "service_at_location_full.json": lambda data: f"/api/oruk/service_at_locations/{data['id']}",
    "service_at_location_list.json": lambda data: "/api/oruk/service_at_locations",
}
# The example's page counts describe a fictional feed of 10 pages, not its one service.
PAGE_COUNTS = {"$.total_items", "$.total_pages", "$.last_page"}


@pytest.mark.parametrize("name", SERVICE_EXAMPLES)
def test_each_official_example_comes_back_out_of_its_own_endpoint(client, name):
    """Imported, then published by an editor (who must narrow the ages to 0-25 and say
    whom it serves, CFA 2014 s.30), each example is answered by the endpoint of its shape
    with every value it gave but the narrowed maximum_age."""
    run(FOLDER / "examples" / name)
    Service.objects.filter(pk=EXAMPLE_ID).update(
        maximum_age=25,
        needs_served=Service.NeedsServed.SEN,
        status=Service.Status.PUBLISHED,
        published_at="2026-01-01T00:00:00Z",
    )
    original = example(name)
    answered = client.get(ENDPOINTS[name](original)).json()
    sent, kept = _leaves(original), _leaves(answered)
    lost = {path for path, value in sent.items() if kept.get(path) != value}
    assert {path for path in lost if not path.endswith(".maximum_age")} <= PAGE_COUNTS
    assert {path for path in lost if path.endswith(".maximum_age")} == {
        path for path in sent if path.endswith(".maximum_age")
    }


def _term(pk: str, name: str, parent: str | None = None) -> dict:
    term = {"id": pk, "name": name, "description": name, "taxonomy": "Parents and children"}
    return {**term, "parent_id": parent} if parent else term


CHILD = "0d6f8e4c-2a57-4d5e-9f3b-1a2b3c4d5e61"
PARENT = "0d6f8e4c-2a57-4d5e-9f3b-1a2b3c4d5e62"
GRANDPARENT = "0d6f8e4c-2a57-4d5e-9f3b-1a2b3c4d5e63"


def test_a_term_whose_parent_comes_later_in_the_feed_is_linked_in_one_import(client, tmp_path):
    feed = tmp_path / "terms.json"
    feed.write_text(
        json.dumps(
            [
                _term(CHILD, "Child", PARENT),
                _term(PARENT, "Parent", GRANDPARENT),
                _term(GRANDPARENT, "Grandparent"),
            ]
        )
    )
    out, _ = run(feed)
    assert "taxonomy terms: 3 created" in out
    assert str(TaxonomyTerm.objects.get(pk=CHILD).parent_id) == PARENT
    assert str(TaxonomyTerm.objects.get(pk=PARENT).parent_id) == GRANDPARENT
    assert "parent_id" not in TaxonomyTerm.objects.get(pk=CHILD).extra
    assert client.get(f"/api/oruk/taxonomy_terms/{CHILD}").json()["parent_id"] == PARENT
    children = client.get("/api/oruk/taxonomy_terms", {"parent_id": PARENT}).json()
    assert [item["id"] for item in children["contents"]] == [CHILD]
    out, _ = run(feed)
    assert "taxonomy terms: 0 created, 0 updated, 3 unchanged" in out


def test_a_term_nested_in_a_service_is_linked_to_a_parent_a_later_batch_brings(
    tmp_path, monkeypatch
):
    monkeypatch.setattr("local_offer.services.oruk_import.BATCH_SIZE", 1)
    first = example("service_full.json")
    child, parent = _term(CHILD, "Child", PARENT), _term(PARENT, "Parent")
    first["attributes"] = [
        *first["attributes"],
        {"id": CHILD[:-2] + "a1", "taxonomy_term_id": CHILD, "taxonomy_term": child},
    ]
    # A later batch: another service, whose term is the first one's term's parent.
    second = {
        "id": "9b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d",
        "name": "A second service",
        "description": "Another service.",
        "status": "active",
        "url": "https://second.example.org",
        "organization": first["organization"],
        "attributes": [
            {"id": PARENT[:-2] + "a2", "taxonomy_term_id": PARENT, "taxonomy_term": parent}
        ],
    }
    feed = tmp_path / "services.json"
    feed.write_text(json.dumps([first, second]))
    out, err = run(feed)
    assert "2 created" in out, err
    assert str(TaxonomyTerm.objects.get(pk=CHILD).parent_id) == PARENT
    out, _ = run(feed)
    assert "0 created, 0 updated, 2 unchanged" in out
