"""Reads that feed the plan pages. Each owns its joins, so a page's query count stays the
same however many needs, outcomes, provision items, consultations or versions a plan has."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, Q, QuerySet

from assessments.models import AssessmentRequest, NeedsAssessment
from plans.models import (
    Consultation,
    Outcome,
    Plan,
    PlanAmendment,
    PlanVersion,
    ProvisionItem,
)
from sen_portal.accounts.roles import Role
from sen_portal.casework import panels
from sen_portal.casework.models import Child, Deadline
from sen_portal.prepared import CASE_ID, Prepared, known_parent, objects_together


def plan_queryset() -> QuerySet[Plan]:
    return Plan.objects.select_related(
        "child__team",
        "child__caseworker",
        "assessment__request",
        "placement",
        "preferred_institution",
        "draft_issued_by",
        "final_issued_by",
    )


def plan_with_content(*, plan_id) -> Plan:
    """A plan with every section's rows: 9 queries whatever their number (the plan and
    its joins; needs; outcomes; their needs; provision; its outcomes; budget lines;
    advice entries; consultations with their institutions)."""
    return (
        plan_queryset()
        .prefetch_related(
            "needs",
            Prefetch("outcomes", queryset=Outcome.objects.prefetch_related("needs")),
            Prefetch("provision", queryset=ProvisionItem.objects.prefetch_related("outcomes")),
            "budget_lines",
            "advice_entries",
            Prefetch("consultations", queryset=Consultation.objects.select_related("institution")),
        )
        .get(pk=plan_id)
    )


def versions_for(plan: Plan) -> list[PlanVersion]:
    """A plan's versions with their PDFs, newest first. One query."""
    return list(
        PlanVersion.objects.filter(plan=plan)
        .select_related("pdf", "issued_by")
        .defer("snapshot")
        .order_by("-number")
    )


def latest_issued_version(plan: Plan) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan=plan).select_related("pdf").order_by("-number").first()


def amendments_for(plan: Plan) -> list[PlanAmendment]:
    """A plan's amendments, newest first, with the versions they made. One query."""
    return list(
        PlanAmendment.objects.filter(plan=plan)
        .select_related(
            "amends_version",
            "proposals_version",
            "amended_version",
            "preferred_institution",
            "started_by",
            "decided_by",
        )
        .defer(
            "amends_version__snapshot",
            "proposals_version__snapshot",
            "amended_version__snapshot",
        )
        .order_by("-number")
    )


# --- Deadlines --------------------------------------------------------------------------


def _subject_q(subject) -> Q:
    return Q(subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk))


def final_plan_deadline(plan: Plan) -> Deadline | None:
    """The request's 20-week deadline (Reg 13(2)): the live one if there is one, else the
    latest. A case recorded before requests were (a case-level clock with no workflow
    object) is found by child and code."""
    request = plan.assessment.request
    by_request = list(
        Deadline.objects.filter(_subject_q(request), code="final_plan").order_by("-id")
    )
    found = next((d for d in by_request if d.is_live), by_request[0] if by_request else None)
    if found is None:
        found = (
            Deadline.objects.filter(
                child_id=plan.child_id,
                code="final_plan",
                subject_type__isnull=True,
                status__in=Deadline.LIVE,
            )
            .order_by("-id")
            .first()
        )
    return found


def plan_deadlines(plan: Plan) -> list[Deadline]:
    """The deadlines of the plan's own steps (the family's comments, each consultation)
    and the request's 20-week deadline, in due order. Two queries."""
    ct = ContentType.objects.get_for_model
    consultation_ids = [str(c.pk) for c in plan.consultations.all()]
    condition = (
        _subject_q(plan)
        | Q(subject_type=ct(Consultation), subject_id__in=consultation_ids)
        | Q(
            subject_type=ct(AssessmentRequest),
            subject_id=str(plan.assessment.request_id),
            code="final_plan",
        )
    )
    return list(Deadline.objects.filter(condition).order_by("due_on", "id"))


# --- Lists ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    plan: Plan
    final_deadline: Deadline | None
    # Once the final plan is issued the date that matters is the next annual review
    # (CFA 2014 s44(1); Reg 18): the reviews app opens it as a case-level deadline row.
    review_deadline: Deadline | None = None

    @property
    def shows_review(self) -> bool:
        return self.plan.status in Plan.ISSUED and not (
            self.final_deadline is not None and self.final_deadline.is_live
        )


# The deadline the reviews app opens for a plan in force (timescales "annual_review"):
# plans never imports reviews, so it reads the row by its code.
ANNUAL_REVIEW = "annual_review"


