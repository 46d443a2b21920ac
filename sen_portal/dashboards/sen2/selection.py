"""Who is in the return: every child with a request for assessment received on or
before the census date whose request, assessment or plan is still open at the census
date, or saw activity in the collection's calendar year (the year before the census),
including plans that ceased in that year or since ("recently ceased plans")."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from django.db.models import Exists, OuterRef, Q, QuerySet

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


# --- Reading the return: rows, not model instances ------------------------------------
#
# The export reads each chunk of CHUNK children with one values_list query per table
# (the requests with their assessment, plan and named placement in one join; then the
# replacement plans, the plans' reviews, needs, placements, budget lines, amendments and
# phase transfers; the excepted 20-week deadlines; the disagreements) and builds small
# slotted rows with the attribute names records.py reads. Model instances with their
# prefetches were most of a 25,000-child export (bench/dashboard.py, cProfile: 28 of
# 38 s in prefetch_related_objects: Django's model __init__, its related-object caches
# and django-fsm's state descriptors); rows made the whole export three times as fast
# with the same bytes (tests/dashboards/test_sen2_writer.py).


@dataclass(slots=True)
class InstitutionRow:
    urn: str
    ukprn: str
    kind: str


@dataclass(slots=True)
class PlanRow:
    pk: uuid.UUID
    final_issued_on: datetime.date | None
    ceased_on: datetime.date | None
    withdrawn_on: datetime.date | None
    replaced_on: datetime.date | None
    cease_reason: str
    residential: str
    work_based_learning: str
    j_requested: bool | None
    transferred_from_la: str
    placement_sen_unit: bool | None
    placement_resourced_provision: bool | None
    placement: InstitutionRow | None = None
    assessment: AssessmentRow | None = None
    sen2_reviews: list = field(default_factory=list)
    sen2_needs: list = field(default_factory=list)
    sen2_placements: list = field(default_factory=list)
    sen2_budget_lines: list = field(default_factory=list)
    sen2_amendments: list = field(default_factory=list)
    sen2_transfers: list = field(default_factory=list)
    sen2_replaced_by: list = field(default_factory=list)


@dataclass(slots=True)
class AssessmentRow:
    Status: ClassVar = NeedsAssessment.Status
    pk: uuid.UUID
    started_on: datetime.date | None
    decided_on: datetime.date | None
    withdrawn_on: datetime.date | None
    status: str
    plan: PlanRow | None = None


@dataclass(slots=True)
class RequestRow:
    Status: ClassVar = AssessmentRequest.Status
    pk: uuid.UUID
    received_on: datetime.date
    requester: str
    rya: bool | None
    decided_on: datetime.date | None
    withdrawn_on: datetime.date | None
    status: str
    exported_to_la: str
    assessment: AssessmentRow | None = None


@dataclass(slots=True)
class ReviewRow:
    held_on: datetime.date | None
    decided_on: datetime.date | None
    decision: str


@dataclass(slots=True)
class NeedRow:
    sen_type: str
    sen_type_rank: int


@dataclass(slots=True)
class PlacementRow:
    institution: InstitutionRow | None
    sen_setting: str
    sen_setting_other: str
    rank: int
    entry_date: datetime.date
    leaving_date: datetime.date | None
    sen_unit: bool
    resourced_provision: bool
    residential: str
    work_based_learning: str


@dataclass(slots=True)
class BudgetLineRow:
    section: str
    arrangement: str


@dataclass(slots=True)
class AmendmentRow:
    proposals_issued_on: datetime.date | None


@dataclass(slots=True)
class TransferRow:
    due_on: datetime.date
    named_on: datetime.date | None


@dataclass(slots=True)
class ExceptedRow:
    subject_id: str
    exception_starts_on: datetime.date | None


@dataclass(slots=True)
class DisagreementRow:
    kind: str
    decision_id: str
    decision_on: datetime.date | None
    mediation_held_on: datetime.date | None
    appeal_lodged_on: datetime.date | None
    ceasing_plan_id: uuid.UUID | None


@dataclass(slots=True)
class ChildRow:
    pk: uuid.UUID
    la_reference: str
    last_name: str
    first_name: str
    date_of_birth: datetime.date | None
    sex: str
    ethnicity: str
    postcode: str
    upn: str
    uln: str
    upn_unknown_reason: str
    sen2_requests: list = field(default_factory=list)
    sen2_excepted: list = field(default_factory=list)
    sen2_disagreements: list = field(default_factory=list)


CHILD_FIELDS = ("pk", "la_reference", "last_name", "first_name", "date_of_birth", "sex",
                "ethnicity", "postcode", "upn", "uln", "upn_unknown_reason")  # fmt: skip
REQUEST_FIELDS = ("pk", "received_on", "requester", "rya", "decided_on", "withdrawn_on",
                  "status", "exported_to_la")  # fmt: skip
ASSESSMENT_FIELDS = ("id", "started_on", "decided_on", "withdrawn_on", "status")
PLAN_FIELDS = ("id", "final_issued_on", "ceased_on", "withdrawn_on", "replaced_on",
               "cease_reason", "residential", "work_based_learning", "j_requested",
               "transferred_from_la", "placement_sen_unit", "placement_resourced_provision",
               "placement_id", "placement__urn", "placement__ukprn", "placement__kind")  # fmt: skip
_R, _A, _P = len(REQUEST_FIELDS), len(ASSESSMENT_FIELDS), len(PLAN_FIELDS)


_PLACEMENT_AT = PLAN_FIELDS.index("placement_id")


def _plan(values) -> PlanRow:
    """A PlanRow from PLAN_FIELDS' values (from placement_id on: the named placement)."""
    plan = PlanRow(*values[:_PLACEMENT_AT])
    if values[_PLACEMENT_AT] is not None:
        plan.placement = InstitutionRow(*values[_PLACEMENT_AT + 1 : _P])
    return plan


