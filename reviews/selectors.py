"""Reads for the review pages and the dashboards. Each owns its joins: one query per list
whatever the number of rows."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet

from plans.models import PlanVersion
from reviews import phases
from reviews.models import PhaseTransfer, Review
from sen_portal.casework.models import Deadline
from sen_portal.casework.selectors import children_visible_to
from sen_portal.casework.workflow import today

# --- School terms (England: autumn from September, spring from January, summer from
# April). Councils' own dates differ by a few days; these are the usual boundaries.

TERMS = ((9, "Autumn"), (1, "Spring"), (4, "Summer"))


def term_of(day: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    """The name, first and last day of the term containing ``day``."""
    if day.month >= 9:
        return "Autumn", datetime.date(day.year, 9, 1), datetime.date(day.year, 12, 31)
    if day.month <= 3:
        return "Spring", datetime.date(day.year, 1, 1), datetime.date(day.year, 3, 31)
    return "Summer", datetime.date(day.year, 4, 1), datetime.date(day.year, 8, 31)


def next_term(day: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    _, _, end = term_of(day)
    return term_of(end + datetime.timedelta(days=1))


WHEN_FILTERS = {
    "upcoming": "Overdue or due by the end of next term",
    "overdue": "Overdue",
    "this_term": "Due this term",
    "next_term": "Due next term",
    "all": "All reviews in progress",
}


def review_queryset() -> QuerySet[Review]:
    return Review.objects.select_related(
        "plan__placement", "child__team", "child__caseworker", "started_by", "decided_by"
    )


def review_list_for_user(*, user, when: str = "upcoming", stage: str = "") -> QuerySet[Review]:
    """The reviews in progress on the cases this user may open, by the date their meeting
    is due. One query (with its count for the paginator)."""
    on = today()
    reviews = review_queryset().filter(child__in=children_visible_to(user=user))
    if stage in Review.Status.values:
        reviews = reviews.filter(status=stage)
    else:
        reviews = reviews.filter(status__in=Review.LIVE)
    _, this_start, this_end = term_of(on)
    _, next_start, next_end = next_term(on)
    if when == "overdue":
        reviews = reviews.filter(due_on__lt=on, held_on__isnull=True)
    elif when == "this_term":
        reviews = reviews.filter(due_on__range=(this_start, this_end))
    elif when == "next_term":
        reviews = reviews.filter(due_on__range=(next_start, next_end))
    elif when == "upcoming":
        reviews = reviews.filter(due_on__lte=next_end)
    return reviews.order_by("due_on", "id")


def review_detail(*, review_id) -> Review:
    return (
        review_queryset()
        .prefetch_related("participants", "advice", "phase_transfers__next_institution")
        .get(pk=review_id)
    )


def review_deadlines(review: Review) -> list[Deadline]:
    """The review's own clocks and the plan's review clocks, oldest first. One query."""
    review_q = Q(subject_type=ContentType.objects.get_for_model(Review), subject_id=str(review.pk))
    plan_q = Q(
        subject_type=ContentType.objects.get_for_model(review.plan),
        subject_id=str(review.plan_id),
        code__in=["annual_review", "amended_plan_after_review"],
    )
    # The phase transfer's Reg 18 date (its transfers are prefetched with the review).
    transfer_q = Q(
        subject_type=ContentType.objects.get_for_model(PhaseTransfer),
        subject_id__in=[str(t.pk) for t in review.phase_transfers.all()],
    )
    return list(Deadline.objects.filter(review_q | plan_q | transfer_q).order_by("due_on", "id"))


# --- Phase transfers -------------------------------------------------------------------


def _plan_amended_since(start_field: str):
    """A final or amended plan issued on or after the transfer's review meeting and no
    later than its Reg 18 date: the plan was amended in time."""
    return Exists(
        PlanVersion.objects.filter(
            plan=OuterRef("plan"),
            kind__in=[PlanVersion.Kind.AMENDED, PlanVersion.Kind.FINAL],
            issued_on__gte=OuterRef(start_field),
            issued_on__lte=OuterRef("due_on"),
        )
    )


def cohort_for_user(*, user, transfer_year: int, phase: str = "") -> QuerySet[PhaseTransfer]:
    """One transfer year's cohort on this user's cases, with what a manager checks: review
    held, next setting named, plan amended by the deadline. One query."""
    transfers = (
        PhaseTransfer.objects.filter(
            transfer_year=transfer_year, child__in=children_visible_to(user=user)
        )
        .select_related("child__caseworker", "review", "next_institution", "plan__placement")
        .annotate(plan_amended=_plan_amended_since("review__held_on"))
    )
    if phase in PhaseTransfer.Phase.values:
        transfers = transfers.filter(phase=phase)
    return transfers.order_by("due_on", "child__last_name", "child__first_name", "id")


def transfer_years(*, user) -> list[int]:
    years = (
        PhaseTransfer.objects.filter(child__in=children_visible_to(user=user))
        .values_list("transfer_year", flat=True)
        .distinct()
        .order_by("transfer_year")
    )
    return list(years)


# --- Dashboards ------------------------------------------------------------------------


def reviews_overdue(*, on: datetime.date | None = None) -> QuerySet[Review]:
    """Reviews in progress whose meeting should have been held already. One query."""
    on = on or today()
    return review_queryset().filter(
        status__in=[Review.Status.DUE, Review.Status.SCHEDULED], due_on__lt=on
    )


def phase_transfers_not_named(*, on: datetime.date | None = None) -> QuerySet[PhaseTransfer]:
    """Transfers whose next school or college is not named yet, from the school year
    before the move (their Reg 18 date may still be ahead: filter ``due_on__lt`` for
    those already late). One query."""
    on = on or today()
    return PhaseTransfer.objects.filter(
        named_on__isnull=True, transfer_year__gte=phases.transfer_year_for(on)
    ).select_related("child", "plan")
