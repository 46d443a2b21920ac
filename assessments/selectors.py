"""Reads that feed the assessments pages. Each owns its joins, so a page's query count
stays the same however many advice requests or deadlines a case has."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from assessments.models import AdviceRequest, AssessmentRequest, NeedsAssessment
from assessments.year_groups import preparing_for_adulthood_applies
from sen_portal.casework.models import Child, Deadline
from sen_portal.dates import long_date
from sen_portal.prepared import CASE_ID, Prepared, known_parent

Status = AdviceRequest.Status


# --- Deadlines of one workflow ------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineLine:
    """A deadline on the request or assessment page; the page shows it with casework's
    one deadline presentation ({% deadline_tag %})."""

    deadline: Deadline
    note: str = ""


def deadlines_for(
    *subjects, today: datetime.date | None = None, appeal_due_on: datetime.date | None = None
) -> list[DeadlineLine]:
    """The deadlines of these workflow objects (a request, an assessment), in due order.
    One query.

    ``appeal_due_on``: the family's last day to appeal (timescales.appeal_due). The
    deadline row counts from the decision; a mediation certificate can move the last day
    later, and the line then says where it falls.
    """
    today = today or timezone.localdate()
    condition = Q(pk__in=[])
    for subject in subjects:
        if subject is None:
            continue
        condition |= Q(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk)
        )
    lines = []
    for deadline in Deadline.objects.filter(condition).order_by("due_on", "id"):
        note = ""
        if (
            deadline.code == "appeal_after_decision"
            and appeal_due_on is not None
            and appeal_due_on != deadline.due_on
        ):
            note = (
                f"The Tribunal's rules move the last day to {long_date(appeal_due_on)} "
                "(HESC Rules r12)"
            )
        lines.append(DeadlineLine(deadline, note=note))
    return lines


# --- The case page panel ------------------------------------------------------------------


# Compiled once per process (sen_portal.prepared, issue #22): every case page reads it.
_CASE_REQUESTS = Prepared(
    lambda marker: (
        AssessmentRequest.objects.filter(child_id=marker)
        .select_related("assessment")
        .order_by("-received_on", "-created_at")
    ),
    marker=CASE_ID,
)


def requests_for_child(*, child: Child) -> list[AssessmentRequest]:
    """A child's requests, newest first, each with its assessment. One query."""
    requests = _CASE_REQUESTS.objects(child.pk)
    known_parent(requests, "child", child)
    return requests


def blocking_workflow(
    requests: list[AssessmentRequest],
) -> AssessmentRequest | NeedsAssessment | None:
    """Of a child's requests (from requests_for_child), what a new request would collide
    with: a request waiting for its decision, an assessment in progress, or one that
    decided to issue a plan."""
    for item in requests:
        if item.is_open:
            return item
        assessment = getattr(item, "assessment", None)
        if assessment is not None and assessment.status in NeedsAssessment.BLOCKS_NEW_REQUEST:
            return assessment
    return None


def open_workflow_for_child(*, child: Child) -> AssessmentRequest | NeedsAssessment | None:
    return blocking_workflow(requests_for_child(child=child))


def is_plan_decided(blocking) -> bool:
    """What blocks a new request is an assessment that decided to issue a plan: a new
    request is then a request for a reassessment (CFA s44(2))."""
    return (
        isinstance(blocking, NeedsAssessment)
        and blocking.status == NeedsAssessment.Status.DECIDED_TO_ISSUE
    )


# --- The advice board --------------------------------------------------------------------


@dataclass
class AdviceBoard:
    """The caseworker's view of the advice: what is late, what is still to come, what has
    arrived. Built from one query."""

    overdue: list[AdviceRequest] = field(default_factory=list)
    waiting: list[AdviceRequest] = field(default_factory=list)
    exceptions: list[AdviceRequest] = field(default_factory=list)
    received: list[AdviceRequest] = field(default_factory=list)
    cancelled: list[AdviceRequest] = field(default_factory=list)

    @property
    def asked(self) -> int:
        return len(self.overdue) + len(self.waiting) + len(self.exceptions) + len(self.received)

    @property
    def settled(self) -> int:
        return len(self.received) + sum(
            1 for advice in self.exceptions if advice.status == Status.EXCEPTED
        )

    @property
    def outstanding(self) -> int:
        return self.asked - self.settled

    @property
    def kinds_asked(self) -> set[str]:
        return {
            advice.kind
            for group in (self.overdue, self.waiting, self.exceptions, self.received)
            for advice in group
        }


def advice_board(*, assessment: NeedsAssessment, today: datetime.date | None = None) -> AdviceBoard:
    today = today or timezone.localdate()
    board = AdviceBoard()
    advice_requests = assessment.advice_requests.select_related(
        "advice_giver", "document"
    ).order_by("due_on", "kind", "created_at")
    for advice in advice_requests:
        if advice.status == Status.RECEIVED:
            board.received.append(advice)
        elif advice.status == Status.CANCELLED:
            board.cancelled.append(advice)
        elif advice.status in (Status.EXCEPTION_CLAIMED, Status.EXCEPTED):
            board.exceptions.append(advice)
        elif advice.due_on < today:
            board.overdue.append(advice)
        else:
            board.waiting.append(advice)
    return board


def advice_kinds_still_to_ask(
    *, assessment: NeedsAssessment, board: AdviceBoard, today: datetime.date | None = None
) -> list[str]:
    """The Reg 6(1) advice not yet asked for (labels), including preparing for adulthood
    from year 9. Reg 6(4) allows existing advice to stand, so this is a prompt, not a
    rule."""
    today = today or timezone.localdate()
    kinds = list(AdviceRequest.Kind)
    if not preparing_for_adulthood_applies(assessment.child.date_of_birth, today):
        kinds.remove(AdviceRequest.Kind.PREPARING_FOR_ADULTHOOD)
    return [kind.label for kind in kinds if kind not in board.kinds_asked]


# --- Advice givers -----------------------------------------------------------------------


def advice_requests_for_giver(*, user) -> QuerySet[AdviceRequest]:
    """Every advice request sent to this advice giver, still-to-do first (soonest due),
    then the rest (latest first). One query, whatever the number."""
    return (
        AdviceRequest.objects.filter(advice_giver=user)
        .exclude(status=Status.CANCELLED)
        .select_related("assessment__child")
        .annotate(
            done=Case(
                When(status__in=AdviceRequest.OUTSTANDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("done", "due_on", "-received_on", "id")
    )
