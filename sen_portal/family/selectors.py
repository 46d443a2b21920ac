"""Reads for the family portal. Each page's reads are a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessments.models import AdviceRequest, AssessmentRequest, NeedsAssessment
from plans.models import Plan, PlanVersion
from sen_portal.casework.models import Child, ChronologyEvent, Deadline, Document


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
    """Every draft and final plan sent to the family, newest first, with its PDF (None
    while the worker is still making it: the page says so). One query."""
    return list(
        PlanVersion.objects.filter(plan__child=child)
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


def advice_reports_sent_with_draft(*, child: Child) -> list[AdviceRequest]:
    """The advice reports of each assessment whose draft plan has been issued: the advice
    and information obtained in the assessment (SEND Regs 2014 reg 6(1)) is appended to the
    plan as section K, so the family receive it with the draft and can check the draft
    against it within their 15 days (reg 13(1)). Regulation 12(1) itself lists sections A
    to J only; the earlier citation "12(1)(k)" did not exist. Never before the draft, and
    only advice with a document. One query."""
    return list(
        AdviceRequest.objects.filter(
            assessment__child=child,
            status=AdviceRequest.Status.RECEIVED,
            document__isnull=False,
            assessment__plan__versions__kind=PlanVersion.Kind.DRAFT,
        )
        .select_related("document")
        .distinct()
        .order_by("received_on", "kind")
    )


def family_document(*, child: Child, document_id) -> Document | None:
    """A document the family may open: one shared with them (a letter, a shared note's
    attachment), or an advice report sent with the draft plan. None otherwise."""
    try:
        document = child.documents.get(pk=document_id)
    except (Document.DoesNotExist, ValueError):
        return None
    if document.shared_with_family:
        return document
    if any(a.document_id == document.pk for a in advice_reports_sent_with_draft(child=child)):
        return document
    return None
