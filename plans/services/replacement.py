"""A replacement plan after a reassessment (SEND Regulations 2014 reg 27(1)).

After a reassessment the council either amends the plan in force
(plans/services/reassessment.py) or replaces it with a new one. A replacement is a new
Plan with ``replaces`` naming the old one, drafted like any plan (the draft, the
family's 15 days from service, consultation, the final plan: Regs 12-13, CFA s39-40).
The old plan stays in force, and maintained, until the replacement's final plan is
issued; on that day the old plan is "replaced" (its own clocks stop), the 14 weeks of
Reg 27(2) are met, and the new plan's first annual review falls within the 12 months
starting with the day it was made (CFA s44(1)).

Worked example: the parent asks on Monday 7 January 2030, the council decides to
reassess on Monday 14 January (Reg 25(1)), so the plan is due by Monday 22 April 2030
(Reg 27(2)); the replacement's final plan issued on Monday 4 March 2030 meets it, and
its first review is due by Monday 3 March 2031.
"""

from __future__ import annotations

from assessments.models import AssessmentRequest, NeedsAssessment
from plans.events import PlanEvent
from plans.models import Plan
from plans.services._common import ActionRefused
from plans.services.lifecycle import plan_start
from plans.services.reassessment import REASSESSMENT_PLAN_CLOCK
from sen_portal.casework import steps
from sen_portal.casework.services import deadlines_close_for_subject
from sen_portal.casework.steps import Event, Step
from sen_portal.dates import long_date


@steps.after(NeedsAssessment, "decide_to_issue")
def start_replacement_after_reassessment(step: Step) -> None:
    """Reg 27(1): decided after the reassessment to replace the plan: drafting of the
    new plan starts, naming the plan in force as the one it replaces."""
    assessment = step.obj
    if not step.kwargs.get("replace"):
        return
    if not assessment.request.is_reassessment:
        raise ActionRefused("Only a reassessment can end in a replacement plan.")
    old = (
        Plan.objects.filter(
            child=assessment.child,
            status__in=(Plan.Status.FINAL_ISSUED, Plan.Status.IN_FORCE, *Plan.AMENDMENT),
        )
        .order_by("-created_at")
        .first()
    )
    if old is None or old.is_amending:
        raise ActionRefused(
            "The plan cannot be replaced now: "
            + (
                "it is being amended. Finish or stop that amendment first."
                if old is not None
                else "the child has no issued EHC plan."
            )
        )
    plan_start(assessment=assessment, acting_user=step.user, replaces=old)


@steps.after(Plan, "issue_final")
def replace_the_old_plan(step: Step) -> None:
    """Reg 27(1): the replacement's final plan is issued: the old plan ends that day (its
    review and other clocks stop) and the 14 weeks of Reg 27(2) are met."""
    plan, on = step.obj, step.kwargs["on"]
    if plan.replaces_id is None:
        return
    old = Plan.objects.get(pk=plan.replaces_id)
    steps.take(
        old,
        "replace",
        user=step.user,
        refused="The plan this one replaces is no longer maintained.",
        event=Event(
            PlanEvent.REPLACED,
            f"A new EHC plan, issued on {long_date(on)}, replaced this plan (Reg 27(1))",
            family=True,
        ),
        on=on,
    )
    deadlines_close_for_subject(
        subject=old,
        acting_user=step.user,
        outcome="cancelled",
        reason=f"The plan was replaced by a new plan on {long_date(on)} (Reg 27(1)).",
    )
    for request in AssessmentRequest.objects.filter(
        child=plan.child,
        kind=AssessmentRequest.Kind.REASSESSMENT,
        status=AssessmentRequest.Status.ASSESSING,
    ):
        deadlines_close_for_subject(
            subject=request,
            acting_user=step.user,
            outcome="met",
            on=on,
            codes=[REASSESSMENT_PLAN_CLOCK],
        )
