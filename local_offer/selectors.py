"""Reads of the local offer for pages and the API. Each owns its joins, so that a page's
number of queries does not grow with the number of rows."""

import datetime
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Lower
from django.utils import timezone

from local_offer.constants import (
    CATEGORY_TAXONOMY_ID,
    DISABILITY_TERM_ID,
    NEEDS_TAXONOMY_ID,
    SEARCH_CONFIG,
    SEN_TERM_ID,
)
from local_offer.geography import METRES_PER_MILE, Point, distance_metres, within_box
from local_offer.models import (
    Comment,
    CommentResponse,
    Contact,
    CostOption,
    LocalOfferChange,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    TaxonomyTerm,
)
from local_offer.models.directory import normalise_postcode


@dataclass
class ServiceFilters:
    """What the directory can be narrowed by, on the public search and in the Open Referral
    UK API alike. Empty values mean "any"."""

    q: str = ""
    categories: list[str] = field(default_factory=list)  # category codes
    age: int | None = None
    # "sen": services for children and young people with SEN; "disability": for disabled
    # children and young people, with or without SEN (the local offer covers both,
    # CFA 2014 s.30 and SEND Regulations 2014 regs 53-57).
    needs: str = ""
    cost: str = ""  # "free" or "paid"
    near: Point | None = None  # the centre of the postcode a family gave
    within_miles: int | None = None
    within_metres: int | None = None
    # The API's: ORUK taxonomy_term_id, taxonomy_id, organization_id, modified_after, and
    # the age bounds.
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: datetime.datetime | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None

    @property
    def radius_metres(self) -> float | None:
        if self.within_metres:
            return self.within_metres
        if self.within_miles:
            return self.within_miles * METRES_PER_MILE
        return None


def category_terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(taxonomy_id=CATEGORY_TAXONOMY_ID).order_by("position")


def _has_costs():
    return Exists(CostOption.objects.filter(service_id=OuterRef("pk"), amount__gt=0))


def search_services(services: QuerySet[Service], q: str) -> QuerySet[Service]:
    """Keyword search: PostgreSQL full-text search, ranked; icontains on other databases."""
    q = " ".join(q.split())
    if not q:
        return services
    if connection.vendor == "postgresql":
        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        return (
            services.filter(search_document=query)
            .annotate(rank=SearchRank(F("search_document"), query))
            .order_by("-rank", Lower("name"), "id")
        )
    terms = Q()
    for word in q.split():
        terms &= (
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(organization__name__icontains=word)
        )
    return services.filter(terms)


# Whom a service is for is a field of the service; the API publishes it as these terms.
NEEDS_BY_TERM = {SEN_TERM_ID: "sen", DISABILITY_TERM_ID: "disability"}


def _needs(services: QuerySet[Service], needs: str) -> QuerySet[Service]:
    if needs == "sen":
        return services.filter(needs_served__in=["sen", "both"])
    if needs == "disability":
        return services.filter(needs_served__in=["disability", "both"])
    return services


def _by_taxonomy(services: QuerySet[Service], filters: ServiceFilters) -> QuerySet[Service]:
    term_id = filters.taxonomy_term_id
    if term_id in NEEDS_BY_TERM:
        services = _needs(services, NEEDS_BY_TERM[term_id])
    elif term_id is not None:
        services = services.filter(
            Exists(
                ServiceAttribute.objects.filter(service=OuterRef("pk"), taxonomy_term_id=term_id)
            )
        )
    if filters.taxonomy_id == NEEDS_TAXONOMY_ID:
        services = services.exclude(needs_served="")
    elif filters.taxonomy_id is not None:
        services = services.filter(
            Exists(
                ServiceAttribute.objects.filter(
                    service=OuterRef("pk"), taxonomy_term__taxonomy_id=filters.taxonomy_id
                )
            )
        )
    return services


def filter_services(services: QuerySet[Service], filters: ServiceFilters) -> QuerySet[Service]:
    services = _by_taxonomy(services, filters)
    if filters.minimum_age is not None:
        services = services.filter(minimum_age__gte=filters.minimum_age)
    if filters.maximum_age is not None:
        services = services.filter(maximum_age__lte=filters.maximum_age)
    if filters.organization_id is not None:
        services = services.filter(organization_id=filters.organization_id)
    if filters.modified_after is not None:
        services = services.filter(updated_at__gte=filters.modified_after)
    if filters.categories:
        services = services.filter(
            Exists(
                TaxonomyTerm.objects.filter(
                    taxonomy_id=CATEGORY_TAXONOMY_ID,
                    code__in=filters.categories,
                    services=OuterRef("pk"),
                )
            )
        )
    if filters.age is not None:
        services = services.filter(minimum_age__lte=filters.age, maximum_age__gte=filters.age)
    services = _needs(services, filters.needs)
    if filters.cost == "free":
        # Free as the editor said, or a cost option of nothing; never merely "no costs
        # added yet".
        zero_price = Exists(CostOption.objects.filter(service_id=OuterRef("pk"), amount=0))
        services = services.filter(~_has_costs()).filter(Q(is_free=True) | zero_price)
    elif filters.cost == "paid":
        services = services.filter(_has_costs())
    return services


def links_near(
    links: QuerySet[ServiceAtLocation], *, origin: Point, metres: float
) -> QuerySet[ServiceAtLocation]:
    """Services at locations within `metres` of `origin`: a bounding box on the indexed
    coordinates first, then the exact distance. Locations without coordinates cannot be
    placed, so they are left out of a distance search."""
    return (
        links.filter(within_box(origin, metres, "location__"))
        .alias(distance=distance_metres(origin, "location__"))
        .filter(distance__lte=metres)
    )


