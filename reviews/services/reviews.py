"""The annual review workflow (CFA s44, Regs 19-22).

Each transition service checks what was typed and takes one step on the transition
kernel (``sen_portal.casework.steps``); the deadlines each step meets or opens are its
follow-ups, registered below, in the same transaction. Dates come from
sen_portal/timescales.py through casework's deadlines.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from ceasing.services import ceasing_propose
from plans.models import Plan, PlanAmendment
from plans.services import open_amendment, plan_amendment_start, plan_issue_amendment_proposals
from reviews.events import ReviewEvent
from reviews.models import (
    AFTER_MEETING,
    AFTER_PLAN,
    Participant,
    Review,
    ReviewAdvice,
    ReviewFrequency,
)
from sen_portal import timescales
from sen_portal.casework import steps
from sen_portal.casework.letters import letter_issue
from sen_portal.casework.models import Deadline
from sen_portal.casework.services import (
    deadline_meet,
)
from sen_portal.casework.steps import Event, Step
from sen_portal.casework.workflow import ActionRefused, require_text, today
from sen_portal.dates import long_date

# How far ahead the daily job looks: about a school term (CoP 9.166: the review is
# prepared over the term before it falls due).
LOOK_AHEAD_MONTHS = 4
Status = Review.Status
ADVICE_RECEIVED = steps.DateRule(
    "date the advice was received", "requested_on", "the day it was asked for", "received_on"
)


def annual_review_deadline(plan: Plan) -> Deadline | None:
    """The plan's live 12-month clock (CFA s44(1)), opened when the final plan was issued
    and again after each review meeting."""
    return steps.live_deadline(plan, "annual_review")


def _last_review_anchor(plan: Plan) -> datetime.date | None:
    last = Review.objects.filter(plan=plan, held_on__isnull=False).order_by("-held_on").first()
    return last.held_on if last else plan.final_issued_on


def next_due_on(plan: Plan) -> datetime.date | None:
    """When the next review meeting is due: the statutory deadline, or sooner where a
    child under 5 is reviewed every 3 to 6 months (CoP 9.178)."""
    deadline = annual_review_deadline(plan)
    due = deadline.due_on if deadline else None
    frequency = ReviewFrequency.objects.filter(plan=plan).first()
    anchor = _last_review_anchor(plan)
    if frequency is not None and anchor is not None:
        sooner = timescales.add_months(anchor, frequency.months)
        due = min(due, sooner) if due else sooner
    return due


# --- Starting a review -------------------------------------------------------------------


@transaction.atomic
def review_start(*, plan: Plan, acting_user=None, due_on: datetime.date | None = None) -> Review:
    """Start the review of an issued plan: by the daily job (``acting_user`` None) when it
    falls due within the next term, or early by a caseworker (a change of circumstances,
    a phase transfer)."""
    locked = steps.lock(plan)
    if acting_user is not None:
        steps.authorise(locked, acting_user)
    if not locked.is_issued:
        raise ActionRefused(f"Only a final plan can be reviewed. {steps.state_words(locked)}")
    if Review.objects.filter(plan=locked, status__in=Review.LIVE).exists():
        raise ActionRefused("This plan already has a review in progress.")
    due_on = due_on or next_due_on(locked) or timescales.add_months(today(), 1)
    return steps.create(
        Review(plan=locked, child=locked.child, due_on=due_on, started_by=acting_user),
        user=acting_user,
        event=Event(
            ReviewEvent.STARTED,
            f"Annual review of the EHC plan started: meeting due by {long_date(due_on)}",
            family=True,
        ),
    )


@dataclass(frozen=True)
class CreateResult:
    created: int
    cancelled: int


def reviews_create_due(*, on: datetime.date | None = None) -> CreateResult:
    """The daily job: a review for every issued plan whose next review falls due within
    about a term, and the end of any review whose plan has ended. Idempotent: a plan
    with a review in progress is left alone (and the database refuses a second one)."""
    on = on or today()
    horizon = timescales.add_months(on, LOOK_AHEAD_MONTHS)
    plan_type = ContentType.objects.get_for_model(Plan)
    live_review = Review.objects.filter(status__in=Review.LIVE)
    due_ids = set(
        Deadline.objects.filter(
            subject_type=plan_type,
            code="annual_review",
            status__in=Deadline.LIVE,
            due_on__lte=horizon,
        ).values_list("subject_id", flat=True)
    )
    candidates = Plan.objects.filter(status__in=Plan.ISSUED).exclude(
        pk__in=live_review.values("plan_id")
    )
    # Children under 5 reviewed more often.
    frequent = candidates.filter(review_frequency__isnull=False)
    created = 0
    for plan in candidates.filter(Q(pk__in=list(due_ids)) | Q(pk__in=frequent.values("pk"))):
        due = next_due_on(plan)
        if due is None or due > horizon:
            continue
        try:
            with transaction.atomic():
                review_start(plan=plan, due_on=due)
        except (ActionRefused, IntegrityError):
            continue  # someone started it meanwhile
        created += 1
    cancelled = 0
    for review in live_review.exclude(plan__status__in=Plan.ISSUED).select_related("plan"):
        review_cancel(
            review=review,
            # Ceased (CFA s45), or replaced by a new plan after a reassessment (Reg 27(1)).
            on=review.plan.ceased_on or review.plan.replaced_on or on,
            reason="The plan is no longer maintained.",
            acting_user=None,
        )
        cancelled += 1
    return CreateResult(created=created, cancelled=cancelled)


@transaction.atomic
def review_set_frequency(*, plan: Plan, months: int | None, acting_user) -> ReviewFrequency | None:
    """CoP 9.178: a child under 5 may be reviewed every 3 to 6 months. ``None`` goes back
    to the yearly review."""
    locked = steps.lock(plan)
    steps.authorise(locked, acting_user)
    existing = ReviewFrequency.objects.filter(plan=locked).first()
    if months is None:
        if existing is not None:
            existing.delete()
            steps.record(
                locked,
                Event(ReviewEvent.FREQUENCY_CHANGED, "The plan will be reviewed once a year"),
                user=acting_user,
            )
        return None
    if months not in (3, 4, 5, 6):
        raise ValidationError({"months": "Select how often to review the plan: 3 to 6 months"})
    if timescales.add_months(locked.child.date_of_birth, 60) <= today():
        raise ValidationError(
            {"months": "Reviews every 3 to 6 months are for children under 5 (CoP 9.178)"}
        )
    if existing is None:
        existing = ReviewFrequency(plan=locked, months=months, set_by=acting_user)
    else:
        existing.months = months
        existing.set_by = acting_user
    existing.full_clean()
    existing.save()
    steps.record(
        locked,
        Event(
            ReviewEvent.FREQUENCY_CHANGED,
            f"The plan will be reviewed every {months} months (child under 5)",
            note="SEND Code of Practice 9.178.",
        ),
        user=acting_user,
    )
    return existing


# --- The meeting -------------------------------------------------------------------------


@transaction.atomic
def review_schedule(
    *, review: Review, meeting_on: datetime.date, venue: str, acting_user
) -> Review:
    """Arrange (or move) the meeting. Invitations and papers are due 2 weeks before it
    (Reg 20(3)-(4)); advice still awaited becomes due then too."""
    locked = steps.lock(review)
    venue = require_text(venue, field="venue", message="Enter where the meeting will be held")
    if locked.plan.final_issued_on and meeting_on < locked.plan.final_issued_on:
        raise ValidationError(
            {
                "meeting_on": "The meeting must be on or after the day the final plan was issued "
                f"({long_date(locked.plan.final_issued_on)})"
            }
        )
    moving = locked.status == Status.SCHEDULED
    old = locked.meeting_on
    papers_due = timescales.due_date("review_papers", meeting_on)
    steps.take(
        locked,
        "schedule",
        user=acting_user,
        event=Event(
            ReviewEvent.SCHEDULED,
            f"Review meeting moved to {long_date(meeting_on)}"
            if moving
            else f"Review meeting arranged for {long_date(meeting_on)}",
            note=f"{venue}. Invitations and papers due by {long_date(papers_due)}.",
            family=True,
        ),
        meeting_on=meeting_on,
        venue=venue,
    )
    if moving:
        why = f"The meeting moved from {long_date(old)} to {long_date(meeting_on)}."
        steps.cancel_deadlines(locked, "review_papers", user=acting_user, reason=why)
    if locked.papers_sent_on is None:
        steps.open_deadline(locked, "review_papers", user=acting_user, start=meeting_on)
    ReviewAdvice.objects.filter(review=locked, received_on__isnull=True).update(due_on=papers_due)
    return locked


def _locked_live(review: Review, user, what: str) -> Review:
    """The review locked, its user checked, and still before its meeting."""
    locked = steps.lock(review)
    steps.authorise(locked, user)
    if locked.status not in (Status.DUE, Status.SCHEDULED):
        raise ActionRefused(f"{what} only before the meeting. {steps.state_words(locked)}")
    return locked


@transaction.atomic
def review_add_participant(
    *,
    review: Review,
    name: str,
    role: str,
    organisation: str = "",
    invited_on: datetime.date,
    acting_user,
) -> Participant:
    """Reg 20(2): the family, the school or college, health, social care and the council's
    SEN officer are invited."""
    locked = _locked_live(review, acting_user, "People can be invited")
    name = require_text(name, field="name", message="Enter the name of the person invited")
    if role not in Participant.Role.values:
        raise ValidationError({"role": "Select the person's role"})
    AFTER_PLAN.but(what="date they were invited", field="invited_on").check(locked, invited_on)
    organisation = (organisation or "").strip()
    participant = Participant(
        review=locked, name=name, role=role, organisation=organisation, invited_on=invited_on
    )
    invited = f"{name} ({participant.get_role_display().lower()}) invited to the review"
    event = Event(ReviewEvent.PARTICIPANT_INVITED, invited)
    return steps.add(participant, event=event, user=acting_user, child=locked.child)


@transaction.atomic
def review_request_advice(
    *,
    review: Review,
    kind: str,
    from_whom: str,
    requested_on: datetime.date,
    acting_user,
) -> ReviewAdvice:
    """Reg 20(4): advice and information are gathered and circulated 2 weeks before the
    meeting, so they are due then. The meeting must be arranged first."""
    locked = _locked_live(review, acting_user, "Advice can be asked for")
    if locked.meeting_on is None:
        raise ActionRefused("Arrange the meeting first: advice is due 2 weeks before it.")
    from_whom = require_text(
        from_whom, field="from_whom", message="Enter who the advice was asked from"
    )
    if kind not in ReviewAdvice.Kind.values:
        raise ValidationError({"kind": "Select the type of advice"})
    AFTER_PLAN.but(what="date the advice was asked for", field="requested_on").check(
        locked, requested_on
    )
    due_on = timescales.due_date("review_papers", locked.meeting_on)
    advice = ReviewAdvice(
        review=locked, kind=kind, from_whom=from_whom, requested_on=requested_on, due_on=due_on
    )
    event = Event(
        ReviewEvent.ADVICE_REQUESTED,
        f"Review advice asked for: {advice.get_kind_display().lower()} from {from_whom}",
        note=f"Due by {long_date(due_on)}.",
    )
    return steps.add(advice, event=event, user=acting_user, child=locked.child)


@transaction.atomic
def review_receive_advice(
    *, advice: ReviewAdvice, received_on: datetime.date, summary: str, acting_user
) -> ReviewAdvice:
    locked_review = steps.lock(advice.review)
    steps.authorise(locked_review, acting_user)
    locked = steps.lock(advice)
    if locked.received:
        raise ActionRefused("This advice is already recorded as received.")
    ADVICE_RECEIVED.check(locked, received_on)
    locked.received_on = received_on
    locked.summary = (summary or "").strip()
    steps.add(locked)
    late = received_on > locked.due_on
    steps.record(
        locked,
        Event(
            ReviewEvent.ADVICE_RECEIVED,
            f"Review advice received: {locked.get_kind_display().lower()} from "
            f"{locked.from_whom}" + (" (after the date the papers were due)" if late else ""),
            note=locked.summary,
        ),
        user=acting_user,
        child=locked_review.child,
    )
    return locked


@transaction.atomic
def review_record_papers_sent(*, review: Review, on: datetime.date, acting_user) -> Review:
    """Invitations and the advice went to everyone invited: meets the 2-week deadline
    (late, after it)."""
    locked = steps.lock(review)
    steps.authorise(locked, acting_user)
    if locked.status != Status.SCHEDULED:
        raise ActionRefused(
            "Papers are sent once the meeting is arranged, before it is held. "
            + steps.state_words(locked)
        )
    if locked.papers_sent_on is not None:
        raise ActionRefused("The papers are already recorded as sent.")
    AFTER_PLAN.but(what="date the papers were sent").check(locked, on)
    locked.papers_sent_on = on
    locked.save(update_fields=["papers_sent_on", "updated_at"])
    steps.record(
        locked,
        Event(
            ReviewEvent.PAPERS_SENT,
            "Invitations and advice sent for the review meeting",
            family=True,
        ),
        user=acting_user,
    )
    steps.meet_deadlines(locked, "review_papers", user=acting_user, on=on)
    # Reg 20(3)-(4): the family's invitation, at least 2 weeks before the meeting.
    letter_issue(
        kind="review_invitation", subject=locked, child=locked.child, acting_user=acting_user, on=on
    )
    return locked


@transaction.atomic
def review_hold(*, review: Review, held_on: datetime.date, attended_ids=(), acting_user) -> Review:
    """The meeting was held: it meets the annual review deadline, starts the 12 months to
    the next review (CFA s44(1)), and the report (2 weeks) and decision (4 weeks) clocks
    (the follow-ups below)."""
    locked = steps.lock(review)
    steps.check_dates(locked, "hold", on=held_on)
    attended = {str(pk) for pk in attended_ids}
    for participant in locked.participants.all():
        participant.attended = str(participant.pk) in attended
        participant.save(update_fields=["attended", "updated_at"])
    names = [p.name for p in locked.participants.all() if p.attended]
    return steps.take(
        locked,
        "hold",
        user=acting_user,
        event=Event(
            ReviewEvent.HELD,
            f"Annual review meeting held on {long_date(held_on)}",
            note=("Attended: " + ", ".join(names) + ".") if names else "",
            family=True,
        ),
        on=held_on,
    )


steps.after(Review, "hold")(
    steps.cancels_deadlines(
        "review_papers", reason="The meeting was held before the papers were recorded as sent."
    )
)


@steps.after(Review, "hold")
def _next_annual_review(step: Step) -> None:
    """The meeting meets the plan's 12-month clock and starts the next one (CFA s44(1))."""
    plan = step.obj.plan
    current = annual_review_deadline(plan)
    if current is not None:
        deadline_meet(deadline=current, on=step.kwargs["on"], acting_user=step.user)
    steps.open_deadline(plan, "annual_review", user=step.user, start=step.kwargs["on"])


