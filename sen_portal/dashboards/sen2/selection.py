"""Who is in the return: every child with a request for assessment received on or
before the census date whose request, assessment or plan is still open at the census
date, or saw activity in the collection's calendar year (the year before the census),
including plans that ceased in that year or since ("recently ceased plans")."""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from assessments.models import AssessmentRequest, NeedsAssessment
from disagreements.models import Disagreement
from plans.models import Plan, PlanAmendment
from reviews.models import PhaseTransfer, Review
from sen_portal.casework.models import Child, Deadline
from sen_portal.dashboards.selectors import Scope

CHUNK = 500  # children per round trip: memory stays flat whatever the return's size


def requests_by(census_date: datetime.date) -> QuerySet[AssessmentRequest]:
    return AssessmentRequest.objects.filter(received_on__lte=census_date)


def in_return(census_date: datetime.date) -> Q:
    """Children in the return (see the module docstring), as a filter on Child."""
    year_start = datetime.date(census_date.year - 1, 1, 1)
    requests = requests_by(census_date).filter(child=OuterRef("pk"))
    active = requests.filter(
        Q(received_on__gte=year_start)
        | Q(decided_on__gte=year_start)
        | Q(status=AssessmentRequest.Status.RECEIVED)
        | Q(assessment__status__in=list(NeedsAssessment.LIVE))
        # Decided to issue: in while the plan is being made or is maintained, not once
        # it has ended (an assessment keeps that state after its plan ceases).
        | Q(
            assessment__status=NeedsAssessment.Status.DECIDED_TO_ISSUE,
            assessment__plan__isnull=True,
        )
        | Q(assessment__plan__status__in=list(Plan.CURRENT))
        | Q(assessment__decided_on__gte=year_start)
        | Q(assessment__plan__ceased_on__gte=year_start)
        | Q(assessment__plan__withdrawn_on__gte=year_start)
    )
    return Q(Exists(active))


def children_for_return(census_date: datetime.date, scope: Scope | None = None) -> QuerySet[Child]:
    """One query per chunk per relation (Django prefetches each iterator chunk): the
    requests with their assessment, plan and placement, the plans' reviews, amendments
    and phase transfers, the excepted 20-week deadlines, and the disagreements."""
    children = Child.objects.filter(in_return(census_date))
    if scope is not None:
        children = children.filter(scope.children())
    return children.prefetch_related(
        Prefetch(
            "assessment_requests",
            queryset=requests_by(census_date)
            .select_related("assessment", "assessment__plan", "assessment__plan__placement")
            .order_by("received_on", "created_at")
            .prefetch_related(
                # For the active-plans module: what the plan's reviews, amendments and phase
                # transfers had reached by the census date.
                Prefetch(
                    "assessment__plan__reviews",
                    queryset=Review.objects.filter(held_on__lte=census_date).only(
                        "plan_id", "held_on", "decided_on"
                    ),
                    to_attr="sen2_reviews",
                ),
                Prefetch(
                    "assessment__plan__amendments",
                    queryset=PlanAmendment.objects.filter(
                        proposals_issued_on__lte=census_date
                    ).only("plan_id", "proposals_issued_on"),
                    to_attr="sen2_amendments",
                ),
                Prefetch(
                    "assessment__plan__phase_transfers",
                    # Moves up to the September after the census (the cohort whose
                    # plans must name a school by 15 February or 31 March of that year).
                    queryset=PhaseTransfer.objects.filter(transfer_year__lte=census_date.year).only(
                        "plan_id", "due_on", "named_on"
                    ),
                    to_attr="sen2_transfers",
                ),
            ),
            to_attr="sen2_requests",
        ),
        Prefetch(
            "deadlines",
            queryset=Deadline.objects.filter(code="final_plan").exclude(exception_reason=""),
            to_attr="sen2_excepted",
        ),
        Prefetch(
            "disagreements",
            queryset=Disagreement.objects.filter(decision_on__lte=census_date)
            .annotate(ceasing_plan_id=F("ceasing__plan_id"))
            .only(
                "child_id",
                "kind",
                "decision_id",
                "decision_on",
                "mediation_held_on",
                "appeal_lodged_on",
            ),
            to_attr="sen2_disagreements",
        ),
    ).order_by("la_reference")
