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

from django.utils import timezone

from assessments.models import AssessmentStatus, RequestStatus
from ceasing.events import CeasingEvent
from ceasing.models import CeasingProposal, ProposalStatus
from plans.events import AMENDMENT_DECISIONS, PlanEvent
from plans.models import PlanStatus
from reviews.events import DECISION_EVENTS
from sen_portal import timescales
from sen_portal.casework import event_kinds
from sen_portal.casework.models import Child, Deadline
from sen_portal.dates import weekday_date as when
from sen_portal.family.selectors import CaseOverview

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
    "review_papers": "We send you the invitation and papers for the review meeting",
    "amended_plan_after_review": "We send you the changed plan after the review",
    "phase_transfer_school": "We name the next school in the plan",
    "phase_transfer_post16": "We name the school or college for after year 11 in the plan",
    "reassessment_decision": "We tell you whether we will reassess",
    "reassessment_final_plan": "We send you the changed or new plan after the reassessment",
    # Reg 33: before most appeals the family must contact the mediation adviser within 2
    # months of the decision notice.
    "mediation_adviser_contact": (
        "Your last day to contact the mediation adviser, if you want to appeal "
        "(not needed to appeal only about the school or college named)"
    ),
    "mediation_certificate": "The mediation adviser sends you the certificate",
    "mediation_held": "Mediation takes place",
    "recommendation_response": "You get a written answer to the tribunal's recommendation",
    "mediation_agreement_other": "We do what was agreed at mediation",
    # Reg 42(4): the health body tells the council of an agreement on health provision.
    "mediation_agreement_health": "The health service tells us what was agreed at mediation",
    # Reg 42(3): the health service does the health care part of the agreement.
    "mediation_agreement_health_act": "The health service does what was agreed at mediation",
}
# Dates that are the family's own, not something we must do (timescales.whose_date).
FAMILY_OWN = {
    code for code, party in timescales.WHOSE_DATE.items() if party is timescales.Party.FAMILY
}


@dataclass(frozen=True)
class DateRow:
    what: str
    due_on: datetime.date
    outcome: str  # plain words: met, missed, still to come
    tag: str  # a GOV.UK tag colour modifier
    # Still to come (or late): shown first; the rest are the dates' history.
    is_open: bool = True


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
        elif (
            d.status == Deadline.Status.OPEN
            and d.due_on < today
            and timescales.whose_date(d.code) is timescales.Party.OTHER_BODY
        ):
            # Another body's date (advice, Reg 8(1); a school's reply): we chase it.
            outcome, tag = "Not done by this date: we are asking them for it", "orange"
        elif d.status == Deadline.Status.BREACHED or (not own and d.due_on < today):
            outcome, tag = "Not done by this date: we are late", "red"
        elif own and d.due_on < today:
            outcome, tag = "This date has passed", "grey"
        else:
            outcome, tag = "Still to come", "blue"
        rows.append(DateRow(what, d.due_on, outcome, tag, d.is_live))
    # What is still to come first, soonest first; then what is done, latest first.
    upcoming = sorted((r for r in rows if r.is_open), key=lambda r: r.due_on)
    done = sorted((r for r in rows if not r.is_open), key=lambda r: r.due_on, reverse=True)
    return upcoming + done


SEE_RIGHTS = "If you disagree, you can ask for mediation or appeal. See your rights below."


@dataclass(frozen=True)
class Rights:
    decision: str  # a sentence: what we decided, and when
    appeal_by: datetime.date


@dataclass(frozen=True)
class Who:
    """Whom the page is about, in the words for whoever reads it: a parent reads the
    child's name ("Sam's needs"); a young person reading their own case reads "your
    needs" (from the end of compulsory school age the rights are theirs, CFA s.80)."""

    name: str
    own: bool = False

    @property
    def whose(self) -> str:  # mid-sentence possessive
        return "your" if self.own else f"{self.name}'s"

    @property
    def Whose(self) -> str:  # noqa: N802 (a sentence's first word)
        return "Your" if self.own else f"{self.name}'s"

    @property
    def whom(self) -> str:
        return "you" if self.own else self.name

    @property
    def them(self) -> str:
        return "you" if self.own else "them"

    @property
    def has(self) -> str:
        return "You have" if self.own else f"{self.name} has"


