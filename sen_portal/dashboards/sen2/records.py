"""The items of each SEN2 module for one child, in the order of the DfE specification.
The XML and the CSV files are both written from these records, so they always agree.

Values are strings as the return writes them: dates ISO 8601, flags 1 or 0, and an
empty string for an item the case does not hold (left out of the XML, an empty CSV
cell)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from plans.constants import BudgetArrangement
from sen_portal.dashboards.sen2.selection import ChildRow
from sen_portal.sen2_codes import (
    NO,
    REQUEST_SOURCE_OF_REQUESTER,
    REVIEW_OUTCOME_OF_DECISION,
    YES,
    AssessmentOutcome,
    RequestOutcome,
    direct_payment,
)


@dataclass(frozen=True)
class Module:
    name: str  # the CSV file's stem
    element: str  # the XML element
    label: str
    items: tuple[str, ...]
    keys: tuple[str, ...]  # CSV only: how a row finds its person and request


# Items in the order of the DfE technical specification and the COLLECT export of each
# module (MastodonC/witan.sen2 src/witan/sen2/return/person_level/blade/csv.clj and
# blade/pre_submission.clj, which follow the DfE 2025 guide v1.4). Module numbers are
# the guide's.
PERSON_KEY = ("PersonID",)
REQUEST_KEY = ("PersonID", "RequestID")
PERSON = Module(  # 1
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
# Requests: RequestSource is item 2.2, between ReceivedDate (2.1) and RYA (2.3), "new and
# voluntary for 2025", "now mandatory" in 2026 (liia-tools-pipeline sen2_schema_2025.xsd
# and sen2_schema_2026.xsd, sen2_codes [SF26]).
REQUESTS = Module(  # 2: each <Requests> element is one request
    "requests",
    "Requests",
    "Requests",
    (
        "ReceivedDate",
        "RequestSource",
        "RYA",
        "RequestOutcomeDate",
        "RequestOutcome",
        "RequestMediation",
        "RequestTribunal",
        "Exported",
    ),
    REQUEST_KEY,
)
ASSESSMENTS = Module(  # 3
    "assessments",
    "Assessment",
    "EHC needs assessments",
    (
        "AssessmentOutcome",
        "AssessmentOutcomeDate",
        "AssessmentMediation",
        "AssessmentTribunal",
        "OtherMediation",
        "OtherTribunal",
        "Week20",
    ),
    REQUEST_KEY,
)
NAMED_PLANS = Module(  # 4a
    "named_plans",
    "NamedPlan",
    "Named plans",
    ("StartDate", "PlanRes", "PlanWBP", "PB", "OA", "DP", "CeaseDate", "CeaseReason"),
    REQUEST_KEY,
)
# 4b: the placement named in the first final plan.
PLACEMENTS = Module(
    "placements",
    "PlanDetail",
    "Plan detail (placement named in the plan)",
    (
        "URN",
        "UKPRN",
        "SENSetting",
        "SENSettingOther",
        "PlacementRank",
        "SENunitIndicator",
        "ResourcedProvisionIndicator",
    ),
    REQUEST_KEY,
)
# 5a: plans maintained on the census date, with their latest review and phase transfer
# (from reviews/) and the latest proposed amendments (from plans/). In the XML,
# TransferLA comes first, then PlacementDetail and SENneed, then the rest
# (SEN2_schema_2024.xsd ActivePlansType). ReviewDraft (item 5.4d), PhaseTransferDueDate
# (5.6a) and PhaseTransferFinalDate (5.6b) follow ReviewOutcome (5.4c), voluntary in 2025
# and "now mandatory" in 2026, and LastReview (5.4b) comes last: "LastReview at end of
# this section in 2026 technical specification" (sen2_schema_2026.xsd, [SF26]; in the
# 2025 schema it followed ReviewMeeting).
ACTIVE_PLANS = Module(
    "active_plans",
    "ActivePlans",
    "Active plans",
    (
        "TransferLA",
        "ReviewMeeting",
        "ReviewOutcome",
        "ReviewDraft",
        "PhaseTransferDueDate",
        "PhaseTransferFinalDate",
        "LastReview",
    ),
    REQUEST_KEY,
)
# 5b: where the child or young person of an active plan was educated, with dates.
PLACEMENT_DETAIL = Module(
    "placement_detail",
    "PlacementDetail",
    "Placement detail (active plans)",
    (
        "URN",
        "UKPRN",
        "SENSetting",
        "SENSettingOther",
        "PlacementRank",
        "EntryDate",
        "LeavingDate",
        "SENunitIndicator",
        "ResourcedProvisionIndicator",
        "Res",
        "WBP",
    ),
    REQUEST_KEY,
)
# 5c: the active plan's needs (section B), ranked.
SEN_NEED = Module("sen_need", "SENneed", "SEN need (active plans)", ("SENtype", "SENtypeRank"),
                  REQUEST_KEY)  # fmt: skip
MODULES = {
    m.name: m
    for m in (
        PERSON,
        REQUESTS,
        ASSESSMENTS,
        NAMED_PLANS,
        PLACEMENTS,
        ACTIVE_PLANS,
        PLACEMENT_DETAIL,
        SEN_NEED,
    )
}


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def _flag(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


class Census:
    """The census rule (DfE guide: the return describes the calendar year before the
    census and the plans maintained on census day). An event dated after the census
    date had not happened on it: it is read as not yet happened, so nothing dated after
    the reference date is written."""

    def __init__(self, census_date: datetime.date) -> None:
        self.date = census_date
        self.year_start = datetime.date(census_date.year - 1, 1, 1)

    def by(self, value: datetime.date | None) -> datetime.date | None:
        """The date if the event had happened by the census date, else None."""
        return value if value is not None and value <= self.date else None


@dataclass
class RequestRecord:
    key: str
    request: dict[str, str]
    assessment: dict[str, str] | None = None
    named_plan: dict[str, str] | None = None
    placement: dict[str, str] | None = None
    active_plan: dict[str, str] | None = None
    placement_details: list[dict[str, str]] = field(default_factory=list)
    sen_needs: list[dict[str, str]] = field(default_factory=list)


@dataclass
class PersonRecord:
    key: str
    person: dict[str, str]
    requests: list[RequestRecord] = field(default_factory=list)


def personal_budget(plan) -> dict[str, str]:
    """PB, OA and DP (DfE guide items 4.4-4.4b): a personal budget taken up (asked for,
    with the section J lines that pay for it), whether any of it is held as organised
    arrangements (notional or third-party, Reg 49-50), and what its direct payments pay
    for (DP: E, S, H or I, SEN2_schema_2024.xsd dptype; blank for none).
    Left out when section J does not say whether one was asked for."""
    if plan.j_requested is None:
        return {"PB": "", "OA": "", "DP": ""}
    arrangements = {line.arrangement for line in plan.sen2_budget_lines}
    taken_up = bool(plan.j_requested and arrangements)
    if not taken_up:
        return {"PB": NO, "OA": "", "DP": ""}
    return {
        "PB": YES,
        "OA": _flag(bool(arrangements & ORGANISED_ARRANGEMENTS)),
        "DP": direct_payment(
            line.section
            for line in plan.sen2_budget_lines
            if line.arrangement == BudgetArrangement.DIRECT_PAYMENT
        ),
    }


ORGANISED_ARRANGEMENTS = {BudgetArrangement.NOTIONAL, BudgetArrangement.THIRD_PARTY}

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


def _mediation_and_tribunal(disagreements, census: Census) -> tuple[str, str]:
    """1 when mediation took place / an appeal was registered with the Tribunal, by the
    census date."""
    return (
        _flag(any(census.by(d.mediation_held_on) for d in disagreements)),
        _flag(any(census.by(d.appeal_lodged_on) for d in disagreements)),
    )


def _latest(dates) -> datetime.date | None:
    dates = [day for day in dates if day is not None]
    return max(dates) if dates else None


def _institution(institution) -> dict[str, str]:
    """URN for a school, UKPRN (and no URN) for a post-16 provider that has one."""
    if institution.ukprn and institution.kind in POST16_KINDS:
        return {"URN": "", "UKPRN": institution.ukprn}
    return {"URN": institution.urn, "UKPRN": ""}


def _where(institution, setting: str, other: str) -> dict[str, str]:
    """URN, UKPRN, SENSetting and SENSettingOther: exactly one of the first three, as the
    DfE guide for LAs asks ("Please complete only one of 5.7a to 5.7c", and "only one of
    4.7a to 4.7c" for the plan detail; sen2_codes [SF26]). SEN2_schema_2024.xsd's
    SENSetting minOccurs 1 has no code for a school or college, so it is not followed
    (sen2_codes.SENSetting). SENSettingOther only describes a setting."""
    if institution is not None:
        return {**_institution(institution), "SENSetting": "", "SENSettingOther": ""}
    return {"URN": "", "UKPRN": "", "SENSetting": setting, "SENSettingOther": other}


POST16_KINDS = {"fe_college", "sixth_form", "post16_specialist"}


def plan_detail(plan) -> dict[str, str]:
    """The placement named in the plan (section I)."""
    return {
        # Section I always names a school or college (constraint
        # plan_final_has_date_and_placement), so never a SENSetting here.
        **_where(plan.placement, "", ""),
        "PlacementRank": "1",
        "SENunitIndicator": _flag(plan.placement_sen_unit),
        "ResourcedProvisionIndicator": _flag(plan.placement_resourced_provision),
    }


def placement_detail(record, census: Census) -> dict[str, str]:
    return {
        # A school or college, or a setting, never both (constraint
        # placement_record_school_or_setting).
        **_where(record.institution, record.sen_setting, record.sen_setting_other),
        "PlacementRank": str(record.rank),
        "EntryDate": _date(record.entry_date),
        "LeavingDate": _date(census.by(record.leaving_date)),
        "SENunitIndicator": _flag(record.sen_unit),
        "ResourcedProvisionIndicator": _flag(record.resourced_provision),
        "Res": record.residential,
        "WBP": record.work_based_learning,
    }


def maintained_on_census_day(plan, census: Census) -> bool:
    """Issued by census day and not ended, withdrawn or replaced by then (a plan replaced
    after a reassessment, Reg 27(1), is no longer the one maintained)."""
    return (
        census.by(plan.final_issued_on) is not None
        and census.by(plan.ceased_on) is None
        and census.by(plan.withdrawn_on) is None
        and census.by(plan.replaced_on) is None
    )


def reported_plan(plan, census: Census):
    """The plan the request's EHC plan items are read from on census day: ``plan``, or
    the plan that replaced it after a reassessment (SEND Regulations 2014 reg 27(1):
    "Where the local authority decides to amend or replace an EHC plan following a
    reassessment") once the replacement's final plan was issued by census day. The child
    has one EHC plan maintained at a time, so it is reported once: one NamedPlan and at
    most one ActivePlans under the request for assessment that led to the first plan
    (a reassessment is not a request, CFA s44(2)-(3)). One replacement deep: the
    replacement's own replacement is not read (selection.children_for_return)."""
    replacements = [
        new
        for new in getattr(plan, "sen2_replaced_by", ())
        if census.by(new.final_issued_on) is not None
        and census.by(plan.replaced_on) is not None
        and census.by(new.withdrawn_on) is None
    ]
    return replacements[-1] if replacements else plan


def active_plan(plan, census: Census) -> dict[str, str] | None:
    """The active-plans items of a plan maintained on the census date, or None. Reads
    the reviews, amendments and phase transfers selection.py read up to that day."""
    if not maintained_on_census_day(plan, census):
        return None
    decided = sorted(
        (r for r in plan.sen2_reviews if census.by(r.decided_on)), key=lambda r: r.decided_on
    )
    transfers = sorted(plan.sen2_transfers, key=lambda t: t.due_on)
    transfer = transfers[-1] if transfers else None
    return {
        "TransferLA": plan.transferred_from_la,
        "ReviewMeeting": _date(_latest(r.held_on for r in plan.sen2_reviews)),
        # The latest decision after a review, by the census date (Reg 20(10)).
        "ReviewOutcome": REVIEW_OUTCOME_OF_DECISION.get(decided[-1].decision, "")
        if decided
        else "",
        "ReviewDraft": _date(_latest(a.proposals_issued_on for a in plan.sen2_amendments)),
        "PhaseTransferDueDate": _date(transfer.due_on if transfer else None),
        "PhaseTransferFinalDate": _date(census.by(transfer.named_on) if transfer else None),
        "LastReview": _date(decided[-1].decided_on if decided else None),
    }


def reported_placements(placements, census: Census) -> list:
    """At most two placements (SEN2_schema_2024.xsd ActivePlansType: PlacementDetail
    maxOccurs 2, a main and an additional one): those in force on the census date
    first, then the latest that ended; written in rank and date order."""
    placements = list(placements)
    if len(placements) <= 2:
        return placements

    def current(p) -> bool:
        return p.leaving_date is None or p.leaving_date >= census.date

    kept = sorted(placements, key=lambda p: (current(p), p.entry_date), reverse=True)[:2]
    return sorted(kept, key=lambda p: (p.rank, p.entry_date))


def reported_needs(needs) -> list:
    """The primary need and one secondary need (SENneed maxOccurs 2, SENtypeRank 1 and 2):
    the first of each rank, in section B's order."""
    kept: dict[int, object] = {}
    for need in needs:
        kept.setdefault(need.sen_type_rank, need)
    return [kept[rank] for rank in sorted(kept)][:2]


def historical(plan, census: Census) -> bool:
    """AssessmentOutcome H: a plan whose decision to issue was made before the collection
    period (the calendar year before the census), or that was transferred in from
    another council ([SF26] assessmentoutcometype: "Decision to issue was made before the
    latest collection period or plan has been transferred from another local
    authority")."""
    if plan is None:
        return False
    assessment = plan.assessment
    decided_before = assessment.decided_on is not None and assessment.decided_on < census.year_start
    return bool(plan.transferred_from_la) or decided_before


def request_historical(request, census: Census) -> bool:
    """RequestOutcome H: the decision to assess was made before the collection period,
    that is before 1 January of the year before the census ([SF26] requestoutcometype:
    "Decision to assess was made before the latest collection period"): a request
    carried over from an earlier return. Read from the decision's date alone: a plan
    transferred in from another council does not make its request H (that is
    AssessmentOutcome H and TransferLA), and a decision not to assess is never H."""
    decided_on = census.by(request.decided_on)
    return (
        decided_on is not None
        and decided_on < census.year_start
        and request.status != request.Status.DECLINED
    )


def request_outcome(request, census: Census) -> str:
    """RequestOutcome on the census date, read from dates (nothing after it counts)."""
    if request_historical(request, census):
        return RequestOutcome.HISTORICAL
    if census.by(request.decided_on):
        if request.status == request.Status.DECLINED:
            return RequestOutcome.NOT_ASSESSING
        return RequestOutcome.ASSESSING
    if census.by(request.withdrawn_on):
        return RequestOutcome.WITHDRAWN
    return RequestOutcome.AWAITING


def assessment_outcome(assessment, plan, census: Census) -> str:
    """AssessmentOutcome on the census date. An assessment is withdrawn only before its
    decision (NeedsAssessment.withdraw), so a decision by the census date is Y or N."""
    if historical(plan, census):
        return AssessmentOutcome.HISTORICAL
    if census.by(assessment.decided_on):
        if assessment.status == assessment.Status.DECIDED_NOT_TO_ISSUE:
            return AssessmentOutcome.NOT_ISSUE
        return AssessmentOutcome.ISSUE
    if census.by(assessment.withdrawn_on):
        return AssessmentOutcome.WITHDRAWN
    return AssessmentOutcome.AWAITING


def _request(child, request, number: int, census: Census) -> RequestRecord:
    disagreements = child.sen2_disagreements
    decided_on = census.by(request.decided_on)
    mediation, tribunal = _mediation_and_tribunal(
        _about(disagreements, ("not_to_assess",), request.pk, request.decided_on), census
    )
    return RequestRecord(
        key=f"{child.la_reference}/{number}",
        request={
            "ReceivedDate": _date(request.received_on),
            "RequestSource": REQUEST_SOURCE_OF_REQUESTER.get(request.requester, ""),
            "RYA": _flag(request.rya),
            "RequestOutcomeDate": _date(decided_on),
            "RequestOutcome": request_outcome(request, census),
            "RequestMediation": mediation,
            "RequestTribunal": tribunal,
            # The council the case went to (3-digit LA code), when it moved away.
            "Exported": request.exported_to_la,
        },
    )


def _assessment(child, request, assessment, plan, census: Census) -> dict[str, str]:
    disagreements = child.sen2_disagreements
    excepted = {d.subject_id for d in child.sen2_excepted if census.by(d.exception_starts_on)}
    mediation, tribunal = _mediation_and_tribunal(
        _about(disagreements, ("not_to_issue",), assessment.pk, assessment.decided_on), census
    )
    other = [
        d
        for d in disagreements
        if plan is not None
        and d.kind in OTHER_KINDS
        and (not d.decision_id or d.decision_id == str(plan.pk) or d.ceasing_plan_id == plan.pk)
    ]
    other_mediation, other_tribunal = _mediation_and_tribunal(other, census)
    return {
        "AssessmentOutcome": assessment_outcome(assessment, plan, census),
        "AssessmentOutcomeDate": _date(census.by(assessment.decided_on)),
        "AssessmentMediation": mediation,
        "AssessmentTribunal": tribunal,
        "OtherMediation": other_mediation,
        "OtherTribunal": other_tribunal,
        "Week20": YES if str(request.pk) in excepted else NO,
    }


def _named_plan(plan, census: Census, *, first=None) -> dict[str, str]:
    """``first``: the plan the request led to, when ``plan`` replaced it (Reg 27(1)): the
    EHC plan started when that one was issued, and has been maintained since."""
    ceased_on = census.by(plan.ceased_on)
    return {
        "StartDate": _date((first or plan).final_issued_on),
        "PlanRes": plan.residential,
        "PlanWBP": plan.work_based_learning,
        **personal_budget(plan),
        "CeaseDate": _date(ceased_on),
        "CeaseReason": plan.cease_reason if ceased_on else "",
    }


def person_record(child: ChildRow, census_date: datetime.date) -> PersonRecord:
    """The modules for a child read by selection.children_for_return (which reads the
    requests, their assessment, plan and placement, the plan's needs, placements,
    budget lines, reviews, amendments and phase transfers, the excepted deadlines and
    the disagreements, each up to the census date, as rows)."""
    census = Census(census_date)
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
        row = _request(child, request, number, census)
        assessment = getattr(request, "assessment", None)
        if assessment is not None and census.by(assessment.started_on) is None:
            assessment = None  # decided to assess after the census date
        if assessment is not None:
            plan = getattr(assessment, "plan", None)
            row.assessment = _assessment(child, request, assessment, plan, census)
            if plan is not None and census.by(plan.final_issued_on):
                first, plan = plan, reported_plan(plan, census)
                row.named_plan = _named_plan(plan, census, first=first)
                if plan.placement is not None:
                    row.placement = plan_detail(plan)
                row.active_plan = active_plan(plan, census)
                if row.active_plan is not None:
                    row.placement_details = [
                        placement_detail(p, census)
                        for p in reported_placements(plan.sen2_placements, census)
                    ]
                    row.sen_needs = [
                        {"SENtype": n.sen_type, "SENtypeRank": str(n.sen_type_rank)}
                        for n in reported_needs(plan.sen2_needs)
                    ]
        record.requests.append(row)
    return record


def person_records(
    children: Iterable[ChildRow], census_date: datetime.date
) -> Iterator[PersonRecord]:
    for child in children:
        yield person_record(child, census_date)
