"""Our rows as Open Referral UK 3.0 JSON objects (field names as the standard has them).

Each object is a `Shape` (api/shapes.py): the same declarations render the response and
generate the OpenAPI schema, so the document always describes what the API sends.
Optional fields with no value are left out rather than sent as null, because the
standard's schemas type them as strings or numbers; arrays are always present.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from local_offer.api.shapes import (
    DATE,
    DATE_TIME,
    EMAIL,
    INTEGER,
    NUMBER,
    TEXT,
    TIME,
    URI,
    UUID,
    Shape,
    attribute,
    computed,
)
from local_offer.constants import DISABILITY_TERM_ID, SEN_TERM_ID
from local_offer.models import Service, TaxonomyTerm


@dataclass
class Context:
    """What a representation needs besides the row: the request (for absolute URLs) and
    the needs terms (for the derived SEN and disability attributes)."""

    request: object = None
    needs_terms: dict[uuid.UUID, TaxonomyTerm] = field(default_factory=dict)


def _datetime(value: datetime.datetime) -> str:
    utc = value.astimezone(datetime.UTC)
    return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _date(value: datetime.date) -> str:
    return value.isoformat()


def _time(value: datetime.time) -> str:
    return value.strftime("%H:%M:%S")


def _number(value: Decimal) -> float:
    return float(value)


def _id(name: str = "id", source: str | None = None, **kw):
    return attribute(name, UUID, source, convert=str, **kw)


SERVICE_STATUSES = [choice.value for choice in Service.OperatingStatus]

TAXONOMY_TERM = Shape(
    "TaxonomyTerm",
    "A term of a taxonomy (ORUK taxonomy_term).",
    (
        _id(always=True),
        attribute("code", TEXT),
        attribute("term", TEXT),
        attribute("description", TEXT),
        computed("taxonomy", TEXT, lambda term, c: term.taxonomy.name, always=True),
        computed("taxonomy_id", UUID, lambda term, c: str(term.taxonomy_id)),
        _id("parent_id"),
        attribute("term_uri", URI),
    ),
)

TAXONOMY = Shape(
    "Taxonomy",
    "A vocabulary of terms (ORUK taxonomy), with its terms.",
    (
        _id(always=True),
        attribute("name", TEXT, always=True),
        attribute("description", TEXT, always=True),
        attribute("uri", URI),
        attribute("version", TEXT),
        # Prefetched in order by the views (position, then term).
        computed("taxonomy_terms", TAXONOMY_TERM, lambda item, c: item.terms.all(), many=True),
    ),
)

ORGANIZATION = Shape(
    "Organization",
    "An organisation that runs services (ORUK organization).",
    (
        _id(always=True),
        attribute("name", TEXT, always=True),
        attribute("description", TEXT, always=True),
        attribute("email", EMAIL),
        attribute("website", URI),
    ),
)


def service_url(request, service: Service) -> str:
    """ORUK requires a URL; when the provider has no website, our page about it is one."""
    if service.url:
        return service.url
    return request.build_absolute_uri(reverse("local_offer_public:service", args=[service.pk]))


SERVICE_FIELDS = Shape(
    "ServiceFields",
    "The one-to-one fields of a service (ORUK service), without its organisation.",
    (
        _id(always=True),
        _id("organization_id", always=True),
        attribute("name", TEXT, always=True),
        attribute("description", TEXT),
        computed("url", URI, lambda service, c: service_url(c.request, service), always=True),
        attribute("email", EMAIL),
        attribute(
            "status",
            {"type": "string", "enum": SERVICE_STATUSES},
            "operating_status",
            always=True,
        ),
        attribute("minimum_age", {**INTEGER, "minimum": 0, "maximum": 25}, always=True),
        attribute("maximum_age", {**INTEGER, "minimum": 0, "maximum": 25}, always=True),
        attribute("eligibility_description", TEXT),
        attribute("application_process", TEXT),
        attribute("assured_date", DATE, convert=_date),
        attribute("alert", TEXT),
        attribute("last_modified", DATE_TIME, "updated_at", convert=_datetime, always=True),
    ),
)

SERVICE_LIST_ITEM = SERVICE_FIELDS.extend(
    "ServiceListItem",
    "A service with its one-to-one fields and its organisation (ORUK service_list).",
    computed("organization", ORGANIZATION, lambda service, c: service.organization, always=True),
)


@dataclass
class _Attribute:
    id: uuid.UUID
    service: Service
    term: TaxonomyTerm
    link_type: str


def service_attributes(service: Service, context: Context) -> list[_Attribute]:
    """Categories are stored attributes; whom the service is for is derived from its field,
    with ids derived from the service's so that they are stable."""
    attributes = [
        _Attribute(item.id, service, item.taxonomy_term, item.link_type)
        for item in service.attributes.all()
    ]
    for term_id, applies in (
        (SEN_TERM_ID, service.serves_sen),
        (DISABILITY_TERM_ID, service.serves_disability),
    ):
        if applies and term_id in context.needs_terms:
            attributes.append(
                _Attribute(
                    uuid.uuid5(service.id, f"needs:{term_id}"),
                    service,
                    context.needs_terms[term_id],
                    "eligibility",
                )
            )
    return attributes


