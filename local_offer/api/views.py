"""The Open Referral UK 3.0 API: read-only JSON, public, published services only.

Each list answers with the standard page envelope; each view parses its parameters (400
for a malformed one), asks a selector, and maps rows with api/representations.py.
"""

import datetime
import json
import math
import uuid
from functools import cache, wraps
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Lower
from django.http import JsonResponse
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_GET

from local_offer import selectors
from local_offer.api import representations as oruk
from local_offer.constants import DISABILITY_TERM_ID, NEEDS_TAXONOMY_ID, SEN_TERM_ID
from local_offer.models import (
    Contact,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    Taxonomy,
    TaxonomyTerm,
)
from local_offer.models.directory import normalise_postcode

ORUK_VERSION = "3.0"
ORUK_PROFILE = "https://github.com/OpenReferralUK/uk-profile"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
OPENAPI_FILE = Path(__file__).with_name("openapi.json")


class BadParameter(Exception):
    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Open data: any website may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _not_found() -> JsonResponse:
    return _json({"detail": "Not found"}, status=404)


def api_view(view):
    """Public, GET only, and a malformed parameter is a 400 that names it."""

    @login_not_required
    @require_GET
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadParameter as error:
            return _json({"detail": error.message, "parameter": error.name}, status=400)

    return wrapped


def _int(request, name: str, *, default=None, minimum=None, maximum=None):
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"{name} must be a whole number") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise BadParameter(name, f"{name} must be from {minimum} to {maximum}")
    return value


def _uuid(request, name: str) -> uuid.UUID | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadParameter(name, f"{name} must be a UUID") from None


def _datetime(request, name: str) -> datetime.datetime | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    value = parse_datetime(raw.replace(" ", "+"))  # a "+" arrives as a space if unencoded
    if value is None:
        day = parse_date(raw)
        if day is None:
            raise BadParameter(name, f"{name} must be an ISO 8601 date or date-time")
        value = datetime.datetime.combine(day, datetime.time.min)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


def _path_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _page(request, queryset: QuerySet, represent) -> dict:
    """The ORUK page envelope around one page of `queryset`."""
    page_number = _int(request, "page", default=1, minimum=1, maximum=10**6)
    per_page = _int(request, "per_page", default=DEFAULT_PER_PAGE, minimum=1, maximum=MAX_PER_PAGE)
    total = queryset.count()
    total_pages = math.ceil(total / per_page)
    start = (page_number - 1) * per_page
    items = list(queryset[start : start + per_page]) if start < total else []
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(items),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not items,
        "contents": [represent(item) for item in items],
    }


def _needs_terms() -> dict[uuid.UUID, TaxonomyTerm]:
    terms = TaxonomyTerm.objects.filter(taxonomy_id=NEEDS_TAXONOMY_ID).select_related("taxonomy")
    return {term.id: term for term in terms}


def _service_filters(request, services: QuerySet[Service]) -> QuerySet[Service]:
    """The ORUK service filters, shared by /services and /service_at_locations."""
    term_id = _uuid(request, "taxonomy_term_id")
    if term_id == SEN_TERM_ID:
        services = services.filter(needs_served__in=["sen", "both"])
    elif term_id == DISABILITY_TERM_ID:
        services = services.filter(needs_served__in=["disability", "both"])
    elif term_id is not None:
        attributes = ServiceAttribute.objects.filter(
            service=OuterRef("pk"), taxonomy_term_id=term_id
        )
        services = services.filter(Exists(attributes))
    taxonomy_id = _uuid(request, "taxonomy_id")
    if taxonomy_id is not None and taxonomy_id != NEEDS_TAXONOMY_ID:
        # Every service carries a needs term, so the needs taxonomy filters nothing out.
        services = services.filter(
            Exists(
                ServiceAttribute.objects.filter(
                    service=OuterRef("pk"), taxonomy_term__taxonomy_id=taxonomy_id
                )
            )
        )
    minimum_age = _int(request, "minimum_age", minimum=0, maximum=150)
    if minimum_age is not None:
        services = services.filter(minimum_age__gte=minimum_age)
    maximum_age = _int(request, "maximum_age", minimum=0, maximum=150)
    if maximum_age is not None:
        services = services.filter(maximum_age__lte=maximum_age)
    organization_id = _uuid(request, "organization_id")
    if organization_id is not None:
        services = services.filter(organization_id=organization_id)
    modified_after = _datetime(request, "modified_after")
    if modified_after is not None:
        services = services.filter(updated_at__gte=modified_after)
    return selectors.search_services(services, request.GET.get("search", ""))


