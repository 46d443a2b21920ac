"""The Open Referral UK 3.0 API: read-only JSON, public, published services only.

Each view declares its contract with `@endpoint` (path, parameters, response shape), which
is what api/openapi.py publishes; it parses its parameters (400 for a malformed one), asks
for the rows, and renders them with the shapes in api/representations.py.
"""

import math
import uuid
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Lower
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from local_offer import geography, selectors
from local_offer.api import parameters as p
from local_offer.api import representations as oruk
from local_offer.api.openapi import document, endpoint
from local_offer.api.parameters import BadParameter
from local_offer.api.shapes import Shape
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


def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Open data: any website may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _not_found() -> JsonResponse:
    return _json(oruk.NOT_FOUND.render({"detail": "Not found"}), status=404)


def api_view(view):
    """Public, GET only, and a malformed parameter is a 400 that names it."""

    @login_not_required
    @require_GET
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadParameter as error:
            body = oruk.BAD_PARAMETER.render({"detail": error.message, "parameter": error.name})
            return _json(body, status=400)

    return wrapped


def _by_path_id(queryset: QuerySet, value: str):
    """The object whose id is in the path, or None: not a UUID, or not there."""
    if not p.UUID_PATTERN.match(value):
        return None
    return queryset.filter(pk=uuid.UUID(value)).first()


def _page(request, queryset: QuerySet, shape: Shape, context: oruk.Context) -> dict:
    """The ORUK page envelope around one page of `queryset`."""
    page_number = p.PAGE.parse(request)
    per_page = p.PER_PAGE.parse(request)
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
        "contents": [shape.render(item, context) for item in items],
    }


def _needs_terms() -> dict[uuid.UUID, TaxonomyTerm]:
    terms = TaxonomyTerm.objects.filter(taxonomy_id=NEEDS_TAXONOMY_ID).select_related("taxonomy")
    return {term.id: term for term in terms}


def _service_filters(request, services: QuerySet[Service]) -> QuerySet[Service]:
    """The ORUK service filters, shared by /services and /service_at_locations."""
    term_id = p.TAXONOMY_TERM_ID.parse(request)
    if term_id == SEN_TERM_ID:
        services = services.filter(needs_served__in=["sen", "both"])
    elif term_id == DISABILITY_TERM_ID:
        services = services.filter(needs_served__in=["disability", "both"])
    elif term_id is not None:
        attributes = ServiceAttribute.objects.filter(
            service=OuterRef("pk"), taxonomy_term_id=term_id
        )
        services = services.filter(Exists(attributes))
    taxonomy_id = p.TAXONOMY_ID.parse(request)
    if taxonomy_id is not None and taxonomy_id != NEEDS_TAXONOMY_ID:
        # Every service carries a needs term, so the needs taxonomy filters nothing out.
        services = services.filter(
            Exists(
                ServiceAttribute.objects.filter(
                    service=OuterRef("pk"), taxonomy_term__taxonomy_id=taxonomy_id
                )
            )
        )
    minimum_age = p.MINIMUM_AGE.parse(request)
    if minimum_age is not None:
        services = services.filter(minimum_age__gte=minimum_age)
    maximum_age = p.MAXIMUM_AGE.parse(request)
    if maximum_age is not None:
        services = services.filter(maximum_age__lte=maximum_age)
    organization_id = p.ORGANIZATION_ID.parse(request)
    if organization_id is not None:
        services = services.filter(organization_id=organization_id)
    modified_after = p.MODIFIED_AFTER.parse(request)
    if modified_after is not None:
        services = services.filter(updated_at__gte=modified_after)
    return selectors.search_services(services, p.SEARCH.parse(request))


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


def _meta_url(request) -> str:
    return request.build_absolute_uri(reverse("oruk:meta")).rstrip("/")


@endpoint(
    path="/",
    operation_id="getAPIMetaInformation",
    summary="Information about this API and its relationship with HSDS.",
    response=oruk.META,
)
@api_view
def meta(request):
    data = {
        "version": ORUK_VERSION,
        "profile": ORUK_PROFILE,
        "openapi_url": request.build_absolute_uri(reverse("oruk:openapi")),
    }
    return _json(oruk.META.render(data))


@api_view
def openapi(request):
    return _json(document(server_url=_meta_url(request)))


@endpoint(
    path="/services",
    operation_id="getPaginatedListOfServices",
    summary="A page of services with their one-to-one fields and organization.",
    response=oruk.SERVICE_LIST_ITEM,
    paged=True,
    parameters=(p.SEARCH, *p.PAGING, *p.SERVICE_FILTERS[1:]),
)
@api_view
def service_list(request):
    services = _service_filters(request, Service.objects.published().select_related("organization"))
    if not p.SEARCH.parse(request):
        services = services.order_by(Lower("name"), "id")
    return _json(_page(request, services, oruk.SERVICE_LIST_ITEM, oruk.Context(request)))


@endpoint(
    path="/services/{id}",
    operation_id="getFullyNestedServiceById",
    summary="A fully nested service.",
    response=oruk.SERVICE,
    identifies="service",
)
@api_view
def service_detail(request, service_id):
    service = _by_path_id(_full_services(), service_id)
    if service is None:
        return _not_found()
    return _json(oruk.SERVICE.render(service, oruk.Context(request, _needs_terms())))


def _taxonomies() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.prefetch_related(
        Prefetch("terms", queryset=TaxonomyTerm.objects.order_by("position", "term"))
    )


@endpoint(
    path="/taxonomies",
    operation_id="getPaginatedListOfTaxonomies",
    summary="A page of taxonomies, each with its terms.",
    response=oruk.TAXONOMY,
    paged=True,
    parameters=p.PAGING,
)
@api_view
def taxonomy_list(request):
    taxonomies = _taxonomies().order_by("name", "id")
    return _json(_page(request, taxonomies, oruk.TAXONOMY, oruk.Context(request)))


