"""Our rows as Open Referral UK 3.0 JSON objects (field names as the standard has them).

Optional fields with no value are left out rather than sent as null, because the
standard's schemas type them as strings or numbers; arrays are always present.
"""

import datetime
import uuid
from decimal import Decimal

from django.urls import reverse

from local_offer.constants import DISABILITY_TERM_ID, SEN_TERM_ID
from local_offer.models import (
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


def _compact(data: dict, *, keep: tuple[str, ...] = ()) -> dict:
    return {
        key: value
        for key, value in data.items()
        if key in keep or (value is not None and value != "")
    }


def _datetime(value: datetime.datetime) -> str:
    utc = value.astimezone(datetime.UTC)
    return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: datetime.time | None) -> str | None:
    return value.strftime("%H:%M:%S") if value else None


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def taxonomy(item: Taxonomy, *, terms: list[TaxonomyTerm] | None = None) -> dict:
    data = _compact(
        {
            "id": str(item.id),
            "name": item.name,
            "description": item.description,
            "uri": item.uri,
            "version": item.version,
        },
        keep=("id", "name", "description"),
    )
    if terms is not None:
        data["taxonomy_terms"] = [taxonomy_term(term, taxonomy_item=item) for term in terms]
    return data


def taxonomy_term(term: TaxonomyTerm, *, taxonomy_item: Taxonomy | None = None) -> dict:
    taxonomy_item = taxonomy_item or term.taxonomy
    return _compact(
        {
            "id": str(term.id),
            "code": term.code,
            "term": term.term,
            "description": term.description,
            "taxonomy": taxonomy_item.name,
            "taxonomy_id": str(taxonomy_item.id),
            "parent_id": str(term.parent_id) if term.parent_id else None,
            "term_uri": term.term_uri,
        },
        keep=("id", "taxonomy"),
    )


def organization(item: Organization) -> dict:
    return _compact(
        {
            "id": str(item.id),
            "name": item.name,
            "description": item.description,
            "email": item.email,
            "website": item.website,
        },
        keep=("id", "name", "description"),
    )


def service_url(request, service: Service) -> str:
    """ORUK requires a URL; when the provider has no website, our page about it is one."""
    if service.url:
        return service.url
    return request.build_absolute_uri(reverse("local_offer_public:service", args=[service.pk]))


def service_summary(request, service: Service, *, with_organization: bool = True) -> dict:
    """The one-to-one fields of a service, with its organisation (ORUK service_list)."""
    data = _compact(
        {
            "id": str(service.id),
            "organization_id": str(service.organization_id),
            "name": service.name,
            "description": service.description,
            "url": service_url(request, service),
            "email": service.email,
            "status": service.operating_status,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "eligibility_description": service.eligibility_description,
            "application_process": service.application_process,
            "assured_date": _date(service.assured_date),
            "alert": service.alert,
            "last_modified": _datetime(service.updated_at),
        },
        keep=("id", "name", "status", "url"),
    )
    if with_organization:
        data["organization"] = organization(service.organization)
    return data


def _attribute(*, attribute_id, service: Service, term: TaxonomyTerm, link_type: str) -> dict:
    return {
        "id": str(attribute_id),
        "link_id": str(service.id),
        "link_type": link_type,
        "link_entity": "service",
        "taxonomy_term_id": str(term.id),
        "taxonomy_term": taxonomy_term(term),
    }


def service_attributes(service: Service, needs_terms: dict[uuid.UUID, TaxonomyTerm]) -> list:
    """Categories are stored attributes; whom the service is for is derived from its field,
    with ids derived from the service's so that they are stable."""
    attributes = [
        _attribute(
            attribute_id=attribute.id,
            service=service,
            term=attribute.taxonomy_term,
            link_type=attribute.link_type,
        )
        for attribute in service.attributes.all()
    ]
    for term_id, applies in (
        (SEN_TERM_ID, service.serves_sen),
        (DISABILITY_TERM_ID, service.serves_disability),
    ):
        if applies and term_id in needs_terms:
            attributes.append(
                _attribute(
                    attribute_id=uuid.uuid5(service.id, f"needs:{term_id}"),
                    service=service,
                    term=needs_terms[term_id],
                    link_type="eligibility",
                )
            )
    return attributes