@dataclass(frozen=True)
class Story:
    now: str  # where it stands
    next: str  # what happens next, with the date
    rights: Rights | None


def _live(deadlines: list[Deadline], code: str) -> Deadline | None:
    live = [d for d in deadlines if d.code == code and d.is_live]
    return live[-1] if live else None


def _amendment_proposed_story(who: Who, plan, deadlines: list[Deadline]) -> Story:
    """Reg 22(2): proposed amendments are out; the family have 15 days to comment."""
    window = _live(deadlines, "amendment_representations")
    amended = _live(deadlines, "amended_plan")
    if window:
        now = (
            f"We sent you proposed amendments to {who.whose} EHC plan on "
            f"{when(window.started_on)}. Tell us what you think of them, whether you would "
            f"like to meet us, and which school or college you would like, by "
            f"{when(window.due_on)}."
        )
    else:
        now = f"Thank you for your comments on the proposed amendments to {who.whose} EHC plan."
    after = f" by {when(amended.due_on)}" if amended else ""
    return Story(
        now,
        f"We will send you the amended plan, or tell you that we have decided not to amend "
        f"it,{after}. Until then the plan issued on {when(plan.final_issued_on)} stays in force."
        if plan.final_issued_on
        else f"We will send you the amended plan, or tell you that we have decided not to "
        f"amend it{after}.",
        None,
    )


def _amendment_rights(who: Who, overview: CaseOverview, rights: Rights | None) -> Rights | None:
    """After an amendment the family may appeal the amended plan, or the decision not to
    amend, from the day of the decision (the amendment's 8-week deadline is met that day)."""
    outcome = next((e for e in overview.events if e.kind in AMENDMENT_DECISIONS), None)
    done = [
        d
        for d in overview.deadlines
        if d.code == "amended_plan" and d.status == Deadline.Status.MET and d.met_on
    ]
    if outcome is None or not done:
        return rights
    decided = max(d.met_on for d in done)
    appeal_by = timescales.appeal_due(decided)
    if rights is not None and rights.appeal_by > appeal_by:
        return rights  # a later decision (a review's) has its own appeal rights
    if outcome.kind == PlanEvent.AMENDED:
        return Rights(f"We issued {who.whose} amended EHC plan on {when(decided)}.", appeal_by)
    return Rights(f"We decided on {when(decided)} not to amend {who.whose} EHC plan.", appeal_by)


def _reassessment_story(who: Who, overview: CaseOverview) -> Story | None:
    """A request for a reassessment of a child or young person with a plan (CFA s44(2);
    Regs 24-27): waiting for the decision (15 days, Reg 25(1)), reassessing (the changed
    plan within 14 weeks, Reg 27(2)), or refused while the family may still appeal
    (CFA s51(2)(d)). None when there is none, or it is over."""
    request, deadlines = overview.request, overview.deadlines
    if request is None or not request.is_reassessment:
        return None
    if request.status == RequestStatus.RECEIVED:
        decision = _live(deadlines, "reassessment_decision")
        return Story(
            f"We received the request for a reassessment of {who.whose} needs on "
            f"{when(request.received_on)}. The EHC plan stays in force meanwhile.",
            f"We will tell you whether we will reassess by {when(decision.due_on)}."
            if decision
            else "We will tell you whether we will reassess.",
            None,
        )
    if request.status == RequestStatus.ASSESSING:
        plan_due = _live(deadlines, "reassessment_final_plan")
        if plan_due is None:
            return None  # the changed plan was sent: the plan's own story follows
        return Story(
            f"We decided on {when(request.decided_on)} to reassess {who.whose} needs. We are "
            "asking for new advice, then we will send you the changes we propose to the "
            "EHC plan. The plan stays in force meanwhile.",
            f"We will send you the changed EHC plan by {when(plan_due.due_on)}.",
            None,
        )
    if (
        request.status == RequestStatus.DECLINED
        and request.appeal_due_on
        and request.appeal_due_on >= timezone.localdate()
    ):
        return Story(
            f"We decided on {when(request.decided_on)} not to reassess {who.whose} needs. We "
            "wrote to you to explain why. The EHC plan stays in force.",
            SEE_RIGHTS,
            Rights(
                f"We decided on {when(request.decided_on)} not to reassess {who.whose} needs.",
                request.appeal_due_on,
            ),
        )
    return None