steps.after(Review, "hold")(steps.opens_deadline("review_report"))
steps.after(Review, "hold")(steps.opens_deadline("review_decision"))


@transaction.atomic
def review_record_report(
    *, review: Review, received_on: datetime.date, summary: str, acting_user
) -> Review:
    """Reg 20(7)-(8): the report of the meeting, due within 2 weeks of it."""
    return steps.take(review, "receive_report", user=acting_user, on=received_on, summary=summary)


steps.after(Review, "receive_report")(steps.meets_deadlines("review_report"))


@transaction.atomic
def review_prepare_amendments(*, review: Review, on: datetime.date, acting_user) -> Review:
    """After the meeting, when the council expects to amend: the plan's sections open for
    the proposed amendments (plans.services.plan_amendment_start). Nothing is decided or
    sent yet: the decision to amend and the proposals go to the family together, in
    ``review_decide`` (R (L, M & P) v Devon CC [2022] EWHC 493 (Admin))."""
    locked = steps.lock(review)
    steps.authorise(locked, acting_user)
    if locked.status not in (Status.HELD, Status.REPORT_RECEIVED):
        raise ActionRefused(
            "Amendments are prepared after the meeting and before the decision. "
            + steps.state_words(locked)
        )
    AFTER_MEETING.but(what="date the amendments were started").check(locked, on)
    plan_amendment_start(
        plan=locked.plan,
        on=on,
        reason=f"The annual review meeting on {long_date(locked.held_on)} recommended amendments.",
        acting_user=acting_user,
        origin=PlanAmendment.Origin.REVIEW,
    )
    return locked