def schedule(item: Schedule) -> dict:
    return _compact(
        {
            "id": str(item.id),
            "service_id": str(item.service_id),
            "valid_from": _date(item.valid_from),
            "valid_to": _date(item.valid_to),
            "dtstart": _date(item.dtstart),
            "freq": item.freq,
            "interval": item.interval,
            "byday": item.byday,
            "bymonthday": item.bymonthday,
            "description": item.description,
            "opens_at": _time(item.opens_at),
            "closes_at": _time(item.closes_at),
            "schedule_link": item.schedule_link,
            "attending_type": item.attending_type,
            "notes": item.notes,
        },
        keep=("id",),
    )


def cost_option(item: CostOption) -> dict:
    return _compact(
        {
            "id": str(item.id),
            "service_id": str(item.service_id),
            "valid_from": _date(item.valid_from),
            "valid_to": _date(item.valid_to),
            "option": item.option,
            "amount": _number(item.amount),
            "currency": "GBP",
            "amount_description": item.amount_description,
        },
        keep=("id",),
    )


def language(item: Language) -> dict:
    return _compact(
        {
            "id": str(item.id),
            "service_id": str(item.service_id),
            "name": item.name,
            "code": item.code,
        },
        keep=("id",),
    )


def contact(item: Contact) -> dict:
    data = _compact(
        {
            "id": str(item.id),
            "service_id": str(item.service_id),
            "name": item.name,
            "title": item.title,
            "email": item.email,
        },
        keep=("id",),
    )
    data["phones"] = [
        _compact(
            {
                "id": str(phone.id),
                "contact_id": str(item.id),
                "number": phone.number,
                "description": phone.description,
            },
            keep=("id", "number"),
        )
        for phone in item.phones.all()
    ]
    return data


def location(item: Location, *, full: bool = True) -> dict:
    data = _compact(
        {
            "id": str(item.id),
            "name": item.name,
            "description": item.description,
            "latitude": _number(item.latitude),
            "longitude": _number(item.longitude),
        },
        keep=("id",),
    )
    if full:
        data["addresses"] = [
            _compact(
                {
                    "id": str(item.address_id),
                    "location_id": str(item.id),
                    "address_1": item.address_1,
                    "address_2": item.address_2,
                    "city": item.city,
                    "state_province": "",
                    "postal_code": item.postcode,
                    "country": item.country,
                    "address_type": "physical",
                },
                keep=(
                    "id",
                    "address_1",
                    "city",
                    "state_province",
                    "postal_code",
                    "country",
                    "address_type",
                ),
            )
        ]
        data["accessibility"] = (
            [
                {
                    "id": str(item.accessibility_id),
                    "location_id": str(item.id),
                    "description": item.accessibility,
                }
            ]
            if item.accessibility
            else []
        )
    return data


def service_full(request, service: Service, needs_terms: dict) -> dict:
    """A fully nested service (ORUK compiled/service.json)."""
    data = service_summary(request, service)
    data.update(
        {
            "schedules": [schedule(item) for item in service.schedules.all()],
            "service_areas": [],
            "service_at_locations": [
                {
                    "id": str(link.id),
                    "service_id": str(service.id),
                    "location_id": str(link.location_id),
                    "location": location(link.location),
                }
                for link in service.service_at_locations.all()
            ],
            "languages": [language(item) for item in service.languages.all()],
            "funding": [],
            "cost_options": [cost_option(item) for item in service.cost_options.all()],
            "contacts": [contact(item) for item in service.contacts.all()],
            "attributes": service_attributes(service, needs_terms),
        }
    )
    return data


def service_at_location_summary(request, link: ServiceAtLocation) -> dict:
    return {
        "id": str(link.id),
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        "location": location(link.location, full=False),
        "service": service_summary(request, link.service),
    }


def service_at_location_full(request, link: ServiceAtLocation, service: Service, needs_terms):
    return {
        "id": str(link.id),
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        "location": location(link.location),
        "service": service_full(request, service, needs_terms),
    }


def organization_full(request, item: Organization, services: list[Service]) -> dict:
    data = organization(item)
    data["services"] = [
        service_summary(request, service, with_organization=False) for service in services
    ]
    return data
