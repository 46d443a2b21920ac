"""The Open Referral UK 3.0 API: read-only JSON, public, published services only.

Each view declares its contract with `@endpoint` (path, parameters, response shape), which
is what api/openapi.py publishes; it parses its parameters (400 for a malformed one), asks
for the rows, and renders them with the shapes in api/representations.py.
"""

import json
import math
import uuid
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse, StreamingHttpResponse
from django.urls import reverse

from local_offer import geography, selectors
from local_offer.api import parameters as p
from local_offer.api import representations as oruk
from local_offer.api.nested import nest_services
from local_offer.api.openapi import document, endpoint
from local_offer.api.parameters import BadParameter
from local_offer.api.shapes import Shape
from local_offer.models import (
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

ORUK_VERSION = "3.0"
ORUK_PROFILE = "https://github.com/OpenReferralUK/uk-profile"


def _cors(response: HttpResponse) -> HttpResponse:
    # Open data: any website may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json(data, status: int = 200) -> JsonResponse:
    return _cors(
        JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    )


def _not_found() -> JsonResponse:
    return _json(oruk.NOT_FOUND.render({"detail": "Not found"}), status=404)


ALLOWED = "GET, HEAD, OPTIONS"


def _options() -> HttpResponse:
    """The answer to OPTIONS, and the CORS preflight a browser sends before a request with
    custom headers: any origin may GET, with any request headers, for a day."""
    response = HttpResponse(status=204)
    response["Allow"] = ALLOWED
    response["Access-Control-Allow-Methods"] = ALLOWED
    response["Access-Control-Allow-Headers"] = "*"
    response["Access-Control-Max-Age"] = "86400"
    return _cors(response)


def api_view(view):
    """Public and read-only (GET, HEAD, OPTIONS); a malformed parameter is a 400 that
    names it."""

    # No csrf_exempt: OPTIONS and HEAD are safe methods CSRF never checks, and a POST is
    # refused by the CSRF middleware before it reaches the 405 below.
    @login_not_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return _options()
        if request.method not in ("GET", "HEAD"):
            response = HttpResponseNotAllowed(ALLOWED.split(", "))
            return _cors(response)
        try:
            response = view(request, *args, **kwargs)
        except BadParameter as error:
            body = oruk.BAD_PARAMETER.render({"detail": error.message, "parameter": error.name})
            response = _json(body, status=400)
        if request.method == "HEAD" and not response.streaming:
            # The same headers, Content-Length included, without the body (RFC 9110 9.3.2).
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response

    return wrapped


def _by_path_id(queryset: QuerySet, value: str):
    """The object whose id is in the path, or None: not a UUID, or not there."""
    if not p.UUID_PATTERN.match(value):
        return None
    return queryset.filter(pk=uuid.UUID(value)).first()


def _ndjson(
    queryset: QuerySet, shape: Shape, context: oruk.Context, prepare=None
) -> StreamingHttpResponse:
    """format=ndjson: every result, one JSON object a line, unpaged (ORUK `format`)."""

    def chunks():
        chunk = []
        for item in queryset.iterator(chunk_size=CHUNK):
            chunk.append(item)
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def lines():
        for chunk in chunks():
            if prepare is not None:
                prepare(chunk)
            for item in chunk:
                yield json.dumps(shape.render(item, context), ensure_ascii=False) + "\n"

    return _cors(StreamingHttpResponse(lines(), content_type="application/x-ndjson"))


CHUNK = 500


def _listing(
    request,
    queryset: QuerySet,
    shape: Shape,
    context: oruk.Context,
    *,
    counted: bool = False,
    prepare=None,
) -> HttpResponse:
    """A collection as the ORUK page envelope, or as NDJSON when `format=ndjson`.
    `counted`: the order reads every row anyway (selectors.page_with_count). `prepare`:
    called with each page (or chunk) of rows before they are rendered (_nest)."""
    if p.FORMAT.parse(request) == "ndjson":
        return _ndjson(queryset, shape, context, prepare)
    return _json(_page(request, queryset, shape, context, counted=counted, prepare=prepare))


def _page(
    request,
    queryset: QuerySet,
    shape: Shape,
    context: oruk.Context,
    *,
    counted: bool = False,
    prepare=None,
) -> dict:
    """The ORUK page envelope around one page of `queryset`."""
    page_number = p.PAGE.parse(request)
    per_page = p.PER_PAGE.parse(request)
    start = (page_number - 1) * per_page
    if counted:
        # The order reads every matching row: the count comes with the page's rows.
        items, total = selectors.page_with_count(queryset, start=start, size=per_page)
    else:
        total = queryset.count()
        items = list(queryset[start : start + per_page]) if start < total else []
    if prepare is not None:
        prepare(items)
    total_pages = math.ceil(total / per_page)
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


def _filters(request) -> selectors.ServiceFilters:
    """The ORUK service filters, shared by /services and /service_at_locations, as the
    selectors the public search uses take them."""
    return selectors.ServiceFilters(
        q=p.SEARCH.parse(request),
        taxonomy_term_id=p.TAXONOMY_TERM_ID.parse(request),
        taxonomy_id=p.TAXONOMY_ID.parse(request),
        minimum_age=p.MINIMUM_AGE.parse(request),
        maximum_age=p.MAXIMUM_AGE.parse(request),
        organization_id=p.ORGANIZATION_ID.parse(request),
        modified_after=p.MODIFIED_AFTER.parse(request),
    )


def _nest(context: oruk.Context):
    """What fully nests a page of services (api/nested.py) and gives `context` the needs
    terms their attributes are derived from."""

    def prepare(services: list[Service]) -> None:
        context.needs_terms = nest_services(services)

    return prepare


def _full_services() -> QuerySet[Service]:
    return Service.objects.published().select_related("organization")


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
    summary="A page of services with their one-to-one fields and organization (full=true: "
    "fully nested; minimal=true: every service's id, name, status and last_modified on one "
    "page).",
    response=oruk.SERVICE_LIST_ITEM,
    paged=True,
    parameters=(p.SEARCH, *p.PAGING, p.FORMAT, *p.SERVICE_FILTERS[1:], p.MINIMAL, p.FULL),
    alternatives=(oruk.SERVICE,),
)
@api_view
def service_list(request):
    filters = _filters(request)
    services = selectors.services_matching(filters)
    full, minimal = p.FULL.parse(request), p.MINIMAL.parse(request)
    if minimal:
        if full:
            raise BadParameter("minimal", "Ask for minimal or full services, not both")
        return _json(oruk.minimal_services(services, page_number=p.PAGE.parse(request)))
    context = oruk.Context(request)
    if full:
        return _listing(
            request,
            services.select_related("organization"),
            oruk.SERVICE,
            context,
            counted=selectors.reads_every_row(filters),
            prepare=_nest(context),
        )
    return _listing(
        request,
        services.select_related("organization"),
        oruk.SERVICE_LIST_ITEM,
        context,
        counted=selectors.reads_every_row(filters),
    )


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
    context = oruk.Context(request)
    _nest(context)([service])
    return _json(oruk.SERVICE.render(service, context))


