"""The EHC needs assessment: completing the advice, and the decision whether to issue a plan.

Each step is declared on its transition (assessments/models/assessment.py: the date it
takes, what it is refused with, what the chronology says); the services take it."""

from __future__ import annotations

from django.db import transaction

from assessments.models import AdviceRequest, NeedsAssessment
from assessments.services.advice import advice_cancel
from assessments.services.requests import record_exported
from sen_portal.casework import steps
from sen_portal.casework.steps import Step

# All the advice asked for under Reg 6 is in, or excused under Reg 8(2).
assessment_complete_advice = steps.service(NeedsAssessment, "complete_advice", "assessment")

# CFA s37(1): a plan is necessary. The 16-week notice that no plan will be issued no longer
# applies; the 20-week final plan deadline stays open for the plan to meet.  After a
# reassessment (Reg 27): the plan is to be amended; the plans app starts the amendment (a
# follow-up of this step), and the 14-week deadline of Reg 27(2) stays open until the amended
# plan is issued.
assessment_decide_to_issue = steps.service(NeedsAssessment, "decide_to_issue", "assessment")


def _request(step: Step):
    return step.obj.request


steps.after(NeedsAssessment, "decide_to_issue")(
    steps.cancels_deadlines(
        "decide_not_to_issue", reason="The council decided to issue a plan.", subject=_request
    )
)

# Reg 10(1): tell the family within 16 weeks of the request that no plan will be issued, with
# their right to appeal (CFA s51(2)(b)). Meets the 16-week deadline, ends the 20-week one, and
# starts the appeal period; the letter is a follow-up.
assessment_decide_not_to_issue = steps.service(NeedsAssessment, "decide_not_to_issue", "assessment")

steps.after(NeedsAssessment, "decide_not_to_issue")(
    steps.meets_deadlines("decide_not_to_issue", subject=_request)
)
steps.after(NeedsAssessment, "decide_not_to_issue")(
    steps.cancels_deadlines(
        "final_plan", reason="The council decided not to issue a plan.", subject=_request
    )
)
steps.after(NeedsAssessment, "decide_not_to_issue")(steps.opens_deadline("appeal_after_decision"))
# Reg 10: the notice with the reasons and the family's rights (Reg 32).
steps.after(NeedsAssessment, "decide_not_to_issue")(steps.issues_letter("plan_refused"))

_withdraw = steps.service(NeedsAssessment, "withdraw", "assessment")


@transaction.atomic
def assessment_withdraw(
    *, assessment: NeedsAssessment, exported_to_la: str = "", **arguments
) -> NeedsAssessment:
    """The assessment stops (the family withdraws, the child moves away): outstanding
    advice requests are cancelled and every clock of the request stops. If they moved to
    another council's area, ``exported_to_la`` is its code, kept on the request (SEN2
    Requests item Exported)."""
    record_exported(assessment.request, exported_to_la)
    return _withdraw(assessment=assessment, **arguments)


@steps.after(NeedsAssessment, "withdraw")
def _withdrawn_assessment_advice(step: Step) -> None:
    for advice in step.obj.advice_requests.exclude(
        status__in=[AdviceRequest.Status.RECEIVED, AdviceRequest.Status.CANCELLED]
    ):
        advice_cancel(
            advice_request=advice, reason="The assessment was withdrawn.", acting_user=step.user
        )


steps.after(NeedsAssessment, "withdraw")(
    steps.cancels_deadlines(
        "decide_not_to_issue",
        "final_plan",
        "reassessment_final_plan",
        reason="The assessment was withdrawn.",
        subject=_request,
    )
)
