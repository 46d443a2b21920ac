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

from django.db import connection
from django.db.models import CharField, F, Func, QuerySet
from django.db.models.functions import Cast
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
    Kept,
    Shape,
    attribute,
    computed,
    page_envelope,
)
from local_offer.constants import DISABILITY_TERM_ID, SEN_TERM_ID
from local_offer.models import CostOption, Location, Service, TaxonomyTerm


@dataclass
class Context:
    """What a representation needs besides the row: the request (for absolute URLs) and
    the needs terms (for the derived SEN and disability attributes)."""

    request: object = None
    needs_terms: dict[uuid.UUID, TaxonomyTerm] = field(default_factory=dict)


def related(item, name: str):
    """`item.<name>.all()`, straight from the prefetch cache when the view prefetched it:
    a full page of 50 services asks for ten relations each, and making a related manager
    and a queryset for each costs more than rendering them (bench/local_offer.py)."""
    cache = getattr(item, "_prefetched_objects_cache", {})
    return cache[name] if name in cache else getattr(item, name).all()


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
LOCATION_TYPES = [choice.value for choice in Location.LocationType]

TAXONOMY_TERM = Shape(
    "TaxonomyTerm",
    "A term of a taxonomy (ORUK taxonomy_term). ORUK 3.0 requires `name` and "
    "`description`; `term` is the older name of `name`, sent too.",
    (
        _id(always=True),
        attribute("name", TEXT, "term", always=True),
        attribute("description", TEXT, always=True),
        attribute("code", TEXT),
        attribute("term", TEXT),
        computed("taxonomy", TEXT, lambda term, c: term.taxonomy.name, always=True),
        computed("taxonomy_id", UUID, lambda term, c: str(term.taxonomy_id)),
        _id("parent_id"),
        attribute("term_uri", URI),
    ),
    open=True,
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
        computed(
            "taxonomy_terms", TAXONOMY_TERM, lambda item, c: related(item, "terms"), many=True
        ),
    ),
    open=True,
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
        attribute("logo", TEXT),
        attribute("uri", URI),
        _id("parent_organization_id"),
    ),
    open=True,
)

ORGANIZATION_IDENTIFIER = Shape(
    "OrganizationIdentifier",
    "An organisation's identifier in a register (ORUK organization_identifier).",
    (
        _id(always=True),
        _id("organization_id", always=True),
        attribute("identifier_scheme", TEXT),
        attribute("identifier_type", TEXT, always=True),
        attribute("identifier", TEXT, always=True),
    ),
)

ORGANIZATION_NESTED = ORGANIZATION.extend(
    "OrganizationNested",
    "An organisation with its identifiers (ORUK organization, inside a service).",
    computed(
        "organization_identifiers",
        ORGANIZATION_IDENTIFIER,
        lambda item, c: related(item, "identifiers"),
        many=True,
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
        attribute("fees", TEXT),
        attribute("accreditations", TEXT),
        attribute("minimum_age", {**INTEGER, "minimum": 0}, always=True),
        attribute("maximum_age", {**INTEGER, "minimum": 0}, always=True),
        attribute("assurer_email", EMAIL),
        attribute("eligibility_description", TEXT),
        attribute("application_process", TEXT),
        attribute("assured_date", DATE, convert=_date),
        attribute("alert", TEXT),
        attribute("last_modified", DATE_TIME, "updated_at", convert=_datetime, always=True),
    ),
    open=True,
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
    extra: dict = field(default_factory=dict)


def service_cost_options(service: Service, context: Context) -> list[CostOption]:
    """The stored cost options and, for a service its editor marked free, a cost option of
    nothing (ORUK 3.0 schema cost_option.json has no "free" flag: amount 0 says it) with an
    id derived from the service's, unless a stored option says so already."""
    options = list(related(service, "cost_options"))
    if service.is_free and not any(option.amount == 0 for option in options):
        options.insert(
            0,
            CostOption(
                id=service.free_cost_option_id,
                service_id=service.pk,
                amount=Decimal("0.00"),
                currency="GBP",
                amount_description="Free",
            ),
        )
    return options


def service_attributes(service: Service, context: Context) -> list[_Attribute]:
    """Categories are stored attributes; whom the service is for is derived from its field,
    with ids derived from the service's so that they are stable."""
    attributes = [
        _Attribute(item.id, service, item.taxonomy_term, item.link_type, item.extra)
        for item in related(service, "attributes")
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
    open=True,
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
    open=True,
)

COST_OPTION = Shape(
    "CostOption",
    "What a service costs (ORUK cost_option). A free service has one of amount 0.",
    (
        _id(always=True),
        _id("service_id"),
        attribute("valid_from", DATE, convert=_date),
        attribute("valid_to", DATE, convert=_date),
        attribute("option", TEXT),
        attribute("amount", {**NUMBER, "minimum": 0}, convert=_number),
        attribute("currency", {"type": "string", "pattern": "^[A-Z]{3}$"}),
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
        attribute("note", TEXT),
    ),
    open=True,
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
    open=True,
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
        computed("phones", PHONE, lambda item, c: related(item, "phones"), many=True),
    ),
    open=True,
)