def _ceasing_story(who: Who, plan, overview: CaseOverview) -> Story | None:
    """A proposal or decision to cease the plan (ceasing app, CFA s45): the plan ends on
    the day after the appeal deadline unless the family appeal. Looked up (one query)
    only when the family's history mentions ceasing."""
    if not any(e.kind in CeasingEvent.values for e in overview.events):
        return None
    proposal = (
        CeasingProposal.objects.filter(plan=plan, status__in=CeasingProposal.LIVE)
        .order_by("-created_at")
        .first()
    )
    if proposal is None:
        return None
    if proposal.status == ProposalStatus.DECIDED:
        return Story(
            f"We decided on {when(proposal.decided_on)} to stop maintaining {who.whose} EHC "
            f"plan. The plan will end on {when(proposal.ends_on)} unless you appeal by "
            f"{when(proposal.appeal_due_on)}.",
            "Until then the plan stays in force. If you appeal, it stays in force until your "
            "appeal is decided.",
            Rights(
                f"We decided on {when(proposal.decided_on)} to stop maintaining {who.whose} "
                "EHC plan.",
                proposal.appeal_due_on,
            ),
        )
    if proposal.status == ProposalStatus.APPEALED:
        return Story(
            f"You appealed against our decision to stop maintaining {who.whose} EHC plan. The "
            "plan stays in force until your appeal is decided.",
            "We will tell you what happens after the tribunal's decision.",
            None,
        )
    return Story(
        f"We wrote to you on {when(proposal.proposed_on)} to say that we propose to stop "
        f"maintaining {who.whose} EHC plan, and why. We are asking for your views, and for the "
        "views of the school or college.",
        "We will tell you our decision. The plan stays in force until then.",
        None,
    )


def case_story(
    *,
    child: Child,
    overview: CaseOverview,
    own: bool = False,
    today: datetime.date | None = None,
) -> Story:
    """Where the case stands. own: the reader is the young person themselves. Rights
    whose appeal date has passed (before today) are not offered any more."""
    today = today or timezone.localdate()
    story = _case_story(Who(child.known_as, own), overview)
    if story.rights is None or story.rights.appeal_by >= today:
        return story
    if story.next == SEE_RIGHTS:
        # A refusal the family could have appealed: say when that ended.
        return Story(
            story.now,
            f"The last day to appeal against this decision was {when(story.rights.appeal_by)}.",
            None,
        )
    return Story(story.now, story.next, None)


