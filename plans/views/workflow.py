"""The steps of the plan's workflow: starting it, "check your answers" and issuing the
draft and the final plan, the family's comments, consulting schools and colleges,
bringing the plan into force and withdrawing it. Every step is a POST from a
confirmation form, and every service checks the step again under a row lock."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from assessments.access import get_assessment_for_user
from plans import selectors, services
from plans.access import get_consultation_for_user, get_plan_for_user
from plans.constants import SECTIONS
from plans.forms import (
    ConsultationResponseForm,
    ConsultForm,
    DateForm,
    IssueDraftForm,
    RepresentationsForm,
    WithdrawForm,
)
from plans.models import Plan
from plans.snapshot import build_snapshot
from plans.views.common import WRITERS, plan_url, post_data, refused, transition_page
from sen_portal.access import allow
from sen_portal.casework.views import steps as step_pages
from sen_portal.dates import long_date


@allow(*WRITERS)
def plan_start(request, assessment_id):
    assessment = get_assessment_for_user(request, assessment_id, write=True)
    existing = Plan.objects.filter(assessment=assessment).first()
    if existing is not None:
        return redirect(plan_url(existing))
    back_url = reverse("assessments:assessment_detail", args=[assessment.pk])
    if request.method == "POST":
        try:
            plan = services.plan_start(assessment=assessment, acting_user=request.user)
        except services.ActionRefused as exc:
            return refused(request, str(exc), back_url)
        messages.success(request, "Plan started: complete each section, then issue the draft")
        return redirect(plan_url(plan))
    received = assessment.advice_requests.filter(status="received").count()
    return render(
        request,
        "plans/start.html",
        {
            "assessment": assessment,
            "child": assessment.child,
            "received": received,
            "back_url": back_url,
            "may_start": assessment.awaiting_plan,
        },
    )


def _check_answers_context(plan: Plan, *, kind: str) -> dict:
    snapshot = build_snapshot(plan, kind=kind)
    return {"snapshot": snapshot, "s": snapshot["sections"], "sections": SECTIONS, "kind": kind}


@allow(*WRITERS)
def plan_issue_draft(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=True, content=True)
    form = IssueDraftForm(post_data(request))
    return transition_page(
        request,
        plan=plan,
        method="issue_draft",
        form=form,
        run=lambda cleaned: services.plan_issue_draft(
            plan=plan,
            on=cleaned["on"],
            sent_by=cleaned["sent_by"],
            preferred_institution=cleaned["preferred_institution"],
            preference_note=cleaned["preference_note"],
            acting_user=request.user,
        ),
        success=lambda version: (
            f"Draft plan issued as version {version.number}: served on "
            f"{long_date(version.plan.served_on)}, the family may comment and ask for a "
            f"meeting until {long_date(version.plan.representations_due_on)}"
        ),
        title="Check the draft plan before issuing it",
        intro="The draft goes to the family, who have at least 15 days, beginning with the "
        "day it is served, to comment, to ask for a meeting and to say which school or "
        "college they would like (Regs 12-13). It does not name a school or college.",
        submit_label="Issue the draft plan",
        template="plans/check_answers.html",
        extra=_check_answers_context(plan, kind="draft"),
    )


@allow(*WRITERS)
def plan_issue_final(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=True, content=True)
    form = DateForm(
        post_data(request),
        label="Date the final plan is issued",
        required_message="Enter the date the final plan is issued",
    )
    deadline = selectors.final_plan_deadline(plan)

    def success(result: services.FinalIssue) -> str:
        text = f"Final plan issued as version {result.version.number}"
        d = result.deadline
        if d is None:
            return text
        if d.met_late:
            text += (
                f", {d.days_late} day{'s' if d.days_late != 1 else ''} after the 20-week "
                f"deadline of {long_date(d.due_on)}"
            )
            if d.has_exception:
                text += f" (exception recorded: {d.exception_reason_label.lower()})"
        else:
            text += f", within 20 weeks (due {long_date(d.due_on)})"
        return text

    return transition_page(
        request,
        plan=plan,
        method="issue_final",
        form=form,
        run=lambda cleaned: services.plan_issue_final(
            plan=plan, on=cleaned["on"], acting_user=request.user
        ),
        success=success,
        title="Check the final plan before issuing it",
        intro="The final plan names the school or college in section I. Issuing it meets the "
        "20-week deadline (Reg 13(2)) and starts the 12-month clock for the annual review.",
        submit_label="Issue the final plan",
        template="plans/check_answers.html",
        extra={
            **_check_answers_context(plan, kind="final"),
            "deadline": deadline,
            "today": timezone.localdate(),
            "consultations": list(plan.consultations.all()),
        },
    )


@allow(*WRITERS)
def plan_record_representations(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=True)
    back_url = plan_url(plan)
    if plan.status not in (Plan.Status.DRAFT_ISSUED, Plan.Status.CONSULTING):
        return refused(
            request,
            "The family's comments are recorded between the draft and the final plan. "
            f"The plan is {plan.get_status_display().lower()}.",
            back_url,
        )
    return step_pages.step_page(
        request,
        form=RepresentationsForm(post_data(request)),
        run=lambda data: services.plan_record_representations(
            plan=plan, **data, acting_user=request.user
        ),
        success="The family's comments are recorded",
        title="Record the family's comments on the draft",
        intro=f"They have until {long_date(plan.representations_due_on)} to comment "
        "(15 days beginning with the day the draft was served, Reg 13(1)). Their comments "
        "do not end that time: the final plan waits for it to end, unless they tell you "
        "they have nothing more to say.",
        submit_label="Record their comments",
        back_url=back_url,
        child=plan.child,
        record="the plan",
        extra={"plan": plan},
    )


@allow(*WRITERS)
def plan_consult(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=True, content=True)
    amendment = services.open_amendment(plan) if plan.is_amending else None
    form = ConsultForm(post_data(request), plan=plan, amendment=amendment)
    return transition_page(
        request,
        plan=plan,
        method="consult_on_amendment" if plan.is_amending else "consult",
        form=form,
        run=lambda cleaned: services.plan_consult_institution(
            plan=plan,
            institution=cleaned["institution"],
            on=cleaned["on"],
            acting_user=request.user,
        ),
        success=lambda c: f"{c.institution.name} consulted: reply due by {long_date(c.due_on)}",
        title="Consult a school or college",
        intro=f"Send the {'proposed amendments' if amendment else 'draft plan'} and ask "
        "whether it can meet the needs (Children and Families Act 2014 s39). It should reply "
        "within 15 days.",
        submit_label="Record the consultation",
    )


@allow(*WRITERS)
def consultation_response(request, consultation_id):
    consultation = get_consultation_for_user(request, consultation_id, write=True)
    plan = consultation.plan
    back_url = plan_url(plan)
    if not consultation.may_record_response(request.user) or not consultation.awaiting_reply_now:
        return refused(
            request,
            f"A reply from {consultation.institution.name} cannot be recorded now. "
            "Nothing was changed.",
            back_url,
        )
    return step_pages.step_page(
        request,
        form=ConsultationResponseForm(post_data(request)),
        run=lambda data: services.plan_record_consultation_response(
            consultation=consultation, **data, acting_user=request.user
        ),
        success=f"Reply from {consultation.institution.name} recorded",
        title=f"Record the reply from {consultation.institution.name}",
        intro=f"Consulted on {long_date(consultation.sent_on)}; reply due by "
        f"{long_date(consultation.due_on)}.",
        submit_label="Record the reply",
        back_url=back_url,
        child=plan.child,
        record="the plan",
        extra={"plan": plan},
    )


@allow(*WRITERS)
def plan_bring_into_force(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=True)
    form = DateForm(
        post_data(request),
        label="Date the plan comes into force",
        required_message="Enter the date the plan comes into force",
    )
    return transition_page(
        request,
        plan=plan,
        method="bring_into_force",
        form=form,
        run=lambda cleaned: services.plan_bring_into_force(
            plan=plan, on=cleaned["on"], acting_user=request.user
        ),
        success="The plan is in force",
        title="Record that the plan is in force",
        intro="From this day the council must secure the provision in section F, health "
        "must arrange section G and social care section H.",
        submit_label="Record that the plan is in force",
    )


@allow(*WRITERS)
def plan_withdraw(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=True)
    return transition_page(
        request,
        plan=plan,
        method="withdraw",
        form=WithdrawForm(post_data(request)),
        run=lambda cleaned: services.plan_withdraw(
            plan=plan, on=cleaned["on"], reason=cleaned["reason"], acting_user=request.user
        ),
        success="Plan withdrawn: its deadlines no longer apply",
        title="Withdraw the plan",
        intro="The plan will not be finalised. Its deadlines and the request's 20-week "
        "deadline stop. A plan already issued is ceased instead, after consulting the family.",
        submit_label="Withdraw the plan",
        warning=True,
    )
