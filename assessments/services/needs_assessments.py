"""The EHC needs assessment: completing the advice, and the decision whether to issue a plan."""

from __future__ import annotations

import datetime

from django.db import transaction

from assessments.models import AdviceRequest, NeedsAssessment
from assessments.services._common import (
    already,
    check_date,
    close_deadlines,
    lock_row,
    require_text,
    run_transition,
)
from assessments.services.advice import advice_cancel
from sen_portal.casework.deadlines import (
    deadline_open,
    long_date,
)
from sen_portal.casework.letters import letter_issue
from sen_portal.casework.services import chronology_record

# --- Needs assessments ---------------------------------------------------------------


NOT_READY = (
    "Every piece of advice asked for must be received, or have an exception accepted, "
    "before the advice is complete."
)


@transaction.atomic
def assessment_complete_advice(
    *, assessment: NeedsAssessment, on: datetime.date, acting_user
) -> NeedsAssessment:
    """All the advice asked for under Reg 6 is in, or excused under Reg 8(2)."""
    locked = lock_row(NeedsAssessment, assessment, "child", "request")
    check_date(
        on,
        field="on",
        what="date",
        not_before=locked.started_on,
        before_what="the day the assessment started",
    )
    from_state = run_transition(
        locked,
        "complete_advice",
        user=acting_user,
        refused=f"The advice cannot be marked complete now. {already(locked)}",
        not_ready=NOT_READY,
        on=on,
    )
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="needs_assessment_advice_complete",
        summary="All the advice for the EHC needs assessment is in",
        from_state=from_state,
        to_state=locked.status,
        subject=locked,
        visible_to_family=True,
    )
    return locked


@transaction.atomic
def assessment_decide_to_issue(
    *, assessment: NeedsAssessment, on: datetime.date, acting_user
) -> NeedsAssessment:
    """CFA s37(1): a plan is necessary. The 16-week notice that no plan will be issued no
    longer applies; the 20-week final plan deadline stays open for the plan to meet."""
    locked = lock_row(NeedsAssessment, assessment, "child", "request")
    check_date(
        on,
        field="on",
        what="date of the decision",
        not_before=locked.advice_completed_on or locked.started_on,
        before_what="the day the advice was complete",
    )
    from_state = run_transition(
        locked,
        "decide_to_issue",
        user=acting_user,
        refused=f"This assessment has already been decided. {already(locked)}",
        not_ready=NOT_READY,
        on=on,
        by=acting_user,
    )
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="needs_assessment_decided_issue",
        summary="Decided to issue an EHC plan: the draft plan is next",
        from_state=from_state,
        to_state=locked.status,
        subject=locked,
        visible_to_family=True,
    )
    close_deadlines(
        locked.request,
        acting_user=acting_user,
        outcome="cancelled",
        codes=["decide_not_to_issue"],
        reason="The council decided to issue a plan.",
    )
    return locked


@transaction.atomic
def assessment_decide_not_to_issue(
    *, assessment: NeedsAssessment, on: datetime.date, reasons: str, acting_user
) -> NeedsAssessment:
    """Reg 10(1): tell the family within 16 weeks of the request that no plan will be
    issued, with their right to appeal (CFA s51(2)(b)). Meets the 16-week deadline, ends
    the 20-week one, and starts the appeal period."""
    reasons = require_text(reasons, field="reasons", message="Enter the reasons for the decision")
    locked = lock_row(NeedsAssessment, assessment, "child", "request")
    check_date(
        on,
        field="on",
        what="date of the decision",
        not_before=locked.advice_completed_on or locked.started_on,
        before_what="the day the advice was complete",
    )
    from_state = run_transition(
        locked,
        "decide_not_to_issue",
        user=acting_user,
        refused=f"This assessment has already been decided. {already(locked)}",
        not_ready=NOT_READY,
        on=on,
        reasons=reasons,
        by=acting_user,
    )
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="needs_assessment_decided_no_plan",
        summary="Decided not to issue an EHC plan",
        note=f"{reasons}\n\nThe family may appeal until {long_date(locked.appeal_due_on)}.",
        from_state=from_state,
        to_state=locked.status,
        subject=locked,
        visible_to_family=True,
    )
    close_deadlines(
        locked.request,
        acting_user=acting_user,
        outcome="met",
        on=on,
        codes=["decide_not_to_issue"],
    )
    close_deadlines(
        locked.request,
        acting_user=acting_user,
        outcome="cancelled",
        codes=["final_plan"],
        reason="The council decided not to issue a plan.",
    )
    deadline_open(
        child=locked.child,
        code="appeal_after_decision",
        start=on,
        subject=locked,
        acting_user=acting_user,
    )
    # Reg 10: the notice with the reasons and the family's rights (Reg 32).
    letter_issue(
        kind="plan_refused", subject=locked, child=locked.child, acting_user=acting_user, on=on
    )
    return locked


@transaction.atomic
def assessment_withdraw(
    *, assessment: NeedsAssessment, on: datetime.date, reason: str, acting_user
) -> NeedsAssessment:
    """The assessment stops (the family withdraws, the child moves away): outstanding
    advice requests are cancelled and every clock of the request stops."""
    reason = require_text(reason, field="reason", message="Enter why the assessment stopped")
    locked = lock_row(NeedsAssessment, assessment, "child", "request")
    check_date(
        on,
        field="on",
        what="date it was withdrawn",
        not_before=locked.started_on,
        before_what="the day the assessment started",
    )
    from_state = run_transition(
        locked,
        "withdraw",
        user=acting_user,
        refused=f"Only an assessment in progress can be withdrawn. {already(locked)}",
        on=on,
        reason=reason,
    )
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="needs_assessment_withdrawn",
        summary="EHC needs assessment withdrawn",
        note=reason,
        from_state=from_state,
        to_state=locked.status,
        subject=locked,
        visible_to_family=True,
    )
    for advice in locked.advice_requests.exclude(
        status__in=[AdviceRequest.Status.RECEIVED, AdviceRequest.Status.CANCELLED]
    ):
        advice_cancel(
            advice_request=advice, reason="The assessment was withdrawn.", acting_user=acting_user
        )
    close_deadlines(
        locked.request,
        acting_user=acting_user,
        outcome="cancelled",
        codes=["decide_not_to_issue", "final_plan"],
        reason="The assessment was withdrawn.",
    )
    return locked
