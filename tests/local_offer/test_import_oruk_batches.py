"""import_oruk reads and writes in batches (services/oruk_rows.py): the queries of a batch
do not grow with its size, a service the database refuses costs only itself, and the same
feed twice changes nothing."""

import codecs
import json
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from local_offer.constants import CATEGORY_TERMS, SEN_TERM_ID
from local_offer.models import CostOption, LocalOfferChange, Location, Service
from local_offer.services import oruk_feeds, oruk_import, oruk_rows
from local_offer.services.oruk_import import import_services

pytestmark = pytest.mark.django_db


def uid(*parts) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "batch-test:" + ":".join(map(str, parts))))


def service(n: int, *, amount=3) -> dict:
    """A fully nested service; locations and organisations are shared by several."""
    place = n % 4
    return {
        "id": uid("service", n),
        "name": f"Batch service {n}",
        "description": "A fictional service.",
        "email": f"batch{n}@example.org",
        "status": "active",
        "minimum_age": 0,
        "maximum_age": 18,
        "organization": {
            "id": uid("organization", n % 3),
            "name": f"Batch organisation {n % 3}",
            "description": "A fictional organisation.",
            "organization_identifiers": [
                {
                    "id": uid("identifier", n % 3),
                    "identifier_scheme": "GB-CHC",
                    "identifier_type": "Charity number",
                    "identifier": str(1_100_000 + n % 3),
                }
            ],
        },
        "service_at_locations": [
            {
                "id": uid("link", n),
                "location": {
                    "id": uid("location", place),
                    "location_type": "physical",
                    "name": f"Batch centre {place}",
                    "latitude": 54.6 + place / 100,
                    "longitude": -1.55,
                    "addresses": [
                        {
                            "id": uid("address", place),
                            "address_1": f"{place} Batch Street",
                            "city": "Batchtown",
                            "postal_code": f"ZZ{1 + place} 1BB",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
        "contacts": [
            {
                "id": uid("contact", n),
                "name": "Batch team",
                "phones": [{"id": uid("phone", n), "number": "01632 960123"}],
            }
        ],
        "schedules": [
            {"id": uid("schedule", n), "freq": "WEEKLY", "byday": "MO", "opens_at": "09:00"}
        ],
        "cost_options": [{"id": uid("cost", n), "amount": amount, "currency": "GBP"}],
        "languages": [{"id": uid("language", n), "name": "English", "code": "en"}],
        "service_areas": [{"id": uid("area", n), "name": "Batchtown"}],
        "funding": [{"id": uid("funding", n), "source": "The council"}],
        "attributes": [
            {"id": uid("attribute", n), "taxonomy_term_id": str(CATEGORY_TERMS[n % 8][1])},
            {"id": uid("needs", n), "taxonomy_term_id": str(SEN_TERM_ID)},
        ],
    }


def queries_to_import(services) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        report = import_services(services)
    return len(captured), report


def test_the_queries_of_a_batch_do_not_grow_with_its_size():
    first, report = queries_to_import([service(n) for n in range(4)])
    assert report.created == 4
    assert first <= 40
    # The organisations and locations are there now: each batch creates services alone.
    few, report = queries_to_import([service(n) for n in range(4, 7)])
    assert report.created == 3
    many, report = queries_to_import([service(n) for n in range(100, 140)])
    assert report.created == 40
    # One query per table to read, one per table and kind to write: about 30 a batch.
    assert many == few
    # Nothing changed: the batch is read, nothing is written.
    again, report = queries_to_import([service(n) for n in range(100, 140)])
    assert (report.created, report.updated, report.unchanged) == (0, 0, 40)
    assert again <= 20


def test_a_feed_larger_than_a_batch_is_imported_in_batches(monkeypatch):
    monkeypatch.setattr("local_offer.services.oruk_import.BATCH_SIZE", 4)
    loads = []
    load = oruk_rows.Rows.load
    monkeypatch.setattr(
        oruk_rows.Rows,
        "load",
        lambda rows, services: loads.append(len(services)) or load(rows, services),
    )
    report = import_services([service(n) for n in range(10)])
    assert report.created == 10
    assert loads == [4, 4, 2]
    assert Location.objects.count() == 4


def test_a_service_the_database_refuses_costs_only_itself(tmp_path):
    """A negative price passes the import's checks but not the database's constraint: the
    batch is retried service by service, and the other services are imported."""
    services = [service(n) for n in range(5)]
    services[2] = service(2, amount=-1)
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"contents": services}))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 services could not be imported"):
        call_command("import_oruk", str(feed), stdout=out, stderr=err)
    assert "4 created, 0 updated, 0 unchanged, 1 not imported" in out.getvalue()
    assert f"Not imported: service {uid('service', 2)}: the database refused it" in err.getvalue()
    assert Service.objects.count() == 4
    assert not Service.objects.filter(pk=uid("service", 2)).exists()
    assert CostOption.objects.count() == 4


def test_the_same_feed_twice_changes_nothing_and_a_change_is_written_once(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"contents": [service(n) for n in range(6)]}))
    out = StringIO()
    call_command("import_oruk", str(feed), stdout=out, stderr=StringIO())
    assert "6 created, 0 updated, 0 unchanged, 0 not imported" in out.getvalue()
    before = {s.pk: s.updated_at for s in Service.objects.all()}
    changes = LocalOfferChange.objects.count()
    out = StringIO()
    call_command("import_oruk", str(feed), stdout=out, stderr=StringIO())
    assert "0 created, 0 updated, 6 unchanged, 0 not imported" in out.getvalue()
    assert {s.pk: s.updated_at for s in Service.objects.all()} == before
    assert LocalOfferChange.objects.count() == changes

    services = [service(n) for n in range(6)]
    services[1]["cost_options"][0]["amount"] = 5
    services[4]["contacts"] = []
    feed.write_text(json.dumps(services))
    out = StringIO()
    call_command("import_oruk", str(feed), stdout=out, stderr=StringIO())
    assert "0 created, 2 updated, 4 unchanged, 0 not imported" in out.getvalue()
    assert CostOption.objects.get(pk=uid("cost", 1)).amount == 5
    assert not Service.objects.get(pk=uid("service", 4)).contacts.exists()
    assert LocalOfferChange.objects.count() == changes + 2