ATTRIBUTE = Shape(
    "Attribute",
    "Links a service to a taxonomy term: its categories, and whether it serves SEN, "
    "disability or both (ORUK attribute).",
    (
        _id(always=True),
        computed("link_id", UUID, lambda item, c: str(item.service.id), always=True),
        attribute("link_type", TEXT, always=True),
        computed(
            "link_entity",
            {"type": "string", "enum": ["service"]},
            lambda item, c: "service",
            always=True,
        ),
        computed("taxonomy_term_id", UUID, lambda item, c: str(item.term.id), always=True),
        computed("taxonomy_term", TAXONOMY_TERM, lambda item, c: item.term, always=True),
    ),
)

SCHEDULE = Shape(
    "Schedule",
    "When a service runs, as RFC 5545 recurrence fields (ORUK schedule).",
    (
        _id(always=True),
        _id("service_id"),
        attribute("valid_from", DATE, convert=_date),
        attribute("valid_to", DATE, convert=_date),
        attribute("dtstart", DATE, convert=_date),
        attribute("freq", {"type": "string", "enum": ["WEEKLY", "MONTHLY"]}),
        attribute("interval", {**INTEGER, "minimum": 0}),
        attribute("byday", TEXT),
        attribute("bymonthday", TEXT),
        attribute("description", TEXT),
        attribute("opens_at", TIME, convert=_time),
        attribute("closes_at", TIME, convert=_time),
        attribute("schedule_link", URI),
        attribute("attending_type", TEXT),
        attribute("notes", TEXT),
    ),
)

COST_OPTION = Shape(
    "CostOption",
    "What a service costs (ORUK cost_option). A service with none is free.",
    (
        _id(always=True),
        _id("service_id"),
        attribute("valid_from", DATE, convert=_date),
        attribute("valid_to", DATE, convert=_date),
        attribute("option", TEXT),
        attribute("amount", {**NUMBER, "minimum": 0}, convert=_number),
        computed("currency", {"type": "string", "enum": ["GBP"]}, lambda item, c: "GBP"),
        attribute("amount_description", TEXT),
    ),
)

LANGUAGE = Shape(
    "Language",
    "A language the service is delivered in (ORUK language).",
    (
        _id(always=True),
        _id("service_id"),
        attribute("name", TEXT),
        attribute("code", TEXT),
    ),
)

PHONE = Shape(
    "Phone",
    "A telephone number (ORUK phone).",
    (
        _id(always=True),
        _id("contact_id"),
        attribute("number", TEXT, always=True),
        attribute("description", TEXT),
    ),
)

CONTACT = Shape(
    "Contact",
    "Someone to contact about a service (ORUK contact), with their phone numbers.",
    (
        _id(always=True),
        _id("service_id"),
        attribute("name", TEXT),
        attribute("title", TEXT),
        attribute("email", EMAIL),
        computed("phones", PHONE, lambda item, c: item.phones.all(), many=True),
    ),
)

ADDRESS = Shape(
    "Address",
    "The physical address of a location (ORUK address). Read from the location's row.",
    (
        _id(always=True, source="address_id"),
        _id("location_id", "id"),
        attribute("address_1", TEXT, always=True),
        attribute("address_2", TEXT),
        attribute("city", TEXT, always=True),
        computed("state_province", TEXT, lambda item, c: "", always=True),
        attribute("postal_code", TEXT, "postcode", always=True),
        attribute("country", TEXT, always=True),
        computed(
            "address_type",
            {"type": "string", "enum": ["physical"]},
            lambda i, c: "physical",
            always=True,
        ),
    ),
)

