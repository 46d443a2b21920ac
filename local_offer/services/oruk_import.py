"""Import services from an Open Referral UK 3.0 export (fully nested services).

Every row is upserted by its id: organisations, services, locations (with their address
and accessibility), services at locations, contacts and phones, schedules, cost options,
languages, taxonomy terms and attributes. Rows of a service that the file no longer has
are removed, so the directory mirrors the file. Each service is imported in its own
transaction: a service that cannot be imported is reported with the reason and leaves
nothing behind, and the others go on. Importing the same file twice changes nothing.

Whom a service is for (SEN, disability, both) travels as attributes with the needs terms,
as our API publishes it; categories are attributes with the category terms.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.text import slugify

from local_offer.api.parameters import UUID_PATTERN
from local_offer.constants import DISABILITY_TERM_ID, MAX_AGE, SEN_TERM_ID
from local_offer.geography import coordinates_for
from local_offer.models import (
    Contact,
    CostOption,
    Language,
    LocalOfferChange,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    Taxonomy,
    TaxonomyTerm,
)
from local_offer.models.directory import normalise_postcode
from local_offer.services.audit import change_record
from local_offer.services.directory import service_search_refresh

# An imported entry is due a check with its provider a year after it arrives.
REVIEW_AFTER_IMPORT = datetime.timedelta(days=365)
SIX_PLACES = Decimal("0.000001")
NEEDS = {
    frozenset({SEN_TERM_ID}): Service.NeedsServed.SEN,
    frozenset({DISABILITY_TERM_ID}): Service.NeedsServed.DISABILITY,
    frozenset({SEN_TERM_ID, DISABILITY_TERM_ID}): Service.NeedsServed.BOTH,
}


class ImportProblem(Exception):
    """Why one service cannot be imported, in words an editor can act on."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (service id, reason)

    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.failures)} not imported"
        )


def services_in(document: Any) -> list:
    """The services of an export: an array of them, or a page envelope's `contents`."""
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return document["contents"]
    if isinstance(document, list):
        return document
    raise ImportProblem(
        "The file must hold an array of services, or a page envelope with their contents"
    )


def oruk_import(document: Any) -> ImportReport:
    report = ImportReport()
    for index, data in enumerate(services_in(document), start=1):
        label = data.get("id") if isinstance(data, dict) and data.get("id") else f"#{index}"
        try:
            outcome = service_import(data=data)
        except ImportProblem as problem:
            report.failures.append((str(label), str(problem)))
        except ValidationError as error:
            report.failures.append((str(label), _validation_message(error)))
        except DatabaseError as error:
            report.failures.append((str(label), f"the database refused it: {error}".strip()))
        except (TypeError, ValueError, AttributeError) as error:
            report.failures.append((str(label), f"it is malformed: {error}"))
        else:
            setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


# Reading values from the file


