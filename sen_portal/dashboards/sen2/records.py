"""The items of each SEN2 module for one child, in the order of the DfE specification.
The XML and the CSV files are both written from these records, so they always agree.

Values are strings as the return writes them: dates ISO 8601, flags 1 or 0, and an
empty string for an item the case does not hold (left out of the XML, an empty CSV
cell)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sen_portal.casework.models import Child


@dataclass(frozen=True)
class Module:
    name: str  # the CSV file's stem
    element: str  # the XML element
    label: str
    items: tuple[str, ...]
    keys: tuple[str, ...]  # CSV only: how a row finds its person and request


PERSON_KEY = ("PersonID",)
REQUEST_KEY = ("PersonID", "RequestID")
PERSON = Module(
    "person",
    "Person",
    "Person",
    (
        "Surname",
        "Forename",
        "PersonBirthDate",
        "Sex",
        "Ethnicity",
        "PostCode",
        "UPN",
        "UniqueLearnerNumber",
        "UPNunknown",
    ),
    PERSON_KEY,
)
REQUESTS = Module(
    "requests",
    "Request",
    "Requests",
    ("ReceivedDate", "RequestOutcomeDate", "RequestMediation", "RequestTribunal"),
    REQUEST_KEY,
)
ASSESSMENTS = Module(
    "assessments",
    "Assessment",
    "EHC needs assessments",
    (
        "AssessmentOutcomeDate",
        "AssessmentMediation",
        "AssessmentTribunal",
        "OtherMediation",
        "OtherTribunal",
        "Week20",
    ),
    REQUEST_KEY,
)
NAMED_PLANS = Module(
    "named_plans",
    "NamedPlan",
    "Named plans",
    ("StartDate", "PB", "CeaseDate", "CeaseReason"),
    REQUEST_KEY,
)
PLACEMENTS = Module("placements", "PlanDetail", "Placements", ("URN", "PlacementRank"), REQUEST_KEY)
# Plans maintained on the census date, with their latest review and phase transfer (from
# reviews/) and the latest proposed amendments (from plans/).
ACTIVE_PLANS = Module(
    "active_plans",
    "ActivePlans",
    "Active plans",
    (
        "ReviewMeeting",
        "LastReview",
        "ReviewDraft",
        "PhaseTransferDueDate",
        "PhaseTransferFinalDate",
    ),
    REQUEST_KEY,
)
MODULES = {
    m.name: m for m in (PERSON, REQUESTS, ASSESSMENTS, NAMED_PLANS, PLACEMENTS, ACTIVE_PLANS)
}


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def _flag(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


@dataclass
class RequestRecord:
    key: str
    request: dict[str, str]
    assessment: dict[str, str] | None = None
    named_plan: dict[str, str] | None = None
    placement: dict[str, str] | None = None
    active_plan: dict[str, str] | None = None


@dataclass
class PersonRecord:
    key: str
    person: dict[str, str]
    requests: list[RequestRecord] = field(default_factory=list)


def personal_budget(plan) -> str:
    """PB: 1 when a personal budget was asked for and section J records how it is held,
    0 when none was asked for, left out when section J does not say."""
    if plan.j_requested is None:
        return ""
    return _flag(bool(plan.j_requested and plan.j_arrangements.strip()))


# Disagreements about a plan (its contents, an amendment, not amending, ceasing) are
# reported as OtherMediation/OtherTribunal on the assessment that led to the plan.
OTHER_KINDS = ("plan_contents", "amendment", "not_to_amend", "cease")


def _about(disagreements, kinds, pk, decided_on) -> list:
    """The child's disagreements of ``kinds`` about the decision ``pk``: linked to it,
    or (recorded without a link) sent on the day it was decided."""
    return [
        d
        for d in disagreements
        if d.kind in kinds
        and (d.decision_id == str(pk) or (not d.decision_id and d.decision_on == decided_on))
    ]


def _mediation_and_tribunal(disagreements) -> tuple[str, str]:
    """1 when mediation took place / an appeal was registered with the Tribunal."""
    return (
        _flag(any(d.mediation_held_on for d in disagreements)),
        _flag(any(d.appeal_lodged_on for d in disagreements)),
    )


def _latest(dates) -> datetime.date | None:
    dates = [day for day in dates if day is not None]
    return max(dates) if dates else None


def active_plan(plan, census_date: datetime.date) -> dict[str, str] | None:
    """The active-plans items of a plan maintained on the census date, or None. Reads
    the reviews, amendments and phase transfers selection.py prefetched up to that day."""
    if plan.final_issued_on is None or plan.final_issued_on > census_date:
        return None
    if plan.ceased_on is not None and plan.ceased_on <= census_date:
        return None
    if plan.withdrawn_on is not None:
        return None
    transfers = sorted(plan.sen2_transfers, key=lambda t: t.due_on)
    transfer = transfers[-1] if transfers else None
    return {
        "ReviewMeeting": _date(_latest(r.held_on for r in plan.sen2_reviews)),
        "LastReview": _date(_latest(r.decided_on for r in plan.sen2_reviews)),
        "ReviewDraft": _date(_latest(a.proposals_issued_on for a in plan.sen2_amendments)),
        "PhaseTransferDueDate": _date(transfer.due_on if transfer else None),
        "PhaseTransferFinalDate": _date(transfer.named_on if transfer else None),
    }


def person_record(child: Child, census_date: datetime.date) -> PersonRecord:
    """The modules for a child fetched by selection.children_for_return (which prefetches
    the requests, their assessment, plan and placement, the plan's reviews, amendments
    and phase transfers, the excepted deadlines and the disagreements)."""
    excepted = {d.subject_id for d in child.sen2_excepted}
    disagreements = child.sen2_disagreements
    record = PersonRecord(
        key=child.la_reference,
        person={
            "Surname": child.last_name,
            "Forename": child.first_name,
            "PersonBirthDate": _date(child.date_of_birth),
            "Sex": child.sex,
            "Ethnicity": child.ethnicity,
            "PostCode": child.postcode,
            "UPN": child.upn,
            "UniqueLearnerNumber": child.uln,
            "UPNunknown": "" if child.upn else child.upn_unknown_reason,
        },
    )
    for number, request in enumerate(child.sen2_requests, start=1):
        mediation, tribunal = _mediation_and_tribunal(
            _about(disagreements, ("not_to_assess",), request.pk, request.decided_on)
        )
        row = RequestRecord(
            key=f"{child.la_reference}/{number}",
            request={
                "ReceivedDate": _date(request.received_on),
                "RequestOutcomeDate": _date(request.decided_on),
                "RequestMediation": mediation,
                "RequestTribunal": tribunal,
            },
        )
        assessment = getattr(request, "assessment", None)
        if assessment is not None:
            plan = getattr(assessment, "plan", None)
            mediation, tribunal = _mediation_and_tribunal(
                _about(disagreements, ("not_to_issue",), assessment.pk, assessment.decided_on)
            )
            other = [
                d
                for d in disagreements
                if plan is not None
                and d.kind in OTHER_KINDS
                and (
                    not d.decision_id
                    or d.decision_id == str(plan.pk)
                    or d.ceasing_plan_id == plan.pk
                )
            ]
            other_mediation, other_tribunal = _mediation_and_tribunal(other)
            row.assessment = {
                "AssessmentOutcomeDate": _date(assessment.decided_on),
                "AssessmentMediation": mediation,
                "AssessmentTribunal": tribunal,
                "OtherMediation": other_mediation,
                "OtherTribunal": other_tribunal,
                "Week20": "1" if str(request.pk) in excepted else "0",
            }
            if plan is not None and plan.final_issued_on:
                row.named_plan = {
                    "StartDate": _date(plan.final_issued_on),
                    "PB": personal_budget(plan),
                    "CeaseDate": _date(plan.ceased_on),
                    "CeaseReason": plan.cease_reason if plan.ceased_on else "",
                }
                if plan.placement is not None:
                    row.placement = {"URN": plan.placement.urn, "PlacementRank": "1"}
            if plan is not None:
                row.active_plan = active_plan(plan, census_date)
        record.requests.append(row)
    return record


def person_records(children: Iterable[Child], census_date: datetime.date) -> Iterator[PersonRecord]:
    for child in children:
        yield person_record(child, census_date)
