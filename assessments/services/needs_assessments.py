"""The EHC needs assessment: completing the advice, and the decision whether to issue a plan."""

from __future__ import annotations

import datetime

from django.db import transaction

from assessments.events import AssessmentEvent
from assessments.models import AdviceRequest, NeedsAssessment
from assessments.services._common import ActionRefused, require_text
from assessments.services.advice import advice_cancel
from assessments.services.requests import record_exported
from sen_portal.casework import steps
from sen_portal.casework.services import deadline_open, deadlines_close_for_subject
from sen_portal.casework.steps import Event, Step
from sen_portal.dates import long_date

# What a decision is refused with while advice is outstanding (the condition says what).
NOT_READY = "The advice is not complete yet"
# Dates of the assessment's steps: on or after it started; a decision on or after the
# advice was complete.
STARTED = steps.DateRule(
    "date", not_before="started_on", before_what="the day the assessment started"
)
DECISION_DATE = steps.DateRule(
    "date of the decision",
    not_before=lambda a: a.advice_completed_on or a.started_on,
    before_what="the day the advice was complete",
)


@transaction.atomic
def assessment_complete_advice(
    *, assessment: NeedsAssessment, on: datetime.date, acting_user
) -> NeedsAssessment:
    """All the advice asked for under Reg 6 is in, or excused under Reg 8(2)."""
    return steps.take(
        assessment,
        "complete_advice",
        user=acting_user,
        when=STARTED.but(what="date"),
        refused="The advice cannot be marked complete now.",
        not_ready=NOT_READY,
        event=Event(
            AssessmentEvent.ADVICE_COMPLETE,
            "All the advice for the EHC needs assessment is in",
            family=True,
        ),
        on=on,
    )


@transaction.atomic
def assessment_decide_to_issue(
    *, assessment: NeedsAssessment, on: datetime.date, acting_user, replace: bool = False
) -> NeedsAssessment:
    """CFA s37(1): a plan is necessary. The 16-week notice that no plan will be issued no
    longer applies; the 20-week final plan deadline stays open for the plan to meet.

    After a reassessment (Reg 27): the plan is to be amended; the plans app starts the
    amendment (a follow-up of this step), and the 14-week deadline of Reg 27(2) stays
    open until the amended plan is issued. ``replace``: the plan is to be replaced by a
    new one instead (Reg 27(1): the plan after a reassessment is amended or replaced);
    the plans app starts drafting it (plans/services/replacement.py)."""
    again = assessment.request.is_reassessment
    if replace and not again:
        raise ActionRefused("Only a reassessment can end in a replacement plan.")
    return steps.take(
        assessment,
        "decide_to_issue",
        user=acting_user,
        when=DECISION_DATE,
        refused="This assessment has already been decided.",
        not_ready=NOT_READY,
        event=Event(
            AssessmentEvent.REASSESSMENT_DECIDED_AMEND,
            "Decided after the reassessment to replace the EHC plan with a new one: the "
            "draft is next (Reg 27(1))"
            if replace
            else "Decided after the reassessment to amend the EHC plan: the proposed "
            "amendments are next (Reg 27)",
            family=True,
        )
        if again
        else Event(
            AssessmentEvent.DECIDED_ISSUE,
            "Decided to issue an EHC plan: the draft plan is next",
            family=True,
        ),
        context={"replace": replace},
        on=on,
        by=acting_user,
    )


@steps.after(NeedsAssessment, "decide_to_issue")
def _no_notice_due(step: Step) -> None:
    deadlines_close_for_subject(
        subject=step.obj.request,
        acting_user=step.user,
        outcome="cancelled",
        codes=["decide_not_to_issue"],
        reason="The council decided to issue a plan.",
    )


@transaction.atomic
def assessment_decide_not_to_issue(
    *, assessment: NeedsAssessment, on: datetime.date, reasons: str, acting_user
) -> NeedsAssessment:
    """Reg 10(1): tell the family within 16 weeks of the request that no plan will be
    issued, with their right to appeal (CFA s51(2)(b)). Meets the 16-week deadline, ends
    the 20-week one, and starts the appeal period; the letter is a follow-up."""
    reasons = require_text(reasons, field="reasons", message="Enter the reasons for the decision")
    return steps.take(
        assessment,
        "decide_not_to_issue",
        user=acting_user,
        when=DECISION_DATE,
        refused="This assessment has already been decided.",
        not_ready=NOT_READY,
        event=lambda a: Event(
            AssessmentEvent.DECIDED_NO_PLAN,
            "Decided not to issue an EHC plan",
            note=f"{reasons}\n\nThe family may appeal until {long_date(a.appeal_due_on)}.",
            family=True,
        ),
        on=on,
        reasons=reasons,
        by=acting_user,
    )


@steps.after(NeedsAssessment, "decide_not_to_issue")
def _no_plan_clocks(step: Step) -> None:
    assessment, on, user = step.obj, step.kwargs["on"], step.user
    deadlines_close_for_subject(
        subject=assessment.request,
        acting_user=user,
        outcome="met",
        on=on,
        codes=["decide_not_to_issue"],
    )
    deadlines_close_for_subject(
        subject=assessment.request,
        acting_user=user,
        outcome="cancelled",
        codes=["final_plan"],
        reason="The council decided not to issue a plan.",
    )
    deadline_open(
        child=assessment.child,
        code="appeal_after_decision",
        start=on,
        subject=assessment,
        acting_user=user,
    )


# Reg 10: the notice with the reasons and the family's rights (Reg 32).
steps.after(NeedsAssessment, "decide_not_to_issue")(steps.issues_letter("plan_refused"))


@transaction.atomic
def assessment_withdraw(
    *,
    assessment: NeedsAssessment,
    on: datetime.date,
    reason: str,
    acting_user,
    exported_to_la: str = "",
) -> NeedsAssessment:
    """The assessment stops (the family withdraws, the child moves away): outstanding
    advice requests are cancelled and every clock of the request stops. If they moved to
    another council's area, ``exported_to_la`` is its code, kept on the request (SEN2
    Requests item Exported)."""
    reason = require_text(reason, field="reason", message="Enter why the assessment stopped")
    record_exported(assessment.request, exported_to_la)
    return steps.take(
        assessment,
        "withdraw",
        user=acting_user,
        when=STARTED.but(what="date it was withdrawn"),
        refused="Only an assessment in progress can be withdrawn.",
        event=Event(
            AssessmentEvent.WITHDRAWN, "EHC needs assessment withdrawn", note=reason, family=True
        ),
        on=on,
        reason=reason,
    )


@steps.after(NeedsAssessment, "withdraw")
def _withdrawn_assessment_clocks(step: Step) -> None:
    assessment, user = step.obj, step.user
    for advice in assessment.advice_requests.exclude(
        status__in=[AdviceRequest.Status.RECEIVED, AdviceRequest.Status.CANCELLED]
    ):
        advice_cancel(
            advice_request=advice, reason="The assessment was withdrawn.", acting_user=user
        )
    deadlines_close_for_subject(
        subject=assessment.request,
        acting_user=user,
        outcome="cancelled",
        codes=["decide_not_to_issue", "final_plan", "reassessment_final_plan"],
        reason="The assessment was withdrawn.",
    )