SERVICE_AREA = Shape(
    "ServiceArea",
    "Where the service is available (ORUK service_area).",
    (
        _id(always=True),
        _id("service_id"),
        attribute("name", TEXT),
        attribute("service_area", TEXT),
        attribute("extent", TEXT),
        attribute("extent_type", TEXT),
        attribute("uri", TEXT),
    ),
    open=True,
)

FUNDING = Shape(
    "Funding",
    "Where the service's money comes from (ORUK funding).",
    (_id(always=True), _id("service_id"), attribute("source", TEXT)),
    open=True,
)

ADDRESS = Shape(
    "Address",
    "The physical address of a location (ORUK address). Read from the location's row.",
    (
        _id(always=True, source="address_id"),
        _id("location_id", "id"),
        attribute("attention", TEXT),
        attribute("address_1", TEXT, always=True),
        attribute("address_2", TEXT),
        attribute("city", TEXT, always=True),
        attribute("region", TEXT),
        attribute("state_province", TEXT, always=True),
        attribute("postal_code", TEXT, "postcode", always=True),
        attribute("country", TEXT, always=True),
        attribute("address_type", {"type": "string", "enum": LOCATION_TYPES}, always=True),
    ),
)

ACCESSIBILITY = Shape(
    "Accessibility",
    "The accessibility of a location (ORUK accessibility). Read from the location's row.",
    (
        _id(always=True, source="accessibility_id"),
        _id("location_id", "id", always=True),
        attribute("description", TEXT, "accessibility", always=True),
        attribute("details", TEXT, "accessibility_details"),
        attribute("url", URI, "accessibility_url"),
        # ORUK 3.0 repeats the description under this older name.
        attribute("accessibility", TEXT, "accessibility"),
    ),
)


def _addresses(location) -> list:
    """The address we hold (when there is one: an online service may have none), then any
    others an import brought, as they came."""
    held = [location] if location.address_1 or location.postcode else []
    return held + [Kept(item) for item in location.other_addresses or []]


def _accessibility(location) -> list:
    held = [location] if location.accessibility or location.accessibility_entry_id else []
    return held + [Kept(item) for item in location.other_accessibility or []]


LOCATION_SUMMARY = Shape(
    "LocationSummary",
    "Where a service runs: its type, name and coordinates (ORUK location).",
    (
        _id(always=True),
        attribute("location_type", {"type": "string", "enum": LOCATION_TYPES}, always=True),
        attribute("name", TEXT),
        attribute("description", TEXT),
        attribute("latitude", {**NUMBER, "minimum": -90, "maximum": 90}, convert=_number),
        attribute("longitude", {**NUMBER, "minimum": -180, "maximum": 180}, convert=_number),
        attribute("external_identifier", TEXT),
        attribute("external_identifier_type", TEXT),
    ),
    open=True,
)