def _requests(children: dict, census_date: datetime.date) -> dict:
    """Each child's requests (in received order) with their assessment, plan and the
    plan's named placement: one query. Returns the plans by id."""
    plans: dict = {}
    rows = (
        requests_by(census_date)
        .filter(child_id__in=list(children))
        # The id last: requests received and recorded together get the same RequestID
        # in every run (bench/dashboard.py makes many).
        .order_by("received_on", "created_at", "id")
        .values_list(
            "child_id",
            *REQUEST_FIELDS,
            *(f"assessment__{name}" for name in ASSESSMENT_FIELDS),
            *(f"assessment__plan__{name}" for name in PLAN_FIELDS),
        )
    )
    for values in rows:
        request = RequestRow(*values[1 : 1 + _R])
        children[values[0]].sen2_requests.append(request)
        at = 1 + _R
        if values[at] is None:
            continue
        request.assessment = assessment = AssessmentRow(*values[at : at + _A])
        at += _A
        if values[at] is None:
            continue
        assessment.plan = plan = _plan(values[at : at + _P])
        plan.assessment = assessment
        plans[plan.pk] = plan
    return plans


def _replacements(plans: dict, census_date: datetime.date) -> dict:
    """Reg 27(1): the plans that replaced these after a reassessment, issued by the census
    date (records.reported_plan), one replacement deep. Returns them by id."""
    found: dict = {}
    rows = (
        Plan.objects.filter(replaces_id__in=list(plans), final_issued_on__lte=census_date)
        .order_by("final_issued_on", "id")
        .values_list("replaces_id", *PLAN_FIELDS)
    )
    for values in rows:
        plan = _plan(values[1:])
        plans[values[0]].sen2_replaced_by.append(plan)
        found[plan.pk] = plan
    return found