def _taxonomies() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.prefetch_related(
        Prefetch(
            "terms",
            queryset=TaxonomyTerm.objects.select_related("taxonomy").order_by("position", "term"),
        )
    )


def _text_search(queryset: QuerySet, request, *fields: str) -> QuerySet:
    """`search` on a list other than services: every word in one of the fields."""
    for word in p.LIST_SEARCH.parse(request).split():
        match = Q()
        for name in fields:
            match |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


@endpoint(
    path="/taxonomies",
    operation_id="getPaginatedListOfTaxonomies",
    summary="A page of taxonomies, each with its terms.",
    response=oruk.TAXONOMY,
    paged=True,
    parameters=(p.LIST_SEARCH, *p.PAGING, p.FORMAT),
)
@api_view
def taxonomy_list(request):
    taxonomies = _text_search(_taxonomies(), request, "name", "description").order_by("name", "id")
    return _listing(request, taxonomies, oruk.TAXONOMY, oruk.Context(request))


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
    parameters=(p.LIST_SEARCH, *p.PAGING, p.FORMAT, p.TAXONOMY_ID, p.TOP_ONLY, p.PARENT_ID),
)
@api_view
def taxonomy_term_list(request):
    terms = TaxonomyTerm.objects.select_related("taxonomy").order_by(
        "taxonomy__name", "position", "term", "id"
    )
    terms = _text_search(terms, request, "term", "description", "code")
    taxonomy_id = p.TAXONOMY_ID.parse(request)
    if taxonomy_id is not None:
        terms = terms.filter(taxonomy_id=taxonomy_id)
    # openapi.json describes top_only as "terms that have not child terms", which its name
    # and HSDS contradict: we follow the name and HSDS, terms at the top (no parent).
    if p.TOP_ONLY.parse(request):
        terms = terms.filter(parent__isnull=True)
    parent_id = p.PARENT_ID.parse(request)
    if parent_id is not None:
        terms = terms.filter(parent_id=parent_id)
    return _listing(request, terms, oruk.TAXONOMY_TERM, oruk.Context(request))


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
        return selectors.links_nearest_first(links, origin=origin, metres=proximity)
    if postcode:
        links = selectors.links_at_postcode(links, postcode)
    return links


