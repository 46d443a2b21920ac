"""Where a case stands, in plain English, from the workflows' states and statutory dates.

Read-only: it looks at the latest request, assessment and plan (selectors.case_overview)
and says what is happening, what happens next and by when. Dates come from the stored
Deadline rows and the workflows' own date fields, never recomputed here, except the
appeal date after a final plan, which the law fixes from the date it was issued
(timescales.appeal_due, HESC Tribunal Rules r20(1)(c)).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from assessments.models import AssessmentStatus, RequestStatus
from plans.models import PlanStatus
from sen_portal import timescales
from sen_portal.casework.models import Child, Deadline
from sen_portal.family.selectors import CaseOverview


def when(day: datetime.date) -> str:
    """GOV.UK style with the weekday: Monday 17 February 2025."""
    return f"{day:%A} {day.day} {day:%B %Y}"


# What each statutory date means to a family. Codes come from sen_portal/timescales.py.
FAMILY_WORDING = {
    "decide_whether_to_assess": "We tell you whether we will carry out an assessment",
    "advice_due": "Advice comes back from someone we asked",
    "decide_not_to_issue": "We tell you if we decide not to issue an EHC plan",
    "draft_representations": "Your last day to comment on the draft plan",
    "institution_consultation": "The school or college replies to us",
    "final_plan": "We send you the final EHC plan",
    "annual_review": "The plan's annual review meeting",
    "appeal_after_decision": "Your last day to appeal against the decision",
    "review_report": "We send you the report of the review meeting",
    "review_decision": "We tell you if we will keep, change or end the plan",
    "amendment_representations": "Your last day to comment on the changes we propose",
    "amended_plan": "We send you the changed plan",
}
# Dates that are the family's own, not something we must do.
FAMILY_OWN = {"draft_representations", "amendment_representations", "appeal_after_decision"}


@dataclass(frozen=True)
class DateRow:
    what: str
    due_on: datetime.date
    outcome: str  # plain words: met, missed, still to come
    tag: str  # a GOV.UK tag colour modifier


def date_rows(deadlines: list[Deadline], *, today: datetime.date) -> list[DateRow]:
    rows = []
    for d in deadlines:
        what = FAMILY_WORDING.get(d.code, d.title)
        own = d.code in FAMILY_OWN
        if d.status == Deadline.Status.MET and d.met_on:
            if own:
                outcome, tag = f"Done on {when(d.met_on)}", "green"
            elif d.met_late:
                days = d.days_late
                outcome = (
                    f"Done late, on {when(d.met_on)} ({days} day{'s' if days != 1 else ''} late)"
                )
                tag = "orange"
            else:
                outcome, tag = f"Done on time, on {when(d.met_on)}", "green"
        elif d.status == Deadline.Status.EXCEPTED:
            outcome, tag = "Later than usual, for a reason the law allows", "yellow"
        elif d.status == Deadline.Status.BREACHED or (not own and d.due_on < today):
            outcome, tag = "Not done by this date: we are late", "red"
        elif own and d.due_on < today:
            outcome, tag = "This date has passed", "grey"
        else:
            outcome, tag = "Still to come", "blue"
        rows.append(DateRow(what, d.due_on, outcome, tag))
    return rows


@dataclass(frozen=True)
class Rights:
    decision: str  # a sentence: what we decided, and when
    appeal_by: datetime.date


@dataclass(frozen=True)
class Story:
    now: str  # where it stands
    next: str  # what happens next, with the date
    rights: Rights | None


def _live(deadlines: list[Deadline], code: str) -> Deadline | None:
    live = [d for d in deadlines if d.code == code and d.is_live]
    return live[-1] if live else None


def case_story(*, child: Child, overview: CaseOverview) -> Story:
    name = child.known_as
    request, assessment, plan = overview.request, overview.assessment, overview.plan
    deadlines = overview.deadlines

    def by(code: str, then: str) -> str:
        d = _live(deadlines, code)
        return f"We will {then} by {when(d.due_on)}." if d else ""

    if plan is not None and plan.status != PlanStatus.WITHDRAWN:
        final = _live(deadlines, "final_plan")
        final_by = f" We will send you the final plan by {when(final.due_on)}." if final else ""
        if plan.status == PlanStatus.DRAFTING:
            return Story(
                f"We decided to issue an education, health and care (EHC) plan for {name}, "
                "and we are writing the draft plan.",
                f"We will send you the draft plan to comment on.{final_by}",
                None,
            )
        if plan.status in (PlanStatus.DRAFT_ISSUED, PlanStatus.CONSULTING):
            issued = when(plan.draft_issued_on) if plan.draft_issued_on else "recently"
            comments = (
                f" Tell us what you think of it, and which school or college you would like, "
                f"by {when(plan.representations_due_on)}."
                if plan.representations_due_on
                else ""
            )
            return Story(
                f"We sent you the draft EHC plan for {name} on {issued}.{comments}",
                f"We are asking schools or colleges if they can meet {name}'s needs.{final_by}",
                None,
            )
        if plan.status == PlanStatus.CEASED:
            return Story(
                f"{name}'s EHC plan ended on {when(plan.ceased_on)}: "
                f"{plan.get_cease_reason_display().lower()}.",
                "If things change, you can ask us for a new EHC needs assessment at any time.",
                None,
            )
        issued_on = plan.final_issued_on
        rights = (
            Rights(
                f"We issued {name}'s final EHC plan on {when(issued_on)}.",
                timescales.appeal_due(issued_on),
            )
            if issued_on
            else None
        )
        review = _live(deadlines, "annual_review")
        return Story(
            f"{name}'s final EHC plan was issued on {when(issued_on)}."
            if issued_on
            else f"{name} has a final EHC plan.",
            f"The plan will be reviewed at least once a year. The next review meeting is due by "
            f"{when(review.due_on)}."
            if review
            else "The plan will be reviewed at least once a year.",
            rights,
        )
    if assessment is not None:
        status = assessment.status
        if status == AssessmentStatus.GATHERING_ADVICE:
            return Story(
                f"We are assessing {name}'s needs. We are gathering advice about {name} from "
                "you and from the people who work with them.",
                by("decide_not_to_issue", "tell you whether we will issue an EHC plan"),
                None,
            )
        if status == AssessmentStatus.ADVICE_COMPLETE:
            return Story(
                f"We have all the advice about {name} and are deciding whether to issue an "
                "EHC plan.",
                by("decide_not_to_issue", "tell you what we decide"),
                None,
            )
        if status == AssessmentStatus.DECIDED_TO_ISSUE:
            return Story(
                f"We decided on {when(assessment.decided_on)} to issue an EHC plan for {name}.",
                by("final_plan", "send you the final plan"),
                None,
            )
        if status == AssessmentStatus.DECIDED_NOT_TO_ISSUE:
            return Story(
                f"We decided on {when(assessment.decided_on)} not to issue an EHC plan for "
                f"{name}. We wrote to you to explain why.",
                "If you disagree, you can ask for mediation or appeal. See your rights below.",
                Rights(
                    f"We decided on {when(assessment.decided_on)} not to issue an EHC plan.",
                    assessment.appeal_due_on,
                )
                if assessment.appeal_due_on
                else None,
            )
        if status == AssessmentStatus.WITHDRAWN:
            return Story(
                f"The assessment of {name}'s needs stopped on {when(assessment.withdrawn_on)}.",
                "You can ask for a new assessment at any time.",
                None,
            )
    if request is not None:
        status = request.status
        if status == RequestStatus.RECEIVED:
            return Story(
                f"We received the request for an EHC needs assessment for {name} on "
                f"{when(request.received_on)}.",
                by("decide_whether_to_assess", f"tell you whether we will assess {name}'s needs"),
                None,
            )
        if status == RequestStatus.DECLINED:
            return Story(
                f"We decided on {when(request.decided_on)} not to assess {name}'s needs. "
                "We wrote to you to explain why.",
                "If you disagree, you can ask for mediation or appeal. See your rights below.",
                Rights(
                    f"We decided on {when(request.decided_on)} not to assess {name}'s needs.",
                    request.appeal_due_on,
                )
                if request.appeal_due_on
                else None,
            )
        if status == RequestStatus.WITHDRAWN:
            return Story(
                f"The request for an assessment of {name}'s needs was withdrawn on "
                f"{when(request.withdrawn_on)}.",
                "You can ask for a new assessment at any time.",
                None,
            )
    return Story(
        f"There is no request for an education, health and care (EHC) needs assessment for "
        f"{name} at the moment.",
        "You can ask us for an assessment at any time.",
        None,
    )