LOCATION = LOCATION_SUMMARY.extend(
    "Location",
    "Where a service runs, with its address and accessibility (ORUK location).",
    computed("addresses", ADDRESS, lambda item, c: _addresses(item), many=True),
    computed("accessibility", ACCESSIBILITY, lambda item, c: _accessibility(item), many=True),
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
    computed("organization", ORGANIZATION_NESTED, lambda s, c: s.organization, always=True),
    computed("schedules", SCHEDULE, lambda s, c: related(s, "schedules"), many=True),
    computed("service_areas", SERVICE_AREA, lambda s, c: related(s, "service_areas"), many=True),
    computed(
        "service_at_locations",
        SERVICE_AT_LOCATION_IN_SERVICE,
        lambda s, c: related(s, "service_at_locations"),
        many=True,
    ),
    computed("languages", LANGUAGE, lambda s, c: related(s, "languages"), many=True),
    computed("funding", FUNDING, lambda s, c: related(s, "funding"), many=True),
    computed("cost_options", COST_OPTION, service_cost_options, many=True),
    computed("contacts", CONTACT, lambda s, c: related(s, "contacts"), many=True),
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

ORGANIZATION_WITH_SERVICES = ORGANIZATION_NESTED.extend(
    "OrganizationWithServices",
    "An organisation with its identifiers and published services (ORUK organization, nested).",
    computed("services", SERVICE_FIELDS, lambda item, c: item.published_services, many=True),
)

ORGANIZATION_WITH_FULL_SERVICES = ORGANIZATION_NESTED.extend(
    "OrganizationWithFullServices",
    "An organisation with its identifiers and its published services fully nested "
    "(ORUK organization, full_service=true).",
    computed("services", SERVICE, lambda item, c: item.published_services, many=True),
)


def minimal_service(pk, name, status, modified) -> dict:
    """/services?minimal=true: a service's id and when it last changed, with the name and
    status every item of the official service_list.json must have
    (schema/service_list.json#/properties/contents/items/required)."""
    return {"id": str(pk), "name": name, "status": status, "last_modified": _datetime(modified)}


# last_modified as _datetime writes it (UTC, milliseconds, Z), made by PostgreSQL.
UTC_MILLISECONDS = Func(
    F("updated_at"),
    template="to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
    output_field=CharField(),
)


def _minimal_rows(services: QuerySet) -> list[dict]:
    """On PostgreSQL the database writes the id and the time as text: no UUID or datetime
    object per row, which is most of the cost of listing every service
    (bench/local_offer.py, "minimal (all)")."""
    if connection.vendor != "postgresql":
        return [
            minimal_service(*row)
            for row in services.values_list("id", "name", "operating_status", "updated_at")
        ]
    rows = services.values_list(
        Cast("id", CharField()), "name", "operating_status", UTC_MILLISECONDS
    )
    return [
        {"id": pk, "name": name, "status": status, "last_modified": modified}
        for pk, name, status, modified in rows
    ]


def minimal_services(services: QuerySet, *, page_number: int = 1) -> dict:
    """Every service of `services` as minimal_service gives it, all on page 1 of a page
    envelope (a later page is past the end: empty).

    The official openapi.json describes minimal as "Return array of just service 'id' and
    'modified_date'" (#/components/parameters/minimal/description) but gives /services one
    response schema, service_list.json (#/paths/~1services/get/responses/200), an object
    whose items need id, name and status: a defect of the standard. We follow the schema,
    as the validator does, and the description's intent: every service in one call, with
    only what identifies it and when it changed (service.json's `last_modified`; there is
    no `modified_date` field)."""
    if page_number > 1:
        contents, total = [], services.count()
    else:
        contents = _minimal_rows(services)
        total = len(contents)
    return {
        "total_items": total,
        "total_pages": 1 if total else 0,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": True,
        "empty": not contents,
        "contents": contents,
    }


MINIMAL_SERVICES = page_envelope(
    {
        "type": "object",
        "required": ["id", "name", "status", "last_modified"],
        "properties": {
            "id": UUID,
            "name": TEXT,
            "status": {"type": "string", "enum": SERVICE_STATUSES},
            "last_modified": DATE_TIME,
        },
        "additionalProperties": False,
    },
    "Every matching service's id, name, status and last_modified (minimal=true), all on "
    "page 1 whatever per_page says.",
    most_pages=1,
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