ACCESSIBILITY = Shape(
    "Accessibility",
    "The accessibility of a location (ORUK accessibility). Read from the location's row.",
    (
        _id(always=True, source="accessibility_id"),
        _id("location_id", "id", always=True),
        attribute("description", TEXT, "accessibility", always=True),
    ),
)

LOCATION_SUMMARY = Shape(
    "LocationSummary",
    "Where a service runs: its name and coordinates (ORUK location).",
    (
        _id(always=True),
        attribute("name", TEXT),
        attribute("description", TEXT),
        attribute("latitude", {**NUMBER, "minimum": -90, "maximum": 90}, convert=_number),
        attribute("longitude", {**NUMBER, "minimum": -180, "maximum": 180}, convert=_number),
    ),
)

LOCATION = LOCATION_SUMMARY.extend(
    "Location",
    "Where a service runs, with its address and accessibility (ORUK location).",
    computed("addresses", ADDRESS, lambda item, c: [item], many=True),
    computed(
        "accessibility",
        ACCESSIBILITY,
        lambda item, c: [item] if item.accessibility else [],
        many=True,
    ),
)

SERVICE_AT_LOCATION_IN_SERVICE = Shape(
    "ServiceAtLocationInService",
    "A place where the service runs (ORUK service_at_location, inside a service).",
    (
        _id(always=True),
        _id("service_id", always=True),
        _id("location_id", always=True),
        computed("location", LOCATION, lambda link, c: link.location, always=True),
    ),
)

SERVICE = SERVICE_LIST_ITEM.extend(
    "Service",
    "A fully nested service (ORUK compiled service).",
    computed("schedules", SCHEDULE, lambda s, c: s.schedules.all(), many=True),
    computed("service_areas", TEXT, lambda s, c: [], many=True),
    computed(
        "service_at_locations",
        SERVICE_AT_LOCATION_IN_SERVICE,
        lambda s, c: s.service_at_locations.all(),
        many=True,
    ),
    computed("languages", LANGUAGE, lambda s, c: s.languages.all(), many=True),
    computed("funding", TEXT, lambda s, c: [], many=True),
    computed("cost_options", COST_OPTION, lambda s, c: s.cost_options.all(), many=True),
    computed("contacts", CONTACT, lambda s, c: s.contacts.all(), many=True),
    computed("attributes", ATTRIBUTE, service_attributes, many=True),
)

SERVICE_AT_LOCATION_LIST_ITEM = Shape(
    "ServiceAtLocationListItem",
    "A service at one of its locations (ORUK service_at_location_list).",
    (
        _id(always=True),
        _id("service_id", always=True),
        _id("location_id", always=True),
        computed("location", LOCATION_SUMMARY, lambda link, c: link.location, always=True),
        computed("service", SERVICE_LIST_ITEM, lambda link, c: link.service, always=True),
    ),
)

SERVICE_AT_LOCATION = SERVICE_AT_LOCATION_LIST_ITEM.extend(
    "ServiceAtLocation",
    "A service at one of its locations, fully nested (ORUK compiled service_at_location).",
    computed("location", LOCATION, lambda link, c: link.location, always=True),
    computed("service", SERVICE, lambda link, c: link.service, always=True),
)

ORGANIZATION_WITH_SERVICES = ORGANIZATION.extend(
    "OrganizationWithServices",
    "An organisation with its published services (ORUK organization, nested).",
    computed("services", SERVICE_FIELDS, lambda item, c: item.published_services, many=True),
)

META = Shape(
    "Meta",
    "Information about this API and its relationship with HSDS.",
    (
        computed("version", TEXT, lambda data, c: data["version"], always=True),
        computed("profile", URI, lambda data, c: data["profile"], always=True),
        computed("openapi_url", URI, lambda data, c: data["openapi_url"], always=True),
    ),
)

NOT_FOUND = Shape(
    "NotFound",
    "Nothing published has this id.",
    (computed("detail", TEXT, lambda data, c: data["detail"], always=True),),
)

BAD_PARAMETER = Shape(
    "BadParameter",
    "A query parameter is malformed or out of range, or a postcode is unknown.",
    (
        computed("detail", TEXT, lambda data, c: data["detail"], always=True),
        computed("parameter", TEXT, lambda data, c: data["parameter"], always=True),
    ),
)