def test_a_dry_run_of_a_batch_writes_nothing(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([service(n) for n in range(3)]))
    out = StringIO()
    call_command("import_oruk", str(feed), "--dry-run", stdout=out, stderr=StringIO())
    assert "Dry run, nothing written: 3 created" in out.getvalue()
    assert not Service.objects.exists()
    assert not LocalOfferChange.objects.exists()


def envelope(services: list[dict]) -> dict:
    return {
        "total_items": len(services),
        "total_pages": 1,
        "page_number": 1,
        "size": len(services),
        "first_page": True,
        "last_page": True,
        "empty": not services,
        "contents": services,
    }


@pytest.mark.parametrize("wrap", [envelope, list], ids=["page envelope", "array"])
def test_a_feed_file_is_read_as_a_stream_a_batch_at_a_time(tmp_path, monkeypatch, wrap):
    """The services of a file are parsed one at a time (oruk_feeds.read_file, ijson): a
    batch is written before the rest of the feed has been parsed, so memory does not grow
    with the feed (bench/local_offer.py measures it)."""
    monkeypatch.setattr("local_offer.services.oruk_import.BATCH_SIZE", 2)
    parsed = []
    items = oruk_feeds.ijson.items

    def counted(*args, **kwargs):
        for item in items(*args, **kwargs):
            parsed.append(item["id"])
            yield item

    monkeypatch.setattr(oruk_feeds.ijson, "items", counted)
    batches = []
    import_batch = oruk_import._import_batch
    monkeypatch.setattr(
        oruk_import,
        "_import_batch",
        lambda batch, *args: batches.append(len(parsed)) or import_batch(batch, *args),
    )
    feed = tmp_path / "feed.json"
    feed.write_bytes(codecs.BOM_UTF8 + json.dumps(wrap([service(n) for n in range(7)])).encode())
    out = StringIO()
    call_command("import_oruk", str(feed), stdout=out, stderr=StringIO())
    assert "7 created, 0 updated, 0 unchanged, 0 not imported" in out.getvalue()
    # When each batch was written, how many services had been parsed.
    assert batches == [2, 4, 6, 7]


def test_a_truncated_feed_is_refused_before_anything_is_imported(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(envelope([service(n) for n in range(5)]))[:-200])
    with pytest.raises(CommandError, match="is not JSON: parse error: premature EOF"):
        call_command("import_oruk", str(feed), stdout=StringIO(), stderr=StringIO())
    assert not Service.objects.exists()


def test_a_dry_run_reports_what_the_import_does_across_batches(tmp_path, monkeypatch):
    """Batch 2 of a dry run sees what batch 1 would have written: a term the feed does not
    describe is new (a warning) only in the first batch that names it, and an
    organisation under a second id is one batch 1 would have made."""
    monkeypatch.setattr("local_offer.services.oruk_import.BATCH_SIZE", 2)
    undescribed = str(uuid.uuid5(uuid.NAMESPACE_URL, "batch-test:undescribed-term"))
    services = [service(n) for n in range(4)]
    for item in services:
        item["attributes"].append({"id": uid("extra", item["id"]), "taxonomy_term_id": undescribed})
    # The same organisation (by name) under another id, in the second batch.
    services[3]["organization"] = {**services[0]["organization"], "id": uid("organization", "b")}
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(services))

    def run(*options) -> tuple[str, str]:
        out, err = StringIO(), StringIO()
        call_command("import_oruk", str(feed), *options, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    dry_out, dry_err = run("--dry-run")
    assert not Service.objects.exists()
    assert not LocalOfferChange.objects.exists()
    real_out, real_err = run()
    assert dry_out == "Dry run, nothing written: " + real_out
    assert dry_err == real_err
    # The first batch's services (a batch remembers what it made of the term); the second
    # batch finds the term made. A dry run whose batches were rolled back one by one said 4.
    assert real_err.count("is not described in the feed") == 2
    assert real_err.count("is here already under another id") == 1
    assert "4 created, 0 updated, 0 unchanged, 0 not imported; 3 need an editor" in real_out
