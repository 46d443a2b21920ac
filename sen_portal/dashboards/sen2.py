"""The SEN2 person-level return (STATUTORY.md section 6): validation, then XML.

Structure written, as far as the models hold the data (module hierarchy of the DfE
technical specification: Person → Requests → Assessment → NamedPlan → PlanDetail):

- Header: Collection, Year, ReferenceDate.
- Person: Surname, Forename, PersonBirthDate, PostCode, UPN, UniqueLearnerNumber.
- Request: ReceivedDate, RequestOutcomeDate.
- Assessment: AssessmentOutcomeDate, Week20 (1 when an exception is recorded against the
  request's 20-week deadline, else 0).
- NamedPlan: StartDate (the final plan's issue date).
- PlanDetail: URN, PlacementRank (1: the plan names one placement).

Not written yet, because the case record does not hold them: Sex, Ethnicity, UPNunknown
(reason for no UPN), RequestSource, RYA, RequestMediation/Tribunal, Exported,
AssessmentMediation/Tribunal, OtherMediation/Tribunal, PlanRes, PlanWBP, PB/OA/DP,
CeaseDate/CeaseReason, UKPRN, SENSetting, SENunitIndicator, ResourcedProvisionIndicator,
the active-plans module (reviews, phase transfer) and SEN need. The coded outcomes
(RequestOutcome, AssessmentOutcome) wait for the DfE code list to be verified
(STATUTORY.md marks it LOW confidence): only their dates are written.

Who is in the return: every child with a request for assessment received on or before
the census date whose request, assessment or plan is still open at the census date or
saw activity in the collection's calendar year (the year before the census).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO
from xml.sax.saxutils import XMLGenerator

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)

from assessments.models import AssessmentRequest, NeedsAssessment
from plans.models import Plan
from sen_portal.casework.models import Child, Deadline
from sen_portal.dashboards.selectors import Scope

CHUNK = 500  # children per round trip: memory stays flat whatever the return's size


def _requests(census_date: datetime.date) -> QuerySet[AssessmentRequest]:
    return AssessmentRequest.objects.filter(received_on__lte=census_date)


def in_return(census_date: datetime.date) -> Q:
    """Children in the return (see module docstring), as a filter on Child."""
    year_start = datetime.date(census_date.year - 1, 1, 1)
    requests = _requests(census_date).filter(child=OuterRef("pk"))
    active = requests.filter(
        Q(received_on__gte=year_start)
        | Q(decided_on__gte=year_start)
        | Q(status=AssessmentRequest.Status.RECEIVED)
        | Q(
            assessment__status__in=[
                *NeedsAssessment.LIVE,
                NeedsAssessment.Status.DECIDED_TO_ISSUE,
            ]
        )
        | Q(assessment__decided_on__gte=year_start)
        | Q(assessment__plan__status__in=list(Plan.ISSUED))
    )
    return Q(Exists(active))


def children_for_return(census_date: datetime.date) -> QuerySet[Child]:
    """One query per chunk per relation (Django prefetches each iterator chunk)."""
    return (
        Child.objects.filter(in_return(census_date))
        .prefetch_related(
            Prefetch(
                "assessment_requests",
                queryset=_requests(census_date)
                .select_related("assessment", "assessment__plan", "assessment__plan__placement")
                .order_by("received_on"),
                to_attr="sen2_requests",
            ),
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.filter(code="final_plan").exclude(exception_reason=""),
                to_attr="sen2_excepted",
            ),
        )
        .order_by("la_reference")
    )


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


class _Writer:
    def __init__(self, out: IO[str]) -> None:
        self.xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)

    def open(self, name: str) -> None:
        self.xml.startElement(name, {})

    def close(self, name: str) -> None:
        self.xml.endElement(name)

    def item(self, name: str, value: str | int | None) -> None:
        """An item with no value is left out rather than written empty."""
        if value in (None, ""):
            return
        self.xml.startElement(name, {})
        self.xml.characters(str(value))
        self.xml.endElement(name)


def _write_child(w: _Writer, child: Child) -> None:
    excepted = {d.subject_id for d in child.sen2_excepted}
    w.open("Person")
    w.item("Surname", child.last_name)
    w.item("Forename", child.first_name)
    w.item("PersonBirthDate", _date(child.date_of_birth))
    w.item("PostCode", child.postcode)
    w.item("UPN", child.upn)
    w.item("UniqueLearnerNumber", child.uln)
    w.open("Requests")
    for request in child.sen2_requests:
        w.open("Request")
        w.item("ReceivedDate", _date(request.received_on))
        w.item("RequestOutcomeDate", _date(request.decided_on))
        assessment = getattr(request, "assessment", None)
        if assessment is not None:
            w.open("Assessment")
            w.item("AssessmentOutcomeDate", _date(assessment.decided_on))
            w.item("Week20", 1 if str(request.pk) in excepted else 0)
            plan = getattr(assessment, "plan", None)
            if plan is not None and plan.final_issued_on:
                w.open("NamedPlan")
                w.item("StartDate", _date(plan.final_issued_on))
                if plan.placement is not None:
                    w.open("PlanDetail")
                    w.item("URN", plan.placement.urn)
                    w.item("PlacementRank", 1)
                    w.close("PlanDetail")
                w.close("NamedPlan")
            w.close("Assessment")
        w.close("Request")
    w.close("Requests")
    w.close("Person")


def write_return(out: IO[str], *, census_date: datetime.date) -> int:
    """Stream the return to ``out``; returns the number of people written."""
    w = _Writer(out)
    w.xml.startDocument()
    w.open("Message")
    w.open("Header")
    w.open("CollectionDetails")
    w.item("Collection", "SEN2")
    w.item("Year", census_date.year)
    w.item("ReferenceDate", _date(census_date))
    w.close("CollectionDetails")
    w.close("Header")
    w.open("Persons")
    count = 0
    for child in children_for_return(census_date).iterator(chunk_size=CHUNK):
        _write_child(w, child)
        count += 1
    w.close("Persons")
    w.close("Message")
    w.xml.endDocument()
    return count


# --- Validation ------------------------------------------------------------------------

# What COLLECT would reject, each as a condition on Child computed by PostgreSQL.
RULES: dict[str, str] = {
    "no_identifier": "No UPN or ULN recorded (the reason for having neither cannot be "
    "recorded yet)",
    "request_decided_before_received": "A decision on a request is dated before the "
    "request was received",
    "assessment_decided_before_started": "An assessment decision is dated before the "
    "assessment started",
    "plan_before_request": "A final plan is dated before its request was received",
    "born_after_request": "The date of birth is after a request was received",
}
# "Plan without placement" needs no rule: the plans table refuses a final plan that
# names no school or college (constraint plan_final_has_date_and_placement).


def _rule_conditions() -> dict[str, ExpressionWrapper | Exists]:
    requests = AssessmentRequest.objects.filter(child=OuterRef("pk"))
    plans = Plan.objects.filter(child=OuterRef("pk"), status__in=list(Plan.ISSUED))
    return {
        "no_identifier": ExpressionWrapper(Q(upn="", uln=""), output_field=BooleanField()),
        "request_decided_before_received": Exists(requests.filter(decided_on__lt=F("received_on"))),
        "assessment_decided_before_started": Exists(
            NeedsAssessment.objects.filter(child=OuterRef("pk"), decided_on__lt=F("started_on"))
        ),
        "plan_before_request": Exists(
            plans.filter(final_issued_on__lt=F("assessment__request__received_on"))
        ),
        "born_after_request": Exists(requests.filter(received_on__lt=OuterRef("date_of_birth"))),
    }


@dataclass(frozen=True)
class Problem:
    child: Child
    rules: list[str]


def children_with_problems(*, scope: Scope, census_date: datetime.date) -> QuerySet[Child]:
    """Children in the return who would be rejected, each annotated with one boolean per
    rule: one query for a page of them, one to count."""
    conditions = _rule_conditions()
    any_problem = Q()
    for name in conditions:
        any_problem |= Q(**{f"sen2_{name}": True})
    return (
        Child.objects.filter(in_return(census_date), scope.children())
        .annotate(**{f"sen2_{name}": condition for name, condition in conditions.items()})
        .filter(any_problem)
        .order_by("la_reference")
    )


def problems(children: Iterable[Child]) -> Iterator[Problem]:
    """Label each annotated child's problems, as the children stream past."""
    for child in children:
        yield Problem(
            child, [label for name, label in RULES.items() if getattr(child, f"sen2_{name}")]
        )
