"""The validation report: what COLLECT would reject, before the return is sent.

Each rule is a condition on Child computed by PostgreSQL. The report filters with
set-based forms of the rules (``child IN (SELECT child_id ... )``, each subquery run
once and hashed) rather than a correlated subquery per child: on 25,000 children the
correlated form cost a nested loop over every child in the return (EXPLAIN ANALYZE,
bench/dashboard.py: 545 ms for the count alone on 25,000 children, 55 ms set-based).
The check page runs that filter once, for the ids of the children to fix in LA
reference order (a list of at most the children in the return), paginates the ids, and
labels only the page's rows with the correlated forms (`labelled`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse

from assessments.models import AssessmentRequest, NeedsAssessment
from plans.models import Institution, Need, PlacementRecord, Plan
from plans.models.placement import URN_PATTERN
from sen_portal.casework.models import Child
from sen_portal.dashboards.selectors import Scope
from sen_portal.dashboards.sen2.records import POST16_KINDS
from sen_portal.dashboards.sen2.selection import in_return, requests_by
from sen_portal.sen2_codes import (
    REQUEST_SOURCE_OF_REQUESTER,
    RETIRED_UPN_UNKNOWN,
    CeaseReason,
    SENSetting,
)

# Errors: what COLLECT would reject (compulsory items, allowed codes, dates in order,
# modules that must agree). Wording says what to fix.
RULES: dict[str, str] = {
    "no_identifier": "No UPN or ULN, and no reason recorded for having no UPN",
    # Person item UPNunknown: the DfE lists for 2025 and 2026 have UN1, UN2, UN3, UN5,
    # UN8, UN9 and UN10 only (liia-tools-pipeline sen2_schema_2025/2026.xsd
    # upnunknowntype; sen2_codes.UpnUnknown).
    "upn_unknown_retired": "The reason there is no UPN is a code no longer in the DfE "
    "list (UN4, UN6 or UN7): choose the reason again",
    "no_sex": "Sex not recorded",
    "no_ethnicity": "Ethnicity not recorded (choose “Information not yet obtained” if "
    "nobody has asked yet)",
    "request_decided_before_received": "A decision on a request is dated before the "
    "request was received",
    "assessment_decided_before_started": "An assessment decision is dated before the "
    "assessment started",
    "plan_before_request": "A final plan is dated before its request was received",
    "plan_ceased_before_issued": "A plan's end date is before the final plan was issued",
    "born_after_request": "The date of birth is after a request was received",
    # SEN need module: an active plan's primary need (SENtypeRank 1) is compulsory.
    "active_plan_no_primary_need": "The plan in force on census day has no primary need "
    "type in section B",
    # Named plan: a CeaseDate needs its CeaseReason.
    "ceased_without_reason": "A plan has an end date but no reason it ended",
    # Requests item Exported is the council the case went to (SEN2_schema_2024.xsd,
    # liia-tools 81996262: RequestsType/Exported, 3 digits): never this council's own.
    "exported_to_own_la": "A request is recorded as moved to this council's own LA code: "
    "enter the code of the council they moved to",
    # Requests item RequestSource, compulsory from 2026 ([SYN26]): a request for
    # assessment whose requester has no SEN2 code (sen2_codes.REQUEST_SOURCE_OF_REQUESTER;
    # the council's own reassessment, CFA s44(3), is never a request and never here).
    "request_source_missing": "A request for assessment has no SEN2 request source: "
    "record who asked (the parent or young person, a school or college, health, social "
    "care or someone else)",
    # Placement detail item 5.7c(i): "Where 5.5c is 'Not in education – other' please
    # provide further information, e.g., permanently excluded" (DfE guide for LAs, as
    # liia-tools-pipeline sen2_schema_2026.xsd quotes it; sen2_codes [SF26]). Each
    # placement is one of URN, UKPRN or SENSetting ("Please complete only one of 5.7a to
    # 5.7c"): the placements table holds a school or a setting, never both nor neither
    # (constraint placement_record_school_or_setting), and records._where writes one.
    "setting_not_described": "A placement is recorded as “not in education: other” "
    "without saying why (for example permanently excluded)",
    # PlanDetail and PlacementDetail item URN (4.7a, 5.7a): Get Information About
    # Schools' unique reference number, 6 digits. A post-16 provider returned by its
    # UKPRN (8 digits, records._institution) is exempt. The table of schools refuses a
    # URN of any other length (plans.models.validate_urn); this finds any kept from
    # before.
    "urn_not_six_digits": "A school or college named in a plan has a URN that is not 6 "
    "digits: enter the school's URN as 6 digits, for example 100000",
}
# Queries: COLLECT accepts the return but asks the council to explain (DfE 2025 guide:
# CeaseReason 9 and SENsetting OTH/NIEO prompt for more information; RequestSource 5
# likewise, per the 2026 supplier guidance), or the return is thinner than it should be.
QUERIES: dict[str, str] = {
    "active_plan_no_placement": "The plan in force on census day has no placement "
    "recorded for census day (placement detail)",
    "need_without_type": "A need in section B of the plan in force has no type",
    "ceased_other": "A plan ended for an “other” reason: COLLECT will ask why",
    "setting_other": "A placement is recorded as “other” or “not in education: other”: "
    "COLLECT will ask for details",
    "request_source_other": "A request came from “someone else”: COLLECT may ask who",
}
# Where each one is fixed: the case page (person items, requests), the plan's page, or
# (urn_not_six_digits) the school's page in the table of schools.
FIXED_ON_PLAN = {
    "plan_before_request",
    "plan_ceased_before_issued",
    "active_plan_no_primary_need",
    "ceased_without_reason",
    "active_plan_no_placement",
    "need_without_type",
    "ceased_other",
    "setting_other",
    "setting_not_described",
}
# "Plan without placement" needs no rule: the plans table refuses a final plan that
# names no school or college (constraint plan_final_has_date_and_placement).


def _on_child(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _child_fields() -> dict[str, Q]:
    return {
        "no_identifier": Q(upn="", uln="", upn_unknown_reason=""),
        "upn_unknown_retired": Q(upn="", upn_unknown_reason__in=list(RETIRED_UPN_UNKNOWN)),
        "no_sex": Q(sex=""),
        "no_ethnicity": Q(ethnicity=""),
    }


def maintained(census_date: datetime.date) -> Q:
    """Plans maintained on census day: issued by then, not ended, withdrawn or replaced
    (after a reassessment, Reg 27(1)) by then."""
    return (
        Q(final_issued_on__lte=census_date)
        & (Q(ceased_on__isnull=True) | Q(ceased_on__gt=census_date))
        & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=census_date))
        & (Q(replaced_on__isnull=True) | Q(replaced_on__gt=census_date))
    )


def _urn_not_six_digits() -> QuerySet[Institution]:
    """Schools and colleges whose URN the return would write and COLLECT would refuse:
    not 6 digits, and not a post-16 provider returned by its UKPRN instead."""
    return Institution.objects.exclude(urn__regex=URN_PATTERN).exclude(
        ~Q(ukprn=""), kind__in=list(POST16_KINDS)
    )


def _plans_naming_a_bad_urn(census_date: datetime.date) -> QuerySet[Plan]:
    """Plans issued by the census date that name such a school: in section I (PlanDetail)
    or as a placement from before the census date (PlacementDetail)."""
    bad = _urn_not_six_digits().values("pk")
    return Plan.objects.filter(final_issued_on__lte=census_date).filter(
        Q(placement__in=bad)
        | Q(placement_records__institution__in=bad, placement_records__entry_date__lte=census_date)
    )


def _related(census_date: datetime.date) -> dict[str, tuple[QuerySet, str]]:
    """Rules on a child's workflow rows: the rows that break the rule, and the path from
    them to the child."""
    issued = Plan.objects.filter(status__in=list(Plan.ISSUED))
    active = Plan.objects.filter(maintained(census_date))
    year_start = datetime.date(census_date.year - 1, 1, 1)
    ceased = Plan.objects.filter(ceased_on__gte=year_start, ceased_on__lte=census_date)
    requests = requests_by(census_date)
    return {
        "request_decided_before_received": (
            AssessmentRequest.objects.filter(decided_on__lt=F("received_on")),
            "child",
        ),
        "assessment_decided_before_started": (
            NeedsAssessment.objects.filter(decided_on__lt=F("started_on")),
            "child",
        ),
        "plan_before_request": (
            issued.filter(final_issued_on__lt=F("assessment__request__received_on")),
            "child",
        ),
        "plan_ceased_before_issued": (
            Plan.objects.filter(ceased_on__lt=F("final_issued_on")),
            "child",
        ),
        "active_plan_no_primary_need": (
            active.exclude(pk__in=Need.objects.filter(sen_type_rank=1).values("plan_id")),
            "child",
        ),
        "ceased_without_reason": (ceased.filter(cease_reason=""), "child"),
        "active_plan_no_placement": (
            active.exclude(
                pk__in=PlacementRecord.objects.filter(entry_date__lte=census_date)
                .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=census_date))
                .values("plan_id")
            ),
            "child",
        ),
        "need_without_type": (
            Need.objects.filter(sen_type="", plan__in=active.values("pk")),
            "plan__child",
        ),
        "ceased_other": (ceased.filter(cease_reason=CeaseReason.OTHER), "child"),
        "setting_other": (
            PlacementRecord.objects.filter(
                sen_setting__in=[SENSetting.OTH, SENSetting.NIEO],
                entry_date__lte=census_date,
                plan__in=active.values("pk"),
            ),
            "plan__child",
        ),
        "setting_not_described": (
            PlacementRecord.objects.filter(
                sen_setting=SENSetting.NIEO,
                sen_setting_other="",
                entry_date__lte=census_date,
                plan__in=active.values("pk"),
            ),
            "plan__child",
        ),
        "exported_to_own_la": (
            AssessmentRequest.objects.filter(
                kind=AssessmentRequest.Kind.ASSESSMENT,
                received_on__lte=census_date,
                exported_to_la=settings.SEN2_LA_CODE,
            ),
            "child",
        ),
        # Only requests for assessment are in the Requests module (CFA s36(1)); a
        # reassessment (s44(2)-(3)) has no RequestSource to query or to miss.
        "request_source_other": (
            requests.filter(requester="other", received_on__gte=year_start),
            "child",
        ),
        "request_source_missing": (
            requests.exclude(requester__in=list(REQUEST_SOURCE_OF_REQUESTER)),
            "child",
        ),
        "urn_not_six_digits": (_plans_naming_a_bad_urn(census_date), "child"),
    }


def _born_after_request() -> Exists:
    """Correlated on purpose: an index-only probe of (child, received_on) per child is
    cheaper than joining every request to every child, and PostgreSQL cannot hash a
    subquery correlated by "less than"."""
    return Exists(
        AssessmentRequest.objects.filter(
            child=OuterRef("pk"), received_on__lt=OuterRef("date_of_birth")
        )
    )


def _conditions(census_date: datetime.date, names) -> Q:
    """Set-based: each related rule is one uncorrelated subquery, hashed by PostgreSQL."""
    condition = Q(pk__in=[])
    for name, rule in _child_fields().items():
        if name in names:
            condition |= rule
    for name, (rows, path) in _related(census_date).items():
        if name in names:
            condition |= Q(pk__in=rows.values(f"{path}_id"))
    if "born_after_request" in names:
        condition |= Q(_born_after_request())
    return condition


def any_problem(census_date: datetime.date) -> Q:
    return _conditions(census_date, {*RULES, *QUERIES})


def any_error(census_date: datetime.date) -> Q:
    return _conditions(census_date, set(RULES))


def labels(census_date: datetime.date) -> dict[str, ExpressionWrapper | Exists | Subquery]:
    """Correlated: evaluated only for the rows a page shows. With the plan to link to: the
    latest final plan by the census date."""
    found: dict[str, ExpressionWrapper | Exists | Subquery] = {
        f"sen2_{name}": _on_child(rule) for name, rule in _child_fields().items()
    }
    for name, (rows, path) in _related(census_date).items():
        found[f"sen2_{name}"] = Exists(rows.filter(**{path: OuterRef("pk")}))
    found["sen2_born_after_request"] = _born_after_request()
    # The school to correct, for the link (the first found: one is fixed at a time).
    bad = _urn_not_six_digits().values("pk")
    found["sen2_urn_institution_id"] = Coalesce(
        Subquery(
            Plan.objects.filter(
                child=OuterRef("pk"), final_issued_on__lte=census_date, placement__in=bad
            )
            .order_by("placement_id")
            .values("placement_id")[:1]
        ),
        Subquery(
            PlacementRecord.objects.filter(
                plan__child=OuterRef("pk"),
                plan__final_issued_on__lte=census_date,
                entry_date__lte=census_date,
                institution__in=bad,
            )
            .order_by("institution_id")
            .values("institution_id")[:1]
        ),
    )
    found["sen2_plan_id"] = Subquery(
        Plan.objects.filter(child=OuterRef("pk"), final_issued_on__lte=census_date)
        .order_by("-final_issued_on")
        .values("pk")[:1]
    )
    return found


@dataclass(frozen=True)
class Finding:
    label: str
    url: str
    where: str  # "case", "plan" or "school": the page the link opens
    error: bool


@dataclass(frozen=True)
class Problem:
    child: Child
    findings: list[Finding]

    @property
    def rules(self) -> list[str]:
        return [f.label for f in self.findings if f.error]

    @property
    def queries(self) -> list[str]:
        return [f.label for f in self.findings if not f.error]


@dataclass(frozen=True)
class Counts:
    errors: int  # children with at least one error
    queries: int  # children with at least one query


def _in_return(scope: Scope, census_date: datetime.date) -> QuerySet[Child]:
    return Child.objects.filter(in_return(census_date), scope.children())


def children_with_problems(*, scope: Scope, census_date: datetime.date) -> QuerySet[Child]:
    """Children in the return with an error or a query, each annotated with one boolean
    per rule: one query for a page of them, one to count."""
    return (
        _in_return(scope, census_date)
        .filter(any_problem(census_date))
        .annotate(**labels(census_date))
        .order_by("la_reference")
    )


def problem_ids(*, scope: Scope, census_date: datetime.date) -> list:
    """The ids of the children to fix or explain, in LA reference order: one query."""
    return list(
        _in_return(scope, census_date)
        .filter(any_problem(census_date))
        .order_by("la_reference")
        .values_list("pk", flat=True)
    )


def counts(*, scope: Scope, census_date: datetime.date) -> Counts:
    """How many children have errors, and how many queries: one query."""
    found = _in_return(scope, census_date).aggregate(
        errors=Count("pk", filter=any_error(census_date)),
        queries=Count("pk", filter=_conditions(census_date, set(QUERIES))),
    )
    return Counts(errors=found["errors"], queries=found["queries"])


def labelled(ids: Iterable, census_date: datetime.date) -> QuerySet[Child]:
    """These children with one boolean per rule (for `problems`): one query."""
    return (
        Child.objects.filter(pk__in=list(ids))
        .annotate(**labels(census_date))
        .order_by("la_reference")
    )


def _finding(child: Child, name: str, label: str, error: bool) -> Finding:
    if name == "urn_not_six_digits" and child.sen2_urn_institution_id:
        # Schools and colleges are kept in one table by the system administrators
        # (plans/admin.py), not on a case: the link opens the school's own page there.
        return Finding(
            label,
            reverse("admin:plans_institution_change", args=[child.sen2_urn_institution_id]),
            "school",
            error,
        )
    if name in FIXED_ON_PLAN and child.sen2_plan_id:
        return Finding(
            label, reverse("plans:plan_detail", args=[child.sen2_plan_id]), "plan", error
        )
    return Finding(label, reverse("casework:child_detail", args=[child.pk]), "case", error)


def problems(children: Iterable[Child]) -> Iterator[Problem]:
    """Label each annotated child's errors and queries, as the children stream past."""
    for child in children:
        findings = [
            _finding(child, name, label, error)
            for error, rules in ((True, RULES), (False, QUERIES))
            for name, label in rules.items()
            if getattr(child, f"sen2_{name}")
        ]
        yield Problem(child, findings)