def _text(data: dict, name: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ImportProblem(f"{name} must be text")
    return str(value).strip()


def _uuid(value: Any, what: str) -> uuid.UUID:
    if value in (None, ""):
        raise ImportProblem(f"{what} has no id")
    if not isinstance(value, str) or not UUID_PATTERN.match(value):
        raise ImportProblem(f"{what} has an id that is not a UUID: {value!r}")
    return uuid.UUID(value)


def _optional_uuid(value: Any, what: str) -> uuid.UUID | None:
    return None if value in (None, "") else _uuid(value, what)


def _date(data: dict, name: str) -> datetime.date | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        parsed = parse_date(str(value)[:10])
    except ValueError:
        parsed = None
    if parsed is None:
        raise ImportProblem(f"{name} is not a date: {value!r}")
    return parsed


def _time(data: dict, name: str) -> datetime.time | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        parsed = parse_time(str(value))
    except ValueError:
        parsed = None
    if parsed is None:
        raise ImportProblem(f"{name} is not a time: {value!r}")
    return parsed.replace(tzinfo=None, microsecond=0)


def _decimal(data: dict, name: str) -> Decimal | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ImportProblem(f"{name} is not a number: {value!r}") from None


def _age(data: dict, name: str, default: int) -> int:
    value = data.get(name)
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_AGE:
        raise ImportProblem(
            f"{name} is {value!r}: the local offer covers ages 0 to {MAX_AGE}, so the "
            "service's age range must be within it"
        )
    return value


def _list(data: dict, name: str) -> list[dict]:
    value = data.get(name) or []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ImportProblem(f"{name} must be an array of objects")
    return value


# Writing rows


class _Upserts:
    """Upserts rows by id and remembers whether anything changed."""

    def __init__(self):
        self.changed = False

    def row(self, model: type[models.Model], pk, values: dict[str, Any], what: str):
        instance = model.objects.filter(pk=pk).first()
        if instance is None:
            instance = model(pk=pk, **values)
        else:
            differ = [name for name, value in values.items() if getattr(instance, name) != value]
            if not differ:
                return instance
            for name in differ:
                setattr(instance, name, values[name])
        try:
            instance.full_clean()
        except ValidationError as error:
            raise ImportProblem(f"{what} {pk}: {_validation_message(error)}") from None
        instance.save()
        self.changed = True
        return instance

    def prune(self, queryset: models.QuerySet, keep: set) -> None:
        deleted, _ = queryset.exclude(pk__in=keep).delete()
        self.changed = self.changed or bool(deleted)


def _organization(upserts: _Upserts, data: dict) -> Organization:
    organization = data.get("organization")
    if isinstance(organization, dict):
        pk = _uuid(organization.get("id"), "The organization")
        before = Organization.objects.filter(pk=pk).values_list("name", flat=True).first()
        item = upserts.row(
            Organization,
            pk,
            {
                "name": _text(organization, "name"),
                "description": _text(organization, "description"),
                "email": _text(organization, "email"),
                "website": _text(organization, "website"),
            },
            "Organization",
        )
        if before is not None and before != item.name:
            # Its services are found by its name: refresh their search documents.
            service_search_refresh(service_ids=item.services.values_list("pk", flat=True))
        return item
    pk = _optional_uuid(data.get("organization_id"), "The organization")
    item = Organization.objects.filter(pk=pk).first() if pk else None
    if item is None:
        raise ImportProblem("has no organization (nested, or the id of one already imported)")
    return item


def _term(upserts: _Upserts, attribute: dict) -> TaxonomyTerm:
    nested = attribute.get("taxonomy_term")
    term_id = _uuid(
        attribute.get("taxonomy_term_id") or (nested or {}).get("id"), "A taxonomy term"
    )
    existing = TaxonomyTerm.objects.filter(pk=term_id).first()
    if not isinstance(nested, dict):
        if existing is None:
            raise ImportProblem(f"unknown taxonomy term {term_id}")
        return existing
    taxonomy_id = _optional_uuid(nested.get("taxonomy_id"), "A taxonomy")
    taxonomy_id = taxonomy_id or (existing.taxonomy_id if existing else None)
    if taxonomy_id is None or not Taxonomy.objects.filter(pk=taxonomy_id).exists():
        raise ImportProblem(
            f"taxonomy term {term_id} ({_text(nested, 'term') or 'no name'}) belongs to an "
            f"unknown taxonomy {taxonomy_id or '(none given)'}"
        )
    parent_id = _optional_uuid(nested.get("parent_id"), "A parent taxonomy term")
    name = _text(nested, "term") or (existing.term if existing else "")
    return upserts.row(
        TaxonomyTerm,
        term_id,
        {
            "taxonomy_id": taxonomy_id,
            "code": _text(nested, "code") or (existing.code if existing else slugify(name)[:60]),
            "term": name,
            "description": _text(nested, "description"),
            "term_uri": _text(nested, "term_uri"),
            "parent_id": parent_id
            if parent_id and TaxonomyTerm.objects.filter(pk=parent_id).exists()
            else None,
        },
        "Taxonomy term",
    )


def _classification(upserts: _Upserts, data: dict) -> tuple[str, list[tuple]]:
    """Whom the service is for, and its other attributes as (attribute id, term, link type)."""
    needs: set[uuid.UUID] = set()
    attributes: dict[uuid.UUID, tuple] = {}
    for attribute in _list(data, "attributes"):
        attribute_id = _uuid(attribute.get("id"), "An attribute")
        term = _term(upserts, attribute)
        if term.pk in (SEN_TERM_ID, DISABILITY_TERM_ID):
            needs.add(term.pk)
        elif term.pk not in attributes:
            attributes[term.pk] = (attribute_id, term, _text(attribute, "link_type") or "category")
    if frozenset(needs) not in NEEDS:
        raise ImportProblem(
            "does not say whom it is for: give it an attribute with the SEN term "
            f"({SEN_TERM_ID}), the disability term ({DISABILITY_TERM_ID}), or both"
        )
    return NEEDS[frozenset(needs)], list(attributes.values())


def _own_page(url: str, pk: uuid.UUID) -> bool:
    """Our API gives a service without a website our page's address: that is not its own."""
    return bool(url) and urlparse(url).path == reverse("local_offer_public:service", args=[pk])


def _service_values(data: dict, pk: uuid.UUID, organization: Organization, needs: str) -> dict:
    name = _text(data, "name")
    if not name:
        raise ImportProblem("has no name")
    status = _text(data, "status") or Service.OperatingStatus.ACTIVE
    if status not in Service.OperatingStatus.values:
        raise ImportProblem(
            f"status {status!r} is not one of " + ", ".join(Service.OperatingStatus.values)
        )
    minimum_age = _age(data, "minimum_age", 0)
    maximum_age = _age(data, "maximum_age", MAX_AGE)
    if minimum_age > maximum_age:
        raise ImportProblem(f"minimum_age {minimum_age} is above maximum_age {maximum_age}")
    url = _text(data, "url")
    return {
        "organization_id": organization.pk,
        "name": name,
        "description": _text(data, "description"),
        "url": "" if _own_page(url, pk) else url,
        "email": _text(data, "email"),
        "operating_status": status,
        "alert": _text(data, "alert"),
        "minimum_age": minimum_age,
        "maximum_age": maximum_age,
        "needs_served": needs,
        "eligibility_description": _text(data, "eligibility_description"),
        "application_process": _text(data, "application_process"),
    }


def _location(upserts: _Upserts, data: dict) -> Location:
    pk = _uuid(data.get("id"), "A location")
    addresses = _list(data, "addresses")
    physical = [item for item in addresses if item.get("address_type") in (None, "physical")]
    if not physical:
        raise ImportProblem(f"location {pk} has no physical address")
    address = physical[0]
    postcode = _text(address, "postal_code")
    latitude, longitude = _decimal(data, "latitude"), _decimal(data, "longitude")
    if latitude is None and longitude is None and postcode:
        latitude, longitude = coordinates_for(postcode) or (None, None)
    if latitude is not None and longitude is not None:
        latitude, longitude = latitude.quantize(SIX_PLACES), longitude.quantize(SIX_PLACES)
    country = _text(address, "country") or "GB"
    if country != "GB":
        raise ImportProblem(f"location {pk} is outside the UK (country {country!r})")
    accessibility = "\n\n".join(
        _text(item, "description") for item in _list(data, "accessibility") if item
    ).strip()
    return upserts.row(
        Location,
        pk,
        {
            "address_id": _uuid(address.get("id"), f"The address of location {pk}"),
            "name": _text(data, "name") or _text(address, "address_1"),
            "description": _text(data, "description"),
            "address_1": _text(address, "address_1"),
            "address_2": _text(address, "address_2"),
            "city": _text(address, "city"),
            "postcode": normalise_postcode(postcode),
            "latitude": latitude,
            "longitude": longitude,
            "accessibility": accessibility,
        },
        "Location",
    )


def _children(upserts: _Upserts, service: Service, data: dict, attributes: list) -> None:
    """Everything nested in the service, upserted by id; rows the file lacks are removed."""
    keep = set()
    for attribute_id, term, link_type in attributes:
        current = service.attributes.filter(taxonomy_term=term).exclude(pk=attribute_id)
        upserts.prune(current, set())  # the same term under another attribute id
        upserts.row(
            ServiceAttribute,
            attribute_id,
            {"service_id": service.pk, "taxonomy_term_id": term.pk, "link_type": link_type},
            "Attribute",
        )
        keep.add(attribute_id)
    upserts.prune(service.attributes.all(), keep)

    keep = set()
    for link in _list(data, "service_at_locations"):
        location_data = link.get("location")
        if not isinstance(location_data, dict):
            raise ImportProblem("a service_at_location has no nested location")
        location = _location(upserts, location_data)
        link_id = _uuid(link.get("id"), "A service_at_location")
        upserts.row(
            ServiceAtLocation,
            link_id,
            {"service_id": service.pk, "location_id": location.pk},
            "Service at location",
        )
        keep.add(link_id)
    upserts.prune(service.service_at_locations.all(), keep)

    keep = set()
    for contact_data in _list(data, "contacts"):
        contact = upserts.row(
            Contact,
            _uuid(contact_data.get("id"), "A contact"),
            {
                "service_id": service.pk,
                "name": _text(contact_data, "name"),
                "title": _text(contact_data, "title"),
                "email": _text(contact_data, "email"),
            },
            "Contact",
        )
        keep.add(contact.pk)
        phones = set()
        for phone in _list(contact_data, "phones"):
            phone_id = _uuid(phone.get("id"), "A phone")
            upserts.row(
                Phone,
                phone_id,
                {
                    "contact_id": contact.pk,
                    "number": _text(phone, "number"),
                    "description": _text(phone, "description"),
                },
                "Phone",
            )
            phones.add(phone_id)
        upserts.prune(contact.phones.all(), phones)
    upserts.prune(service.contacts.all(), keep)

    keep = set()
    for item in _list(data, "schedules"):
        schedule_id = _uuid(item.get("id"), "A schedule")
        interval = item.get("interval")
        upserts.row(
            Schedule,
            schedule_id,
            {
                "service_id": service.pk,
                "freq": _text(item, "freq").upper() or Schedule.Frequency.WEEKLY,
                "interval": int(interval) if isinstance(interval, (int, float)) else 1,
                "byday": _text(item, "byday"),
                "bymonthday": _text(item, "bymonthday"),
                "opens_at": _time(item, "opens_at"),
                "closes_at": _time(item, "closes_at"),
                "valid_from": _date(item, "valid_from"),
                "valid_to": _date(item, "valid_to"),
                "dtstart": _date(item, "dtstart"),
                "description": _text(item, "description"),
                "attending_type": _text(item, "attending_type"),
                "notes": _text(item, "notes"),
                "schedule_link": _text(item, "schedule_link"),
            },
            "Schedule",
        )
        keep.add(schedule_id)
    upserts.prune(service.schedules.all(), keep)

    keep = set()
    for item in _list(data, "cost_options"):
        cost_id = _uuid(item.get("id"), "A cost option")
        amount = _decimal(item, "amount")
        if amount is None:
            raise ImportProblem(f"cost option {cost_id} has no amount")
        if _text(item, "currency") not in ("", "GBP"):
            raise ImportProblem(f"cost option {cost_id} is not in pounds (GBP)")
        upserts.row(
            CostOption,
            cost_id,
            {
                "service_id": service.pk,
                "option": _text(item, "option"),
                "amount": amount.quantize(Decimal("0.01")),
                "amount_description": _text(item, "amount_description"),
                "valid_from": _date(item, "valid_from"),
                "valid_to": _date(item, "valid_to"),
            },
            "Cost option",
        )
        keep.add(cost_id)
    upserts.prune(service.cost_options.all(), keep)

    keep = set()
    for item in _list(data, "languages"):
        language_id = _uuid(item.get("id"), "A language")
        upserts.row(
            Language,
            language_id,
            {"service_id": service.pk, "name": _text(item, "name"), "code": _text(item, "code")},
            "Language",
        )
        keep.add(language_id)
    upserts.prune(service.languages.all(), keep)


@transaction.atomic
def service_import(*, data: Any) -> str:
    """Upsert one fully nested ORUK service; returns "created", "updated" or "unchanged".

    A new service is published (it is public in the directory it comes from), with its
    assured date from the file and a review-by date a year on; an existing one keeps its
    publication state and review-by date, which are the editors' to decide.
    """
    if not isinstance(data, dict):
        raise ImportProblem("is not a JSON object")
    pk = _uuid(data.get("id"), "The service")
    upserts = _Upserts()
    organization = _organization(upserts, data)
    needs, attributes = _classification(upserts, data)
    values = _service_values(data, pk, organization, needs)
    existing = Service.objects.select_for_update().filter(pk=pk).first()
    if existing is None:
        today = timezone.localdate()
        now = timezone.now()
        service = Service(
            pk=pk,
            status=Service.Status.PUBLISHED,
            published_at=now,
            assured_date=_date(data, "assured_date") or today,
            review_by=today + REVIEW_AFTER_IMPORT,
            **values,
        )
        try:
            service.full_clean()
        except ValidationError as error:
            raise ImportProblem(_validation_message(error)) from None
        service.save()
        upserts.changed = True
        changed_fields = []
    else:
        changed_fields = [
            name for name, value in values.items() if getattr(existing, name) != value
        ]
        assured_date = _date(data, "assured_date")
        if assured_date and assured_date != existing.assured_date:
            existing.assured_date = assured_date
            changed_fields.append("assured_date")
        service = upserts.row(Service, pk, values, "Service")
        if "assured_date" in changed_fields:
            service.save(update_fields=["assured_date"])
            upserts.changed = True
    _children(upserts, service, data, attributes)
    if not upserts.changed:
        return "unchanged"
    # last_modified: when the source last changed it, or now.
    modified = _last_modified(data) or timezone.now()
    Service.objects.filter(pk=pk).update(updated_at=modified)
    service_search_refresh(service_ids=[pk])
    change_record(
        acting_user=None,
        action="service_imported",
        object_type=LocalOfferChange.ObjectType.SERVICE,
        object_id=pk,
        summary=(
            f"Imported from an Open Referral UK file: {service.name}"
            if existing is None
            else "Updated from an Open Referral UK file"
            + (f" ({', '.join(changed_fields)})" if changed_fields else "")
        ),
        fields=changed_fields,
    )
    return "created" if existing is None else "updated"


def _last_modified(data: dict) -> datetime.datetime | None:
    value = data.get("last_modified")
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = parse_datetime(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed
