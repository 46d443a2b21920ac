"""manage.py import_oruk: load services from an Open Referral UK export, upserting by id."""

import datetime
import json
import uuid
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from local_offer.constants import CATEGORY_TERM_IDS
from local_offer.models import (
    Contact,
    LocalOfferChange,
    Location,
    Organization,
    Postcode,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
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
FIXTURES = Path(__file__).with_name("fixtures")
SERVICES = FIXTURES / "oruk_services.json"
PROBLEMS = FIXTURES / "oruk_problems.json"
PLAY = "5b0c6a4e-1f7d-4c1e-9a55-3d2f9e8b7a01"
HELPLINE = "5b0c6a4e-1f7d-4c1e-9a55-3d2f9e8b7a21"


def run(path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_oruk", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_it_imports_fully_nested_services_and_publishes_them(client):
    Postcode.objects.create(postcode="ZZ1 2BB", latitude="54.6", longitude="-1.5")
    out, err = run(SERVICES)
    assert "2 created, 0 updated, 0 unchanged, 0 not imported" in out, err
    assert err == ""
    play = Service.objects.get(pk=PLAY)
    assert play.status == Service.Status.PUBLISHED
    assert play.needs_served == Service.NeedsServed.DISABILITY
    assert (play.minimum_age, play.maximum_age) == (0, 5)
    assert play.assured_date == datetime.date(2026, 9, 1)
    assert play.review_by == datetime.date(2027, 11, 23)  # a year after the import
    assert play.updated_at == datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC)
    assert play.organization.name == "Riverbank Family Trust"
    location = Location.objects.get(pk="5b0c6a4e-1f7d-4c1e-9a55-3d2f9e8b7a04")
    assert location.postcode == "ZZ1 2BB"
    # No coordinates in the file: the postcode table's.
    assert (location.latitude, location.longitude) == (Decimal("54.6"), Decimal("-1.5"))
    assert location.accessibility == "Step-free, changing places toilet."
    assert Contact.objects.get(service=play).phones.get().number == "01632 960700"
    assert play.cost_options.get().amount == Decimal("2.50")
    assert play.schedules.get().opens_at == datetime.time(10)
    assert play.languages.get().code == "en"
    # A new term of a known taxonomy is created, under its parent.
    sensory = TaxonomyTerm.objects.get(pk="5b0c6a4e-1f7d-4c1e-9a55-3d2f9e8b7a15")
    assert (sensory.code, sensory.parent_id) == ("sensory_play", CATEGORY_TERM_IDS["leisure"])
    assert set(play.categories.values_list("code", flat=True)) == {"leisure", "sensory_play"}
    helpline = Service.objects.get(pk=HELPLINE)
    assert helpline.needs_served == Service.NeedsServed.BOTH
    assert helpline.operating_status == "temporarily closed"
    assert helpline.organization_id == play.organization_id
    # Found by the public search, and recorded in the change log.
    response = client.get(reverse("local_offer_public:search"), {"q": "sensory"})
    assert [s.name for s in response.context["page"].object_list] == [play.name]
    change = LocalOfferChange.objects.get(object_id=play.pk, action="service_imported")
    assert change.summary.startswith("Imported from an Open Referral UK feed")


def test_importing_the_same_file_twice_changes_nothing():
    run(SERVICES)
    before = {service.pk: service.updated_at for service in Service.objects.all()}
    changes = LocalOfferChange.objects.count()
    out, err = run(SERVICES)
    assert "0 created, 0 updated, 2 unchanged, 0 not imported" in out
    assert {service.pk: service.updated_at for service in Service.objects.all()} == before
    assert LocalOfferChange.objects.count() == changes


def test_a_changed_file_updates_what_changed_and_removes_what_it_no_longer_has(tmp_path):
    run(SERVICES)
    data = json.loads(SERVICES.read_text())
    data[0]["name"] = "Riverbank sensory play"
    data[0]["contacts"] = []
    data[0]["cost_options"][0]["amount"] = 3
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data))
    out, _ = run(changed)
    assert "0 created, 1 updated, 1 unchanged" in out
    play = Service.objects.get(pk=PLAY)
    assert play.name == "Riverbank sensory play"
    assert not play.contacts.exists()
    assert play.cost_options.get().amount == Decimal("3.00")
    change = LocalOfferChange.objects.filter(object_id=play.pk).latest("occurred_at")
    assert change.summary == "Updated from an Open Referral UK feed (name)"


def test_an_existing_entry_keeps_its_publication_state(editor):
    run(SERVICES)
    from local_offer.services.directory import service_unpublish

    service_unpublish(acting_user=editor, service=Service.objects.get(pk=PLAY))
    run(SERVICES)
    assert Service.objects.get(pk=PLAY).status == Service.Status.DRAFT