def links_nearest_first(
    links: QuerySet[ServiceAtLocation], *, origin: Point, metres: float
) -> QuerySet[ServiceAtLocation]:
    return links_near(links, origin=origin, metres=metres).order_by(
        "distance", Lower("service__name"), "id"
    )


def links_at_postcode(links: QuerySet[ServiceAtLocation], postcode: str):
    return links.filter(location__postcode=normalise_postcode(postcode))


def near_services(services: QuerySet[Service], *, origin: Point, metres: float):
    """Services with a location within `metres` of `origin`, nearest first, each annotated
    with `distance` (metres to its nearest location)."""
    nearby = links_near(
        ServiceAtLocation.objects.filter(service_id=OuterRef("pk")), origin=origin, metres=metres
    )
    nearest = nearby.annotate(metres=distance_metres(origin, "location__")).order_by("metres")
    return (
        services.filter(Exists(nearby))
        .annotate(distance=Subquery(nearest.values("metres")[:1]))
        .order_by("distance", Lower("name"), "id")
    )


def _with_list_data(services: QuerySet[Service]) -> QuerySet[Service]:
    """What a result row shows: organisation, categories, towns, whether it costs money."""
    return (
        services.select_related("organization")
        .annotate(has_costs=_has_costs())
        .prefetch_related(
            "categories",
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").order_by(
                    "location__name"
                ),
            ),
        )
    )


def services_matching(filters: ServiceFilters) -> QuerySet[Service]:
    """Published services that pass the filters: in name order, nearest first with a
    distance, or best match first with words. The public search and the API both ask this."""
    services = Service.objects.published().order_by(Lower("name"), "id")
    services = filter_services(services, filters)
    services = search_services(services, filters.q)
    if filters.near is not None and filters.radius_metres:
        services = near_services(services, origin=filters.near, metres=filters.radius_metres)
    return services


def page_with_count(queryset: QuerySet, *, start: int, size: int) -> tuple[list, int]:
    """One page of `queryset` and how many rows it has in all, in one query (count(*) over
    () beside the page's rows). For a search whose order reads every matching row anyway
    (nearest first, best match first), a separate COUNT would run the search twice: a
    keyword within 10 miles spent as long counting as finding (bench/local_offer.py). A page
    past the end has no row to carry the count: then it is counted on its own."""
    rows = list(queryset.annotate(total_rows=Window(Count("pk")))[start : start + size])
    if rows:
        return rows, rows[0].total_rows
    return rows, queryset.count()


def reads_every_row(filters: ServiceFilters) -> bool:
    """Whether services_matching orders by a value of every matching row (distance, rank)
    rather than by an index it can stop reading after a page."""
    return bool(filters.q) or (filters.near is not None and bool(filters.radius_metres))


def public_service_list(*, filters: ServiceFilters) -> QuerySet[Service]:
    return _with_list_data(services_matching(filters))


def _with_everything(services: QuerySet[Service]) -> QuerySet[Service]:
    """A whole entry: everything a family needs to make contact, in a fixed number of queries."""
    return (
        services.select_related("organization")
        .annotate(has_costs=_has_costs())
        .prefetch_related(
            "categories",
            "languages",
            "schedules",
            "cost_options",
            Prefetch(
                "contacts",
                queryset=Contact.objects.prefetch_related(
                    Prefetch("phones", queryset=Phone.objects.order_by("created_at"))
                ),
            ),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").order_by(
                    "location__name"
                ),
            ),
        )
    )


def public_service_detail(*, service_id) -> Service:
    """A published entry; raises Service.DoesNotExist for drafts and unknown ids alike."""
    return _with_everything(Service.objects.published()).get(pk=service_id)


def manage_service_list(
    *, q: str = "", status: str = "", stale_only: bool = False, today=None
) -> QuerySet[Service]:
    services = Service.objects.all()
    if status in Service.Status.values:
        services = services.filter(status=status)
    if stale_only:
        services = services.stale(today=today)
    q = " ".join(q.split())
    if q:
        terms = Q()
        for word in q.split():
            terms &= Q(name__icontains=word) | Q(organization__name__icontains=word)
        services = services.filter(terms)
    return services.select_related("organization").order_by(Lower("name"), "id")


def manage_service_detail(*, service_id) -> Service:
    return _with_everything(Service.objects.all()).get(pk=service_id)


def changes_for(*, object_type: str, object_id, limit: int = 50):
    return (
        LocalOfferChange.objects.filter(object_type=object_type, object_id=object_id)
        .select_related("actor")
        .order_by("-occurred_at", "-id")[:limit]
    )


def organization_list() -> QuerySet[Organization]:
    return Organization.objects.annotate(service_count=Count("services")).order_by(Lower("name"))


def comment_list(*, status: str = "") -> QuerySet[Comment]:
    comments = Comment.objects.select_related("response")
    if status in Comment.Status.values:
        comments = comments.filter(status=status)
    return comments.order_by("-created_at", "id")


def response_list() -> QuerySet[CommentResponse]:
    return CommentResponse.objects.annotate(comment_count=Count("comments")).order_by(
        "status", "-published_at", "-created_at"
    )


def published_responses_by_year() -> "OrderedDict[int, list[CommentResponse]]":
    """Responses and the published comments under them, newest year first (reg 56)."""
    responses = (
        CommentResponse.objects.filter(status=CommentResponse.Status.PUBLISHED)
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=Comment.objects.filter(status=Comment.Status.PUBLISHED).order_by(
                    "created_at"
                ),
                to_attr="published_comments",
            )
        )
        .order_by("-published_at")
    )
    years: OrderedDict[int, list[CommentResponse]] = OrderedDict()
    for response in responses:
        years.setdefault(timezone.localtime(response.published_at).year, []).append(response)
    return years