@transaction.atomic
def review_decide(
    *,
    review: Review,
    decision: str,
    reasons: str,
    on: datetime.date,
    sent_by: str = timescales.ServiceMethod.PORTAL,
    acting_user,
) -> Review:
    """Reg 20(10): within 4 weeks of the meeting the council tells the family it will keep
    the plan as it is (which they may appeal), amend it, or cease to maintain it (Regs
    29-31).

    Amend: R (L, M & P) v Devon CC [2022] EWHC 493 (Admin) read Reg 20(10) with Reg 22(2):
    the notice of a decision to amend must carry the proposed amendments. So deciding to
    amend and sending the proposals are one step: the plan's amendments must have been
    prepared (``review_prepare_amendments``, sections changed), and this step sends them
    (plans.services.plan_issue_amendment_proposals, ``sent_by`` for the service day of
    the family's 15 days) with the decision letter; the 4-week deadline is met only by
    this step, and the amended plan is due 8 weeks after it (Reg 22(3)), 12 weeks after
    the meeting at the latest."""
    if decision not in Review.Decision.values:
        raise ValidationError({"decision": "Select what the council decided"})
    reasons = steps.texts(Review, "decide", reasons=reasons)["reasons"]
    steps.check_dates(review, "decide", on=on)
    plan = Plan.objects.get(pk=review.plan_id)
    if decision == "amend" and plan.status != Plan.Status.AMENDING:
        raise ActionRefused(
            "The proposed amendments go with the decision to amend (R (L, M & P) v Devon CC "
            "[2022]): prepare them first (start amending the plan from the review and change "
            "its sections), then record the decision, which sends them."
        )
    if decision == "amend" and open_amendment(plan).origin != PlanAmendment.Origin.REVIEW:
        # Only a review-origin amendment's proposals meet the Reg 20(10) deadline (Devon).
        raise ActionRefused(
            "The plan is already being amended for another reason, not from this review: "
            "finish or stop that amendment first, then prepare the review's amendments."
        )
    if decision != "amend" and plan.is_amending:
        raise ActionRefused(
            "The plan's amendments are being prepared: decide to amend (which sends the "
            "proposals), or decide not to amend on the plan page first."
        )
    return steps.take(
        review,
        "decide",
        user=acting_user,
        context={"sent_by": sent_by},
        decision=decision,
        reasons=reasons,
        on=on,
        appeal_due_on=timescales.appeal_due(on) if decision == "maintain" else None,
    )