@endpoint(
    path="/taxonomies/{id}",
    operation_id="getTaxonomyById",
    summary="A taxonomy with its terms.",
    response=oruk.TAXONOMY,
    identifies="taxonomy",
)
@api_view
def taxonomy_detail(request, taxonomy_id):
    item = _by_path_id(_taxonomies(), taxonomy_id)
    if item is None:
        return _not_found()
    return _json(oruk.TAXONOMY.render(item, oruk.Context(request)))


@endpoint(
    path="/taxonomy_terms",
    operation_id="getPaginatedListOfTaxonomyTerms",
    summary="A page of taxonomy terms.",
    response=oruk.TAXONOMY_TERM,
    paged=True,
    parameters=(*p.PAGING, p.TAXONOMY_ID),
)
@api_view
def taxonomy_term_list(request):
    terms = TaxonomyTerm.objects.select_related("taxonomy").order_by(
        "taxonomy__name", "position", "term", "id"
    )
    taxonomy_id = p.TAXONOMY_ID.parse(request)
    if taxonomy_id is not None:
        terms = terms.filter(taxonomy_id=taxonomy_id)
    return _json(_page(request, terms, oruk.TAXONOMY_TERM, oruk.Context(request)))


@endpoint(
    path="/taxonomy_terms/{id}",
    operation_id="getTaxonomyTermById",
    summary="A taxonomy term.",
    response=oruk.TAXONOMY_TERM,
    identifies="taxonomy term",
)
@api_view
def taxonomy_term_detail(request, term_id):
    term = _by_path_id(TaxonomyTerm.objects.select_related("taxonomy"), term_id)
    if term is None:
        return _not_found()
    return _json(oruk.TAXONOMY_TERM.render(term, oruk.Context(request)))


def _published_links() -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.filter(service__status=Service.Status.PUBLISHED)


def _near(request, links: QuerySet[ServiceAtLocation]) -> QuerySet[ServiceAtLocation]:
    """postcode alone: that postcode. postcode and proximity: within that many metres of
    the postcode's centre (from the Postcode table), nearest first."""
    postcode = p.POSTCODE.parse(request)
    proximity = p.PROXIMITY.parse(request)
    if proximity is not None:
        if not postcode:
            raise BadParameter("postcode", "Give a postcode to search by proximity")
        try:
            origin = geography.postcode_point(postcode)
        except geography.UnknownPostcode:
            raise BadParameter(
                "postcode",
                f"We do not know where the postcode {postcode.upper()} is. Check it, or "
                "search without proximity",
            ) from None
        return (
            links.filter(geography.within_box(origin, proximity, "location__"))
            .alias(distance=geography.distance_metres(origin, "location__"))
            .filter(distance__lte=proximity)
            .order_by("distance", Lower("service__name"), "id")
        )
    if postcode:
        links = links.filter(location__postcode=normalise_postcode(postcode))
    return links


@endpoint(
    path="/service_at_locations",
    operation_id="getPaginatedListOfServiceAtLocations",
    summary="A page of services at locations, with the service and organization.",
    response=oruk.SERVICE_AT_LOCATION_LIST_ITEM,
    paged=True,
    parameters=(
        p.SEARCH,
        *p.PAGING,
        *p.SERVICE_FILTERS[1:],
        p.POSTCODE,
        p.PROXIMITY,
    ),
)
@api_view
def service_at_location_list(request):
    services = _service_filters(request, Service.objects.published())
    links = (
        _published_links()
        .filter(service__in=services.values("pk"))
        .select_related("service__organization", "location")
        .order_by(Lower("service__name"), Lower("location__name"), "id")
    )
    links = _near(request, links)
    return _json(_page(request, links, oruk.SERVICE_AT_LOCATION_LIST_ITEM, oruk.Context(request)))


@endpoint(
    path="/service_at_locations/{id}",
    operation_id="getFullyNestedServiceAtLocationById",
    summary="A fully nested service at a location.",
    response=oruk.SERVICE_AT_LOCATION,
    identifies="service at location",
)
@api_view
def service_at_location_detail(request, link_id):
    link = _by_path_id(_published_links().select_related("location"), link_id)
    if link is None:
        return _not_found()
    link.service = _full_services().get(pk=link.service_id)
    return _json(oruk.SERVICE_AT_LOCATION.render(link, oruk.Context(request, _needs_terms())))


def _public_organizations() -> QuerySet[Organization]:
    """Organisations that run at least one published service."""
    return Organization.objects.filter(
        Exists(Service.objects.published().filter(organization=OuterRef("pk")))
    )


@endpoint(
    path="/organizations",
    operation_id="getPaginatedListOfOrganizations",
    summary="A page of organizations that run published services.",
    response=oruk.ORGANIZATION,
    paged=True,
    parameters=p.PAGING,
)
@api_view
def organization_list(request):
    organizations = _public_organizations().order_by(Lower("name"), "id")
    return _json(_page(request, organizations, oruk.ORGANIZATION, oruk.Context(request)))


@endpoint(
    path="/organizations/{id}",
    operation_id="getOrganizationById",
    summary="An organization with its published services.",
    response=oruk.ORGANIZATION_WITH_SERVICES,
    identifies="organization",
)
@api_view
def organization_detail(request, organization_id):
    item = _by_path_id(_public_organizations(), organization_id)
    if item is None:
        return _not_found()
    services = list(
        Service.objects.published().filter(organization=item).order_by(Lower("name"), "id")
    )
    for service in services:
        service.organization = item  # already loaded: no query per service
    item.published_services = services
    return _json(oruk.ORGANIZATION_WITH_SERVICES.render(item, oruk.Context(request)))
