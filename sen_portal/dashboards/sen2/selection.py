"""Who is in the return: every child with a request for assessment received on or
before the census date whose request, assessment or plan is still open at the census
date, or saw activity in the collection's calendar year (the year before the census),
including plans that ceased in that year or since ("recently ceased plans")."""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from assessments.models import AssessmentRequest, NeedsAssessment
from disagreements.models import Disagreement
from plans.models import BudgetLine, Need, PlacementRecord, Plan, PlanAmendment
from reviews.models import PhaseTransfer, Review
from sen_portal.casework.models import Child, Deadline
from sen_portal.dashboards.selectors import Scope

CHUNK = 500  # children per round trip: memory stays flat whatever the return's size


def requests_by(census_date: datetime.date) -> QuerySet[AssessmentRequest]:
    # The requests module is about requests for an EHC needs assessment (CFA s36(1)); a
    # request for a reassessment of a plan in force (s44(2)) is not a new request.
    return AssessmentRequest.objects.filter(
        received_on__lte=census_date, kind=AssessmentRequest.Kind.ASSESSMENT
    )


def in_return(census_date: datetime.date) -> Q:
    """Children in the return (see the module docstring), as a filter on Child. Read from
    dates, not from today's statuses, so the return for a past census date is the same
    whenever it is run: a step taken after the census date had not happened on it."""
    year_start = datetime.date(census_date.year - 1, 1, 1)
    requests = requests_by(census_date).filter(child=OuterRef("pk"))
    plan_not_withdrawn = Q(assessment__plan__withdrawn_on__isnull=True) | Q(
        assessment__plan__withdrawn_on__gt=census_date
    )
    active = requests.filter(
        # Received, decided or withdrawn in the year, or still open on census day.
        Q(received_on__gte=year_start)
        | Q(decided_on__gte=year_start)
        | Q(withdrawn_on__gte=year_start)
        | Q(decided_on__isnull=True, withdrawn_on__isnull=True)
        # Assessing on census day, or decided or withdrawn in the year.
        | Q(assessment__decided_on__gte=year_start)
        | Q(assessment__withdrawn_on__gte=year_start)
        | Q(
            assessment__started_on__lte=census_date,
            assessment__decided_on__isnull=True,
            assessment__withdrawn_on__isnull=True,
        )
        # Decided to issue by census day, the final plan not issued by then (issuing).
        | (
            Q(
                assessment__status=NeedsAssessment.Status.DECIDED_TO_ISSUE,
                assessment__decided_on__lte=census_date,
            )
            & (
                Q(assessment__plan__isnull=True)
                | Q(assessment__plan__final_issued_on__isnull=True)
                | Q(assessment__plan__final_issued_on__gt=census_date)
            )
            & plan_not_withdrawn
        )
        # Maintained on census day, or ceased in the year or since ("recently ceased").
        | (
            Q(assessment__plan__final_issued_on__lte=census_date)
            & (
                Q(assessment__plan__ceased_on__isnull=True)
                | Q(assessment__plan__ceased_on__gte=year_start)
            )
            & plan_not_withdrawn
        )
        | Q(assessment__plan__withdrawn_on__gte=year_start)
    )
    return Q(Exists(active))


def _plan_prefetches(path: str, census_date: datetime.date) -> list[Prefetch]:
    """What the active-plans, SEN need, placement and budget items read of a plan at
    ``path``, up to the census date."""
    return [
        # For the active-plans module: what the plan's reviews, amendments and phase
        # transfers had reached by the census date.
        Prefetch(
            f"{path}reviews",
            # "status" too: django-fsm reads a model's state field when it is made, so
            # leaving it deferred cost a query per review (found by bench/dashboard.py
            # once it seeded plans: 189 queries a chunk).
            queryset=Review.objects.filter(held_on__lte=census_date).only(
                "plan_id", "held_on", "decided_on", "decision", "status"
            ),
            to_attr="sen2_reviews",
        ),
        # Section B's needs with their DfE type, primary first (SEN need module).
        Prefetch(
            f"{path}needs",
            queryset=Need.objects.exclude(sen_type="")
            .order_by("sen_type_rank", "id")
            .only("plan_id", "sen_type", "sen_type_rank"),
            to_attr="sen2_needs",
        ),
        # Where they were educated, from before the census date (placement detail).
        Prefetch(
            f"{path}placement_records",
            queryset=PlacementRecord.objects.filter(entry_date__lte=census_date)
            .select_related("institution")
            .order_by("rank", "entry_date", "id"),
            to_attr="sen2_placements",
        ),
        Prefetch(
            f"{path}budget_lines",
            queryset=BudgetLine.objects.only("plan_id", "section", "arrangement"),
            to_attr="sen2_budget_lines",
        ),
        Prefetch(
            f"{path}amendments",
            queryset=PlanAmendment.objects.filter(proposals_issued_on__lte=census_date).only(
                "plan_id", "proposals_issued_on"
            ),
            to_attr="sen2_amendments",
        ),
        Prefetch(
            f"{path}phase_transfers",
            # Transfers whose Reg 18 date (15 February or 31 March) had come by
            # the census date: nothing dated after it is written.
            queryset=PhaseTransfer.objects.filter(due_on__lte=census_date).only(
                "plan_id", "due_on", "named_on"
            ),
            to_attr="sen2_transfers",
        ),
    ]


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
                *_plan_prefetches("assessment__plan__", census_date),
                # Reg 27(1): a plan replaced after a reassessment is reported through the
                # plan that replaced it, once its final plan was issued by census day
                # (records.reported_plan). Django runs these only for chunks that have one.
                Prefetch(
                    "assessment__plan__replaced_by",
                    queryset=Plan.objects.filter(final_issued_on__lte=census_date)
                    .select_related("placement")
                    .order_by("final_issued_on", "id"),
                    to_attr="sen2_replaced_by",
                ),
                *_plan_prefetches("assessment__plan__sen2_replaced_by__", census_date),
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
            .only(  # with the FSM state field, as for the reviews above
                "child_id",
                "status",
                "kind",
                "decision_id",
                "decision_on",
                "mediation_held_on",
                "appeal_lodged_on",
            ),
            to_attr="sen2_disagreements",
        ),
    ).order_by("la_reference")