def test_it_reports_what_it_cannot_import_and_why_and_keeps_local_problems_as_drafts():
    """Only a broken standard is refused; local rules (ages to 25, UK postcodes, whom it
    serves) are warnings that keep the service as a draft for an editor."""
    run(SERVICES)
    with pytest.raises(CommandError, match="2 services could not be imported"):
        run(PROBLEMS)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import_oruk", str(PROBLEMS), stdout=out, stderr=err)
    out, lines = out.getvalue(), err.getvalue().splitlines()
    assert "0 created, 0 updated, 5 unchanged, 2 not imported" in out, lines
    assert lines[0] == "Not imported: service #1: The service has no id"
    assert (
        lines[1]
        == "Not imported: service service-1: The service has an id that is not a UUID: 'service-1'"
    )
    warnings = "\n".join(lines[2:])
    assert "000000000003: The service is for ages 18 to 65; the local offer covers 0 to 25" in (
        warnings
    )
    assert "000000000005: The feed does not say whether the service is for" in warnings
    assert "000000000006: Location 7c1d2e3f-0000-4000-8000-000000000063 does not have a UK" in (
        warnings
    )
    adults = Service.objects.get(pk="7c1d2e3f-0000-4000-8000-000000000003")
    assert adults.status == Service.Status.DRAFT
    assert (adults.minimum_age, adults.maximum_age) == (18, 65)
    assert adults.publication_problems()
    # An unknown taxonomy is created with its id, and its term.
    bingo = TaxonomyTerm.objects.get(pk="7c1d2e3f-0000-4000-8000-000000000043")
    assert str(bingo.taxonomy_id) == "7c1d2e3f-0000-4000-8000-000000000044"
    assert Service.objects.filter(pk="7c1d2e3f-0000-4000-8000-000000000004").exists()
    assert Service.objects.get(pk="7c1d2e3f-0000-4000-8000-000000000007").organization.name == (
        "Lakeside Swim Club"
    )


def test_a_file_that_is_not_an_export_is_refused(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(CommandError, match="is not JSON"):
        run(broken)
    other = tmp_path / "other.json"
    other.write_text('[{"colour": "blue"}, {"size": 3}]')
    with pytest.raises(CommandError, match="The file holds nothing to import"):
        run(other)
    nameless = tmp_path / "nameless.json"
    nameless.write_text('{"taxonomy_terms": []}')
    with pytest.raises(CommandError, match="1 items could not be imported"):
        run(nameless)
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "missing.json")


def _full_directory():
    """Services as editors make them, with every kind of nested row."""
    first = ServiceFactory(published=True, categories=["health", "travel"], alert="Closed Aug")
    contact = ContactFactory(service=first, title="Lead")
    PhoneFactory(contact=contact, description="Mornings")
    PhoneFactory(contact=contact, number="01632 960999")
    ScheduleFactory(service=first, valid_from=datetime.date(2026, 1, 5))
    CostOptionFactory(service=first, option="Everyone")
    CostOptionFactory(service=first, amount=0, amount_description="Carers")
    LanguageFactory(service=first, name="Welsh", code="cy")
    LanguageFactory(service=first, name="English")
    shared = LocationFactory(name="Shared hall", accessibility="Lift", address_2="Floor 2")
    ServiceAtLocationFactory(service=first, location=shared)
    ServiceAtLocationFactory(service=first, location=LocationFactory(latitude=None, longitude=None))
    second = ServiceFactory(
        published=True,
        needs_served="sen",
        url="https://second.example.org",
        organization=first.organization,
        minimum_age=3,
        maximum_age=19,
    )
    ServiceAtLocationFactory(service=second, location=shared)
    return [first.pk, second.pk]


def _export(client, ids) -> list[dict]:
    return [client.get(reverse("oruk:service", args=[pk])).json() for pk in ids]


def test_a_round_trip_through_the_api_gives_the_same_api_output(client, tmp_path):
    ids = _full_directory()
    exported = _export(client, ids)
    listed = client.get(reverse("oruk:service_at_locations")).json()
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"contents": exported}))  # as a page envelope
    # An empty directory (the standard taxonomies stay: they are reference data).
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.all().delete()
    out, err = run(path)
    assert "2 created" in out and err == ""
    assert _export(client, ids) == exported
    assert client.get(reverse("oruk:service_at_locations")).json() == listed
    assert ServiceAtLocation.objects.count() == 3
    out, _ = run(path)
    assert "0 created, 0 updated, 2 unchanged, 0 not imported" in out
    assert _export(client, ids) == exported


def test_a_free_service_is_sent_as_a_cost_option_of_nothing_and_comes_back_free(client, tmp_path):
    """ORUK 3.0 has no "free" flag (schema cost_option.json): is_free is a cost option of
    amount 0 with an id derived from the service's, and an import reads it back."""
    service = ServiceFactory(published=True, is_free=True)
    ContactFactory(service=service)
    free_id = str(uuid.uuid5(service.pk, "cost_option:free"))
    exported = _export(client, [service.pk])
    assert [(item["id"], item["amount"]) for item in exported[0]["cost_options"]] == [(free_id, 0)]
    assert _export(client, [service.pk]) == exported  # the id is stable
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported))
    Service.objects.all().delete()
    out, _ = run(path)
    assert "1 created" in out
    imported = Service.objects.get(pk=service.pk)
    assert imported.is_free
    assert not imported.cost_options.exists()  # derived, not kept as a row
    assert _export(client, [service.pk]) == exported
    out, _ = run(path)
    assert "0 created, 0 updated, 1 unchanged" in out

    # The feed drops it: no longer free.
    exported[0]["cost_options"] = []
    path.write_text(json.dumps(exported))
    out, _ = run(path)
    assert "1 updated" in out
    assert not Service.objects.get(pk=service.pk).is_free


def test_another_feeds_costs_of_nothing_make_a_service_free_and_are_kept(tmp_path):
    data = json.loads(SERVICES.read_text())
    play = next(item for item in data if item["id"] == PLAY)
    nothing = {"id": "5b0c6a4e-1f7d-4c1e-9a55-3d2f9e8b7aff", "amount": 0, "currency": "GBP"}
    play["cost_options"] = [nothing]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(data))
    run(path)
    service = Service.objects.get(pk=PLAY)
    assert service.is_free
    assert [str(pk) for pk in service.cost_options.values_list("pk", flat=True)] == [nothing["id"]]
    play["cost_options"] = [nothing, {**nothing, "id": str(uuid.uuid4()), "amount": 4}]
    path.write_text(json.dumps(data))
    run(path)
    assert not Service.objects.get(pk=PLAY).is_free