@steps.after(Review, "decide")
def _act_on_the_decision(step: Step) -> None:
    """Keep: the family's appeal date. Amend: the proposals go now, with the decision
    (Devon), and the amended plan is due 12 weeks after the meeting at the latest.
    Cease: the proposal to cease (ceasing app)."""
    review, on, user = step.obj, step.kwargs["on"], step.user
    decision, reasons = step.kwargs["decision"], step.kwargs["reasons"]
    if decision == "maintain":
        steps.open_deadline(review, "appeal_after_decision", user=user, start=on)
    elif decision == "amend":
        plan_issue_amendment_proposals(
            plan=review.plan,
            on=on,
            summary=reasons,
            sent_by=step.kwargs.get("sent_by") or timescales.ServiceMethod.PORTAL,
            acting_user=user,
            with_review_decision=True,
        )
        steps.open_deadline(
            review.plan, "amended_plan_after_review", user=user, start=review.held_on
        )
    elif decision == "cease":
        ceasing_propose(plan=review.plan, on=on, reasons=reasons, acting_user=user, review=review)


# Reg 20(10) with Devon: met by the step that sends the decision (and, to amend, the
# proposals with it). Registered after the decision's own follow-up, so that a refused
# proposal (nothing changed in the plan) leaves the deadline open: the step rolls back.
steps.after(Review, "decide")(steps.meets_deadlines("review_decision"))


# The review stops (the plan has ended): by a caseworker, or by the daily job
# (``acting_user`` None) after the plan ended. Its clocks stop with it.
review_cancel = steps.service(Review, "cancel", "review", system=True)


@steps.after(Review, "cancel")
def _stop_the_clocks(step: Step) -> None:
    steps.cancel_deadlines(step.obj, user=step.user, reason=step.kwargs["reason"][:500])