def _plan_rows(plans: dict, census_date: datetime.date) -> None:
    """What the active-plans, SEN need, placement and budget items read of each plan, up
    to the census date: one query per table, in each model's own order."""
    ids = list(plans)
    if not ids:
        return
    for plan_id, *values in (
        # What the plan's reviews had reached by the census date.
        Review.objects.filter(plan_id__in=ids, held_on__lte=census_date)
        .order_by("due_on", "id")
        .values_list("plan_id", "held_on", "decided_on", "decision")
    ):
        plans[plan_id].sen2_reviews.append(ReviewRow(*values))
    # Section B's needs with their DfE type, primary first (SEN need module).
    for plan_id, *values in (
        Need.objects.filter(plan_id__in=ids)
        .exclude(sen_type="")
        .order_by("sen_type_rank", "id")
        .values_list("plan_id", "sen_type", "sen_type_rank")
    ):
        plans[plan_id].sen2_needs.append(NeedRow(*values))
    # Where they were educated, from before the census date (placement detail).
    for plan_id, institution_id, urn, ukprn, kind, *values in (
        PlacementRecord.objects.filter(plan_id__in=ids, entry_date__lte=census_date)
        .order_by("rank", "entry_date", "id")
        .values_list(
            "plan_id",
            "institution_id",
            "institution__urn",
            "institution__ukprn",
            "institution__kind",
            "sen_setting",
            "sen_setting_other",
            "rank",
            "entry_date",
            "leaving_date",
            "sen_unit",
            "resourced_provision",
            "residential",
            "work_based_learning",
        )  # fmt: skip
    ):
        institution = InstitutionRow(urn, ukprn, kind) if institution_id is not None else None
        plans[plan_id].sen2_placements.append(PlacementRow(institution, *values))
    for plan_id, *values in (
        BudgetLine.objects.filter(plan_id__in=ids)
        .order_by("plan", "section", "id")
        .values_list("plan_id", "section", "arrangement")
    ):
        plans[plan_id].sen2_budget_lines.append(BudgetLineRow(*values))
    for plan_id, *values in (
        PlanAmendment.objects.filter(plan_id__in=ids, proposals_issued_on__lte=census_date)
        .order_by("plan", "number")
        .values_list("plan_id", "proposals_issued_on")
    ):
        plans[plan_id].sen2_amendments.append(AmendmentRow(*values))
    # Transfers whose Reg 18 date (15 February or 31 March) had come by the census
    # date: nothing dated after it is written.
    for plan_id, *values in (
        PhaseTransfer.objects.filter(plan_id__in=ids, due_on__lte=census_date)
        .order_by("transfer_year", "due_on", "id")
        .values_list("plan_id", "due_on", "named_on")
    ):
        plans[plan_id].sen2_transfers.append(TransferRow(*values))


def _child_rows(children: dict, census_date: datetime.date) -> None:
    """The excepted 20-week deadlines and the disagreements of these children."""
    ids = list(children)
    for child_id, *values in (
        Deadline.objects.filter(child_id__in=ids, code="final_plan")
        .exclude(exception_reason="")
        .values_list("child_id", "subject_id", "exception_starts_on")
    ):
        children[child_id].sen2_excepted.append(ExceptedRow(*values))
    for child_id, *values in (
        Disagreement.objects.filter(child_id__in=ids, decision_on__lte=census_date)
        .order_by("-decision_on", "-created_at")
        .values_list(
            "child_id",
            "kind",
            "decision_id",
            "decision_on",
            "mediation_held_on",
            "appeal_lodged_on",
            "ceasing__plan_id",
        )  # fmt: skip
    ):
        children[child_id].sen2_disagreements.append(DisagreementRow(*values))


def _chunk(rows: list, census_date: datetime.date) -> list[ChildRow]:
    children = {values[0]: ChildRow(*values) for values in rows}
    plans = _requests(children, census_date)
    if plans:
        plans.update(_replacements(plans, census_date))
    _plan_rows(plans, census_date)
    _child_rows(children, census_date)
    return list(children.values())


def children_for_return(
    census_date: datetime.date, scope: Scope | None = None
) -> Iterator[ChildRow]:
    """The children in the return in LA reference order, with everything records.py
    reads of them, CHUNK children at a time: about ten queries a chunk, and only a
    chunk's rows in memory."""
    children = Child.objects.filter(in_return(census_date))
    if scope is not None:
        children = children.filter(scope.children())
    rows = children.order_by("la_reference").values_list(*CHILD_FIELDS)
    chunk: list = []
    for values in rows.iterator(chunk_size=CHUNK):
        chunk.append(values)
        if len(chunk) == CHUNK:
            yield from _chunk(chunk, census_date)
            chunk = []
    if chunk:
        yield from _chunk(chunk, census_date)