@endpoint(
    path="/service_at_locations",
    operation_id="getPaginatedListOfServiceAtLocations",
    summary="A page of services at locations, with the service and organization (full=true: "
    "fully nested).",
    response=oruk.SERVICE_AT_LOCATION_LIST_ITEM,
    paged=True,
    parameters=(
        p.SEARCH,
        *p.PAGING,
        p.FORMAT,
        *p.SERVICE_FILTERS[1:],
        p.FULL,
        p.POSTCODE,
        p.PROXIMITY,
    ),
    alternatives=(oruk.SERVICE_AT_LOCATION,),
)
@api_view
def service_at_location_list(request):
    services = selectors.services_matching(_filters(request)).order_by()
    links = (
        _published_links()
        .filter(service__in=services.values("pk"))
        .select_related("service__organization", "location")
        .order_by(Lower("service__name"), Lower("location__name"), "id")
    )
    links = _near(request, links)
    # Nearest first reads every link in range anyway: the count comes with the page.
    counted = p.PROXIMITY.parse(request) is not None
    context = oruk.Context(request)
    if p.FULL.parse(request):
        nest = _nest(context)
        return _listing(
            request,
            links,
            oruk.SERVICE_AT_LOCATION,
            context,
            counted=counted,
            prepare=lambda page: nest([link.service for link in page]),
        )
    return _listing(request, links, oruk.SERVICE_AT_LOCATION_LIST_ITEM, context, counted=counted)


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
    context = oruk.Context(request)
    _nest(context)([link.service])
    return _json(oruk.SERVICE_AT_LOCATION.render(link, context))


def _public_organizations() -> QuerySet[Organization]:
    """Organisations that run at least one published service."""
    return Organization.objects.filter(
        Exists(Service.objects.published().filter(organization=OuterRef("pk")))
    ).prefetch_related("identifiers")


def _with_services(organizations: list[Organization], context: oruk.Context | None) -> None:
    """Give each organisation its published services, one-to-one or (with a `context`)
    fully nested, in one set of queries for the whole page."""
    by_id = {item.pk: item for item in organizations}
    services = Service.objects.published().filter(organization__in=organizations)
    for item in organizations:
        item.published_services = []
    found = list(services.order_by(Lower("name"), "id"))
    for service in found:
        service.organization = by_id[service.organization_id]  # no query per service
        by_id[service.organization_id].published_services.append(service)
    if context is not None:
        # The organisations' identifiers are prefetched already (_public_organizations).
        _nest(context)(found)


@endpoint(
    path="/organizations",
    operation_id="getPaginatedListOfOrganizations",
    summary="A page of organizations that run published services (full=true: with their "
    "identifiers and services; full_service=true: services fully nested).",
    response=oruk.ORGANIZATION,
    paged=True,
    parameters=(p.LIST_SEARCH, p.FULL_SERVICE, p.FULL, *p.PAGING, p.FORMAT),
    alternatives=(oruk.ORGANIZATION_WITH_SERVICES, oruk.ORGANIZATION_WITH_FULL_SERVICES),
)
@api_view
def organization_list(request):
    organizations = _text_search(_public_organizations(), request, "name", "description")
    organizations = organizations.order_by(Lower("name"), "id")
    full, full_service = p.FULL.parse(request), p.FULL_SERVICE.parse(request)
    context = oruk.Context(request)
    if not (full or full_service):
        return _listing(request, organizations, oruk.ORGANIZATION, context)
    shape = (
        oruk.ORGANIZATION_WITH_FULL_SERVICES if full_service else oruk.ORGANIZATION_WITH_SERVICES
    )
    if p.FORMAT.parse(request) == "ndjson":
        raise BadParameter("format", "format=ndjson lists organizations without their services")
    page = _page(request, organizations, oruk.ORGANIZATION, context)
    items = list(organizations.filter(pk__in=[item["id"] for item in page["contents"]]))
    _with_services(items, context if full_service else None)
    page["contents"] = [shape.render(item, context) for item in items]
    return _json(page)


@endpoint(
    path="/organizations/{id}",
    operation_id="getOrganizationById",
    summary="An organization with its published services (full_service=true: fully nested).",
    response=oruk.ORGANIZATION_WITH_SERVICES,
    identifies="organization",
    parameters=(p.FULL_SERVICE,),
    alternatives=(oruk.ORGANIZATION_WITH_FULL_SERVICES,),
)
@api_view
def organization_detail(request, organization_id):
    item = _by_path_id(_public_organizations(), organization_id)
    if item is None:
        return _not_found()
    full_service = p.FULL_SERVICE.parse(request)
    context = oruk.Context(request)
    _with_services([item], context if full_service else None)
    shape = (
        oruk.ORGANIZATION_WITH_FULL_SERVICES if full_service else oruk.ORGANIZATION_WITH_SERVICES
    )
    return _json(shape.render(item, context))