def _full_services() -> QuerySet[Service]:
    """Published services with everything the nested document shows, in fixed queries."""
    return (
        Service.objects.published()
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "attributes",
                queryset=ServiceAttribute.objects.select_related(
                    "taxonomy_term__taxonomy"
                ).order_by("taxonomy_term__position"),
            ),
            "languages",
            "schedules",
            "cost_options",
            Prefetch("contacts", queryset=Contact.objects.prefetch_related("phones")),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").order_by(
                    "location__name"
                ),
            ),
        )
    )


@cache
def _openapi_document() -> dict:
    return json.loads(OPENAPI_FILE.read_text())


@api_view
def meta(request):
    return _json(
        {
            "version": ORUK_VERSION,
            "profile": ORUK_PROFILE,
            "openapi_url": request.build_absolute_uri(reverse("oruk:openapi")),
        }
    )


@api_view
def openapi(request):
    document = dict(_openapi_document())
    document["servers"] = [{"url": request.build_absolute_uri(reverse("oruk:meta")).rstrip("/")}]
    return _json(document)


@api_view
def service_list(request):
    services = _service_filters(request, Service.objects.published().select_related("organization"))
    if not request.GET.get("search", "").strip():
        services = services.order_by(Lower("name"), "id")
    return _json(_page(request, services, lambda item: oruk.service_summary(request, item)))


@api_view
def service_detail(request, service_id):
    pk = _path_uuid(service_id)
    service = _full_services().filter(pk=pk).first() if pk else None
    if service is None:
        return _not_found()
    return _json(oruk.service_full(request, service, _needs_terms()))


@api_view
def taxonomy_list(request):
    taxonomies = Taxonomy.objects.prefetch_related(
        Prefetch("terms", queryset=TaxonomyTerm.objects.order_by("position", "term"))
    ).order_by("name", "id")
    return _json(
        _page(
            request,
            taxonomies,
            lambda item: oruk.taxonomy(item, terms=list(item.terms.all())),
        )
    )


@api_view
def taxonomy_detail(request, taxonomy_id):
    pk = _path_uuid(taxonomy_id)
    item = Taxonomy.objects.filter(pk=pk).first() if pk else None
    if item is None:
        return _not_found()
    terms = list(item.terms.order_by("position", "term"))
    return _json(oruk.taxonomy(item, terms=terms))


@api_view
def taxonomy_term_list(request):
    terms = TaxonomyTerm.objects.select_related("taxonomy").order_by(
        "taxonomy__name", "position", "term", "id"
    )
    taxonomy_id = _uuid(request, "taxonomy_id")
    if taxonomy_id is not None:
        terms = terms.filter(taxonomy_id=taxonomy_id)
    return _json(_page(request, terms, oruk.taxonomy_term))


@api_view
def taxonomy_term_detail(request, term_id):
    pk = _path_uuid(term_id)
    term = TaxonomyTerm.objects.select_related("taxonomy").filter(pk=pk).first() if pk else None
    if term is None:
        return _not_found()
    return _json(oruk.taxonomy_term(term))


def _published_links() -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.filter(service__status=Service.Status.PUBLISHED)


@api_view
def service_at_location_list(request):
    services = _service_filters(request, Service.objects.published())
    links = (
        _published_links()
        .filter(service__in=services.values("pk"))
        .select_related("service__organization", "location")
        .order_by(Lower("service__name"), Lower("location__name"), "id")
    )
    postcode = request.GET.get("postcode", "").strip()
    if postcode:
        links = links.filter(location__postcode=normalise_postcode(postcode))
    return _json(
        _page(request, links, lambda item: oruk.service_at_location_summary(request, item))
    )


@api_view
def service_at_location_detail(request, link_id):
    pk = _path_uuid(link_id)
    link = _published_links().select_related("location").filter(pk=pk).first() if pk else None
    if link is None:
        return _not_found()
    service = _full_services().get(pk=link.service_id)
    return _json(oruk.service_at_location_full(request, link, service, _needs_terms()))


def _public_organizations() -> QuerySet[Organization]:
    """Organisations that run at least one published service."""
    return Organization.objects.filter(
        Exists(Service.objects.published().filter(organization=OuterRef("pk")))
    )


@api_view
def organization_list(request):
    organizations = _public_organizations().order_by(Lower("name"), "id")
    return _json(_page(request, organizations, oruk.organization))


@api_view
def organization_detail(request, organization_id):
    pk = _path_uuid(organization_id)
    item = _public_organizations().filter(pk=pk).first() if pk else None
    if item is None:
        return _not_found()
    services = list(
        Service.objects.published().filter(organization=item).order_by(Lower("name"), "id")
    )
    for service in services:
        service.organization = item  # already loaded: no query per service
    return _json(oruk.organization_full(request, item, services))