def next_review_deadlines(child_ids) -> dict:
    """{child id: the earliest live annual review deadline}. One query."""
    found: dict = {}
    rows = Deadline.objects.filter(
        child_id__in=list(child_ids), code=ANNUAL_REVIEW, status__in=Deadline.LIVE
    ).order_by("due_on", "id")
    for deadline in rows:
        found.setdefault(deadline.child_id, deadline)
    return found


def plan_list_for_user(*, user, status: str = "") -> QuerySet[Plan]:
    """The plans of the user's team (every plan, for a system administrator), newest
    first: one query per page."""
    plans = Plan.objects.select_related("child", "assessment").order_by("-created_at", "id")
    if user.role != Role.ADMIN:
        plans = plans.filter(child__team_id=user.team_id)
    if status:
        plans = plans.filter(status=status)
    return plans


def with_final_deadlines(plans) -> list[PlanRow]:
    """Each plan of a page with its request's 20-week deadline: one query for them all."""
    plans = list(plans)
    request_ids = [str(p.assessment.request_id) for p in plans]
    deadlines: dict[str, Deadline] = {}
    if request_ids:
        rows = Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(AssessmentRequest),
            subject_id__in=request_ids,
            code="final_plan",
        ).order_by("id")
        for deadline in rows:  # the newest wins
            deadlines[deadline.subject_id] = deadline
    issued = [p.child_id for p in plans if p.status in Plan.ISSUED]
    reviews = next_review_deadlines(issued) if issued else {}
    return [
        PlanRow(p, deadlines.get(str(p.assessment.request_id)), reviews.get(p.child_id))
        for p in plans
    ]


def case_plans(*, child: Child) -> list[Plan]:
    """The case page's plans of ``child``, newest first, for every panel that shows them
    (plans, ceasing, reviews): read once per page with the plans panel's query. Every plan
    is there: a plan is started only from an assessment decided to issue one
    (``plan_start``), its one-to-one ``assessment``, and that decision is final."""
    plans = [a.plan for a in case_decided_assessments(child=child) if _started_plan(a) is not None]
    return sorted(plans, key=lambda plan: plan.created_at, reverse=True)


def case_decided_assessments(*, child: Child) -> list[NeedsAssessment]:
    """``decided_assessments_with_plans``, read once per case page (casework.panels.shared)."""
    return panels.shared(
        child, "decided_assessments", lambda: decided_assessments_with_plans(child=child)
    )


def _started_plan(assessment: NeedsAssessment) -> Plan | None:
    try:
        return assessment.plan
    except ObjectDoesNotExist:
        return None


# Compiled once per process (sen_portal.prepared, issue #22): every case page reads it.
_DECIDED_ASSESSMENTS = Prepared(
    lambda marker: (
        NeedsAssessment.objects.filter(
            child_id=marker, status=NeedsAssessment.Status.DECIDED_TO_ISSUE
        )
        # A reassessment amends the plan in force; no new plan is started from it.
        .exclude(request__kind="reassessment")
        .select_related("plan")
        .order_by("-decided_on", "-created_at")
    ),
    marker=CASE_ID,
)


def decided_assessments_with_plans(*, child: Child) -> list[NeedsAssessment]:
    """A child's assessments that decided to issue a plan, newest first, each with its
    plan if one was started (``assessment.plan``). One query."""
    assessments = _DECIDED_ASSESSMENTS.objects(child.pk)
    known_parent(assessments, "child", child)
    return assessments


# The rows that hang off a child's plans on the case page (its reviews, its proposals to
# cease), each read registered by the app that owns it (plans imports neither), as a
# Prepared by the child's id. The case page reads them all in one round trip
# (sen_portal.prepared.objects_together), once, and none for a child without a plan.
_CASE_PLAN_ROWS: dict[str, Prepared] = {}


def register_case_plan_rows(name: str, read: Prepared) -> None:
    _CASE_PLAN_ROWS[name] = read


def case_plan_rows(*, child: Child, name: str) -> list:
    """The rows of the registered read ``name`` for ``child``'s plans, each with its plan
    (``row.plan`` reads nothing), in no particular order."""

    def load() -> dict[str, list]:
        plans = {plan.pk: plan for plan in case_plans(child=child)}
        names = list(_CASE_PLAN_ROWS)
        if not plans:
            return dict.fromkeys(names, [])
        results = objects_together([_CASE_PLAN_ROWS[n] for n in names], child.pk)
        for rows in results:
            for row in rows:
                known_parent([row], "plan", plans[row.plan_id])
        return dict(zip(names, results, strict=True))

    return panels.shared(child, "case_plan_rows", load)[name]