def _case_story(who: Who, overview: CaseOverview) -> Story:
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
                f"We decided to issue an education, health and care (EHC) plan for {who.whom}, "
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
                f"We sent you the draft EHC plan for {who.whom} on {issued}.{comments}",
                f"We are asking schools or colleges if they can meet {who.whose} needs.{final_by}",
                None,
            )
        if plan.status == PlanStatus.AMENDMENT_PROPOSED:
            return _amendment_proposed_story(who, plan, deadlines)
        if plan.status == PlanStatus.CEASED:
            return Story(
                f"{who.Whose} EHC plan ended on {when(plan.ceased_on)}: "
                f"{plan.get_cease_reason_display().lower()}.",
                "If things change, you can ask us for a new EHC needs assessment at any time.",
                None,
            )
        ending = _ceasing_story(who, plan, overview)
        if ending is not None:
            return ending
        reassessing = _reassessment_story(who, overview)
        if reassessing is not None:
            return reassessing
        issued_on = plan.final_issued_on
        rights = (
            Rights(
                f"We issued {who.whose} final EHC plan on {when(issued_on)}.",
                timescales.appeal_due(issued_on),
            )
            if issued_on
            else None
        )
        review = _live(deadlines, "annual_review")
        # The latest review decision (reviews app), from the history the family may see,
        # in the words the reviews app registered for families.
        review_decisions = set(DECISION_EVENTS.values())
        decided = next((e for e in overview.events if e.kind in review_decisions), None)
        decision = " " + event_kinds.family_wording(decided.kind) + "." if decided else ""
        appeal = _live(deadlines, "appeal_after_decision")
        if decided and appeal and issued_on and appeal.started_on >= issued_on:
            rights = Rights(
                f"After the annual review we decided on {when(appeal.started_on)} to keep "
                f"{who.whose} plan as it is.",
                appeal.due_on,
            )
        rights = _amendment_rights(who, overview, rights)
        return Story(
            (
                f"{who.Whose} final EHC plan was issued on {when(issued_on)}."
                if issued_on
                else f"{who.has} a final EHC plan."
            )
            + decision,
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
                f"We are assessing {who.whose} needs. We are gathering advice about {who.whom} "
                f"from you and from the people who work with {who.them}.",
                by("decide_not_to_issue", "tell you whether we will issue an EHC plan"),
                None,
            )
        if status == AssessmentStatus.ADVICE_COMPLETE:
            return Story(
                f"We have all the advice about {who.whom} and are deciding whether to issue an "
                "EHC plan.",
                by("decide_not_to_issue", "tell you what we decide"),
                None,
            )
        if status == AssessmentStatus.DECIDED_TO_ISSUE:
            return Story(
                f"We decided on {when(assessment.decided_on)} to issue an EHC plan for {who.whom}.",
                by("final_plan", "send you the final plan"),
                None,
            )
        if status == AssessmentStatus.DECIDED_NOT_TO_ISSUE:
            return Story(
                f"We decided on {when(assessment.decided_on)} not to issue an EHC plan for "
                f"{who.whom}. We wrote to you to explain why.",
                SEE_RIGHTS,
                Rights(
                    f"We decided on {when(assessment.decided_on)} not to issue an EHC plan.",
                    assessment.appeal_due_on,
                )
                if assessment.appeal_due_on
                else None,
            )
        if status == AssessmentStatus.WITHDRAWN:
            return Story(
                f"The assessment of {who.whose} needs stopped on {when(assessment.withdrawn_on)}.",
                "You can ask for a new assessment at any time.",
                None,
            )
    if request is not None:
        status = request.status
        if status == RequestStatus.RECEIVED:
            return Story(
                f"We received the request for an EHC needs assessment for {who.whom} on "
                f"{when(request.received_on)}.",
                by(
                    "decide_whether_to_assess", f"tell you whether we will assess {who.whose} needs"
                ),
                None,
            )
        if status == RequestStatus.DECLINED:
            return Story(
                f"We decided on {when(request.decided_on)} not to assess {who.whose} needs. "
                "We wrote to you to explain why.",
                SEE_RIGHTS,
                Rights(
                    f"We decided on {when(request.decided_on)} not to assess {who.whose} needs.",
                    request.appeal_due_on,
                )
                if request.appeal_due_on
                else None,
            )
        if status == RequestStatus.WITHDRAWN:
            return Story(
                f"The request for an assessment of {who.whose} needs was withdrawn on "
                f"{when(request.withdrawn_on)}.",
                "You can ask for a new assessment at any time.",
                None,
            )
    return Story(
        f"There is no request for an education, health and care (EHC) needs assessment for "
        f"{who.whom} at the moment.",
        "You can ask us for an assessment at any time.",
        None,
    )
