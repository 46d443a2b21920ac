"""After a reassessment (CFA s44(2); SEND Regulations 2014 regs 26-27), the plan side.

The assessments app runs the reassessment itself: the request (``kind`` reassessment),
the decision within 15 days (Reg 25(1)), the advice (Reg 26, as Regs 6-9) and the
decision that the plan is to change. It never imports plans; these follow-ups, on the
transition kernel, take it from there:

* the decision after the reassessment starts the amendment of the issued plan
  (``plan_amendment_start``): the proposals with at least 15 days to comment, a meeting
  and a school or college asked for (Reg 27(1) with Regs 12, 13(1); Reg 22(2)), then the
  amended plan (Reg 27(2); CFA s39-40);
* the amended plan issued, or the council's decision not to amend after all (Reg 22(4),
  appealable under CFA s51(2)(e)), meets the 14-week deadline of Reg 27(2), opened on
  the request from the decision to reassess (``timescales.reassessment_dates``).
"""

from __future__ import annotations

from assessments.models import AssessmentRequest, NeedsAssessment
from plans.models import Plan
from plans.services._common import ActionRefused
from plans.services.amendments import plan_amendment_start
from sen_portal.casework import steps
from sen_portal.casework.services import deadlines_close_for_subject
from sen_portal.casework.steps import Step
from sen_portal.dates import long_date

REASSESSMENT_PLAN_CLOCK = "reassessment_final_plan"


@steps.after(NeedsAssessment, "decide_to_issue")
def amend_after_reassessment(step: Step) -> None:
    """Reg 27(1): the council amends (or replaces) the plan after a reassessment: the
    amendment of the issued plan starts on the day of the decision."""
    assessment = step.obj
    if not assessment.request.is_reassessment or step.kwargs.get("replace"):
        return  # a replacement plan instead: plans/services/replacement.py
    plan = (
        Plan.objects.filter(child=assessment.child, status__in=Plan.ISSUED)
        .order_by("-created_at")
        .first()
    )
    if plan is None or plan.is_amending:
        raise ActionRefused(
            "The plan cannot be amended now: "
            + (
                "it is already being amended. Finish or stop that amendment first."
                if plan is not None
                else "the child has no issued EHC plan."
            )
        )
    request = assessment.request
    plan_amendment_start(
        plan=plan,
        on=step.kwargs["on"],
        reason=(
            f"Reassessment requested on {long_date(request.received_on)} by "
            f"{request.get_requester_display().lower()}: the council decided on "
            f"{long_date(step.kwargs['on'])} to amend the plan (Reg 27)."
        ),
        acting_user=step.user,
    )


@steps.after(Plan, "issue_amended", "keep_unamended")
def meet_reassessment_deadline(step: Step) -> None:
    """Reg 27(2): the amended plan within 14 weeks of the decision to reassess; the
    decision not to amend after all ends the reassessment too."""
    for request in AssessmentRequest.objects.filter(
        child=step.obj.child,
        kind=AssessmentRequest.Kind.REASSESSMENT,
        status=AssessmentRequest.Status.ASSESSING,
    ):
        deadlines_close_for_subject(
            subject=request,
            acting_user=step.user,
            outcome="met",
            on=step.kwargs.get("on"),
            codes=[REASSESSMENT_PLAN_CLOCK],
        )
