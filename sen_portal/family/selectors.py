"""Reads for the family portal. Each page's reads are a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessments.models import AssessmentRequest, NeedsAssessment
from plans.models import Plan, PlanVersion
from sen_portal.casework.models import Child, ChronologyEvent, Deadline


@dataclass
class CaseOverview:
    request: AssessmentRequest | None
    assessment: NeedsAssessment | None
    plan: Plan | None
    events: list[ChronologyEvent] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)


def case_overview(*, child: Child) -> CaseOverview:
    """The latest request, assessment and plan, the history shared with the family, and
    the statutory dates. Five queries."""
    request = (
        AssessmentRequest.objects.filter(child=child)
        .order_by("-received_on", "-created_at")
        .first()
    )
    assessment = (
        NeedsAssessment.objects.filter(child=child).order_by("-started_on", "-created_at").first()
    )
    plan = Plan.objects.filter(child=child).order_by("-created_at").first()
    # Only what was marked for the family: staff notes never reach this page.
    events = list(
        ChronologyEvent.objects.filter(child=child, visible_to_family=True)
        .only("occurred_at", "summary", "kind")
        .order_by("-occurred_at", "-id")
    )
    deadlines = list(
        Deadline.objects.filter(child=child)
        .exclude(status=Deadline.Status.CANCELLED)
        .order_by("due_on", "id")
    )
    return CaseOverview(request, assessment, plan, events, deadlines)


def issued_plan_versions(*, child: Child) -> list[PlanVersion]:
    """Every draft and final plan sent to the family, newest first, with its PDF. One query."""
    return list(
        PlanVersion.objects.filter(plan__child=child, pdf__isnull=False)
        .select_related("pdf", "plan")
        .defer("snapshot", "plan__a_views", "plan__a_interests", "plan__a_aspirations")
        .order_by("-issued_on", "-number")
    )


def issued_plan_version(*, child: Child, plan_id, number: int) -> PlanVersion | None:
    try:
        return (
            PlanVersion.objects.select_related("pdf")
            .defer("snapshot")
            .get(plan__child=child, plan_id=plan_id, number=number, pdf__isnull=False)
        )
    except (PlanVersion.DoesNotExist, ValueError):
        return None


def latest_issued_version(*, child: Child) -> PlanVersion | None:
    """The newest version sent to the family of a plan that has not been withdrawn."""
    return (
        PlanVersion.objects.filter(plan__child=child)
        .exclude(plan__status=Plan.Status.WITHDRAWN)
        .order_by("-issued_on", "-number")
        .first()
    )
