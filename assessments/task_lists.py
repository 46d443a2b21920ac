"""The GOV.UK task lists on the request and assessment pages: what has been done and
what to do next, with a link only where this user can do it now."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from assessments.models import AssessmentRequest, NeedsAssessment
from assessments.selectors import AdviceBoard
from sen_portal import timescales
from sen_portal.dates import long_date

COMPLETED = "completed"
TO_DO = "to_do"
IN_PROGRESS = "in_progress"
CANNOT_START = "cannot_start"
NOT_NEEDED = "not_needed"

STATUS_TEXT = {
    COMPLETED: "Completed",
    TO_DO: "Not yet started",
    IN_PROGRESS: "In progress",
    CANNOT_START: "Cannot start yet",
    NOT_NEEDED: "Not needed",
}


@dataclass(frozen=True)
class Task:
    key: str
    name: str
    status: str
    hint: str = ""
    href: str = ""

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]

    @property
    def tag_colour(self) -> str:
        """Incomplete tasks carry a tag (GOV.UK task list pattern); others plain text."""
        return {TO_DO: "blue", IN_PROGRESS: "light-blue"}.get(self.status, "")


def request_tasks(assessment_request: AssessmentRequest, available: set[str]) -> list[Task]:
    """``available``: the transitions this user may take now (actions.available_actions)."""
    r = assessment_request
    status = r.Status
    tasks = [
        Task(
            "record",
            "Record the request",
            COMPLETED,
            hint=f"Received {long_date(r.received_on)} from {r.get_requester_display().lower()}",
        )
    ]
    # The request's own decision date: 6 weeks (Reg 5(1)), or 15 days for a
    # reassessment (Reg 25(1)).
    decision_due = r.decision_due_on
    rule = "15 days, Reg 25(1)" if r.is_reassessment else "6 weeks, Reg 5(1)"
    if r.status == status.RECEIVED:
        can = bool({"decide_to_assess", "decline"} & available)
        tasks.append(
            Task(
                "decide",
                "Decide whether to reassess" if r.is_reassessment else "Decide whether to assess",
                TO_DO,
                hint=f"Due by {long_date(decision_due)} ({rule}): "
                + timescales.days_left_in_words(timezone.localdate(), decision_due),
                href="#decisions" if can else "",
            )
        )
    elif r.status == status.WITHDRAWN:
        tasks.append(Task("decide", "Decide whether to assess", NOT_NEEDED, hint="Withdrawn"))
    else:
        tasks.append(
            Task(
                "decide",
                "Decide whether to reassess" if r.is_reassessment else "Decide whether to assess",
                COMPLETED,
                hint=f"{r.get_status_display()} on {long_date(r.decided_on)}",
            )
        )
    carry_out = (
        "Carry out the reassessment" if r.is_reassessment else "Carry out the EHC needs assessment"
    )
    assessment = getattr(r, "assessment", None) if r.status == status.ASSESSING else None
    if assessment is not None:
        tasks.append(
            Task(
                "assess",
                carry_out,
                COMPLETED if not assessment.is_live else IN_PROGRESS,
                hint=assessment.get_status_display(),
                href=reverse("assessments:assessment_detail", args=[assessment.pk]),
            )
        )
    elif r.status == status.RECEIVED:
        tasks.append(Task("assess", carry_out, CANNOT_START))
    return tasks


def assessment_tasks(
    assessment: NeedsAssessment,
    board: AdviceBoard,
    still_to_ask: list[str],
    available: set[str],
    *,
    can_ask: bool,
) -> list[Task]:
    a = assessment
    status = a.Status
    gathering = a.status == status.GATHERING_ADVICE
    again = a.request.is_reassessment
    tasks = [
        Task(
            "decide",
            "Decide whether to reassess" if again else "Decide whether to assess",
            COMPLETED,
            hint=f"Decided to {'reassess' if again else 'assess'} on {long_date(a.started_on)}",
            href=reverse("assessments:request_detail", args=[a.request_id]),
        )
    ]
    if gathering:
        hint = "Still to ask: " + ", ".join(still_to_ask) if still_to_ask else ""
        tasks.append(
            Task(
                "ask",
                "Ask for advice",
                # Done once every piece asked for is in; the link stays, to ask for more.
                (COMPLETED if not board.outstanding else IN_PROGRESS) if board.asked else TO_DO,
                hint=hint,
                href=reverse("assessments:advice_request_create", args=[a.pk]) if can_ask else "",
            )
        )
    else:
        tasks.append(Task("ask", "Ask for advice", COMPLETED, hint=f"{board.asked} asked for"))
    if board.asked and not board.outstanding:
        receive_status = COMPLETED
    elif board.asked:
        receive_status = IN_PROGRESS
    else:
        receive_status = CANNOT_START
    tasks.append(
        Task(
            "receive",
            "Receive the advice",
            receive_status,
            hint=f"{board.settled} of {board.asked} in"
            + (f", {len(board.overdue)} overdue" if board.overdue else ""),
            href="#advice",
        )
    )
    if gathering:
        can_complete = "complete_advice" in available
        tasks.append(
            Task(
                "complete",
                "Mark the advice complete",
                TO_DO if can_complete else CANNOT_START,
                hint="" if can_complete else "Every piece of advice must be in, or excepted",
                href="#decisions" if can_complete else "",
            )
        )
    else:
        tasks.append(Task("complete", "Mark the advice complete", COMPLETED))
    if again:
        # Reg 27: after a reassessment the plan in force is amended (or replaced) within
        # 14 weeks of the decision to reassess (Reg 27(2)).
        return [*tasks, *_reassessment_plan_tasks(a)]
    no_plan_due = timescales.due_date("decide_not_to_issue", a.request.received_on)
    if a.status == status.ADVICE_COMPLETE:
        can = bool({"decide_to_issue", "decide_not_to_issue"} & available)
        tasks.append(
            Task(
                "issue",
                "Decide whether to issue a plan",
                TO_DO,
                hint=f"A decision not to issue is due by {long_date(no_plan_due)} (16 weeks)",
                href="#decisions" if can else "",
            )
        )
    elif a.status in (status.DECIDED_TO_ISSUE, status.DECIDED_NOT_TO_ISSUE):
        tasks.append(
            Task(
                "issue",
                "Decide whether to issue a plan",
                COMPLETED,
                hint=f"{a.get_status_display()} on {long_date(a.decided_on)}",
            )
        )
    elif a.status == status.WITHDRAWN:
        tasks.append(Task("issue", "Decide whether to issue a plan", NOT_NEEDED))
    else:
        tasks.append(Task("issue", "Decide whether to issue a plan", CANNOT_START))
    if a.status == status.DECIDED_TO_ISSUE:
        final_due = timescales.due_date("final_plan", a.request.received_on)
        tasks.append(
            Task(
                "plan",
                "Draft and issue the EHC plan",
                TO_DO,
                hint=f"Handed over to the plan: the final plan is due by {long_date(final_due)}",
                # The plan is the plans app's (assessments never imports plans): its panel
                # on the case page leads to it.
                href=reverse("casework:child_detail", args=[a.child_id]) + "#plan-panel",
            )
        )
    return tasks


def _reassessment_plan_tasks(a: NeedsAssessment) -> list[Task]:
    status = a.Status
    due = a.request.reassessment_plan_due_on
    by = f"The amended plan is due by {long_date(due)} (14 weeks, Reg 27(2))" if due else ""
    if a.status == status.ADVICE_COMPLETE:
        return [Task("issue", "Decide to amend the plan", TO_DO, hint=by, href="#decisions")]
    if a.status == status.DECIDED_TO_ISSUE:
        return [
            Task(
                "issue",
                "Decide to amend the plan",
                COMPLETED,
                hint=f"Decided on {long_date(a.decided_on)}",
            ),
            Task(
                "plan",
                "Amend the EHC plan",
                TO_DO,
                hint=f"Handed over to the plan: change its sections and send the proposals. {by}",
            ),
        ]
    if a.status == status.WITHDRAWN:
        return [Task("issue", "Decide to amend the plan", NOT_NEEDED)]
    return [Task("issue", "Decide to amend the plan", CANNOT_START, hint=by)]
