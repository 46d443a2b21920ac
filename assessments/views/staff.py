"""Caseworkers' and managers' pages: recording a request, the request and assessment pages
with their task lists, the advice board, and one confirmation page per transition.

Reading is open to the case roles and to system administrators (who can see every case);
changing anything is for the case roles only, and each service checks the transition's
own permission again."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from assessments import selectors, services
from assessments.access import (
    get_advice_for_staff,
    get_assessment_for_user,
    get_request_for_user,
)
from assessments.actions import (
    ADVICE_STAFF_ACTIONS,
    ASSESSMENT_ACTIONS,
    REQUEST_ACTIONS,
    available_actions,
)
from assessments.forms import (
    AdviceRequestForm,
    CancelAdviceForm,
    CompleteAdviceForm,
    CouncilReassessmentForm,
    DecisionForm,
    DecisionWithReasonsForm,
    ExceptionDecisionForm,
    ReassessmentOutcomeForm,
    ReassessmentRefusalForm,
    RecordAdviceForm,
    RequestForm,
    WithdrawForm,
)
from assessments.models import NeedsAssessment
from assessments.models.assessment import NOT_READY
from assessments.rules import runs_the_case
from assessments.task_lists import assessment_tasks, request_tasks
from assessments.views.common import precheck, refused, transition_page
from assessments.year_groups import year_group, year_group_label
from sen_portal import timescales
from sen_portal.access import allow
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework.access import get_child_for_user
from sen_portal.casework.views import steps as step_pages
from sen_portal.dates import long_date
from sen_portal.govuk_forms import apply_service_errors

READERS = (*CASE_ROLES, Role.ADMIN)


def _post(request):
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _request_url(assessment_request) -> str:
    return reverse("assessments:request_detail", args=[assessment_request.pk])


def _assessment_url(assessment) -> str:
    return reverse("assessments:assessment_detail", args=[assessment.pk])


def _open_workflow_url(item) -> str:
    if isinstance(item, NeedsAssessment):
        return _assessment_url(item)
    return _request_url(item)


# --- Requests --------------------------------------------------------------------------


@allow(*CASE_ROLES)
def reassessment_initiate(request, child_id):
    """CFA s44(3): the council decides itself that a reassessment is necessary; the 14
    weeks of Reg 27(2) run from this decision (assessments/services/council_reassessment.py)."""
    child = get_child_for_user(request, child_id, write=request.method == "POST")
    back_url = reverse("casework:child_detail", args=[child.pk])
    data, _ = _post(request)
    form = CouncilReassessmentForm(data, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.reassessment_initiate(
                child=child,
                on=form.cleaned_data["on"],
                reasons=form.cleaned_data["reasons"],
                acting_user=request.user,
            )
        except services.ActionRefused as exc:
            return refused(request, str(exc), back_url)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            due = assessment.request.reassessment_plan_due_on
            messages.success(
                request,
                f"Reassessment started: the amended or replacement plan is due by {long_date(due)}",
            )
            return redirect(reverse("assessments:assessment_detail", args=[assessment.pk]))
    return render(
        request,
        "casework/step_page.html",
        {
            "form": form,
            "child": child,
            "title": "Decide that a reassessment is necessary",
            "intro": "The council may reassess a child or young person with an EHC plan at any "
            "time if it thinks it necessary (Children and Families Act 2014, section 44(3)). "
            "The reassessment starts on the day of the decision, the family are told, and the "
            "amended or replacement plan is due 14 weeks later (Reg 27(2)).",
            "submit_label": "Start the reassessment",
            "back_url": back_url,
        },
    )


@allow(*CASE_ROLES)
def request_create(request, child_id):
    child = get_child_for_user(request, child_id, write=True)
    existing = selectors.open_workflow_for_child(child=child)
    # A child whose assessment decided to issue a plan: the request is for a
    # reassessment (CFA s44(2)); request_record records it as one.
    reassessment = selectors.is_plan_decided(existing)
    if existing is not None and not reassessment:
        messages.info(
            request,
            "This child already has a request or an assessment in progress, or a decision "
            "to issue a plan",
        )
        return redirect(_open_workflow_url(existing))
    data, files = _post(request)
    form = RequestForm(data, files, child=child)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            assessment_request = services.request_record(
                child=child,
                requester=cleaned["requester"],
                requester_name=cleaned["requester_name"],
                received_on=cleaned["received_on"],
                reasons=cleaned["reasons"],
                consent_to_share=cleaned["consent_to_share"],
                share_with=cleaned["share_with"],
                evidence=cleaned["evidence"],
                rya=cleaned["rya"],
                acting_user=request.user,
            )
        except services.ActionRefused as exc:
            return refused(request, str(exc), reverse("casework:child_detail", args=[child.pk]))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                "Request for a reassessment recorded: decide within 15 days"
                if assessment_request.is_reassessment
                else "Request recorded: the statutory clocks have started",
            )
            return redirect(_request_url(assessment_request))
    return render(
        request,
        "assessments/request_form.html",
        {"form": form, "child": child, "reassessment": reassessment},
    )


@allow(*READERS)
def request_detail(request, request_id):
    assessment_request = get_request_for_user(request, request_id)
    assessment = getattr(assessment_request, "assessment", None)
    actions = available_actions(assessment_request, REQUEST_ACTIONS, request.user)
    if assessment_request.is_reassessment:
        words = {"decide_to_assess": "Decide to reassess", "decline": "Decide not to reassess"}
        actions = [replace(a, label=words.get(a.method, a.label)) for a in actions]
    return render(
        request,
        "assessments/request_detail.html",
        {
            "req": assessment_request,
            "child": assessment_request.child,
            "assessment": assessment,
            "tasks": request_tasks(assessment_request, {a.method for a in actions}),
            "deadlines": selectors.deadlines_for(
                assessment_request, appeal_due_on=assessment_request.appeal_due_on
            ),
            "evidence": list(assessment_request.evidence.all()),
            "actions": actions,
        },
    )


def _request_transition(request, assessment_request, *, method, form_class, **options):
    data, _files = _post(request)
    form = form_class(
        data,
        not_before=assessment_request.received_on,
        before_what="the day the request was received",
    )
    return transition_page(
        request,
        obj=assessment_request,
        method=method,
        form=form,
        back_url=_request_url(assessment_request),
        caption=assessment_request.child.full_name,
        extra={"child": assessment_request.child},
        **options,
    )


@allow(*CASE_ROLES)
def request_decide_to_assess(request, request_id):
    def run(cleaned):
        return services.request_decide_to_assess(
            assessment_request=req, on=cleaned["on"], acting_user=request.user
        )

    req = get_request_for_user(request, request_id, write=True)
    if req.is_reassessment:
        return _request_transition(
            request,
            req,
            method="decide_to_assess",
            form_class=DecisionForm,
            run=run,
            title="Decide to reassess",
            intro=f"This meets the 15-day deadline of Reg 25(1) (due by "
            f"{long_date(req.decision_due_on)}) and starts the reassessment: ask for advice "
            "as for an assessment (Reg 26). The amended or replacement plan is due 14 weeks "
            "after this decision (Reg 27(2)). The family get a letter.",
            submit_label="Decide to reassess",
            success="Decided to reassess: ask for advice next",
            not_ready="This child already has an EHC needs assessment in progress.",
            next_url=_assessment_url,
        )
    return _request_transition(
        request,
        req,
        method="decide_to_assess",
        form_class=DecisionForm,
        run=run,
        title="Decide to carry out an EHC needs assessment",
        intro="This meets the 6-week deadline (Reg 5(1)) and starts the assessment. "
        "Tell the family, and ask for advice next.",
        submit_label="Decide to assess",
        success="Decided to assess: ask for advice next",
        not_ready="This child already has an EHC needs assessment in progress.",
        next_url=_assessment_url,
    )


@allow(*CASE_ROLES)
def request_decline(request, request_id):
    def run(cleaned):
        return services.request_decline(
            assessment_request=req,
            on=cleaned["on"],
            reasons=cleaned["reasons"],
            ground=cleaned.get("ground", ""),
            acting_user=request.user,
        )

    req = get_request_for_user(request, request_id, write=True)
    if req.is_reassessment:
        last = services.last_assessed_on(child=req.child, before=req)
        return _request_transition(
            request,
            req,
            method="decline",
            form_class=ReassessmentRefusalForm,
            run=run,
            title="Decide not to reassess",
            intro="This meets the 15-day deadline of Reg 25(1). "
            + (f"The last EHC needs assessment was decided on {long_date(last)}. " if last else "")
            + "The council need not reassess within 6 months of it unless it thinks a "
            "reassessment necessary (Reg 24). The family are told the reasons, their right to "
            "mediation, and that they may appeal to the First-tier Tribunal (SEND) within 2 "
            "months of the decision (CFA s51(2)(d)).",
            submit_label="Decide not to reassess",
            warning=True,
            success="Decided not to reassess: the family's appeal period has started",
        )
    return _request_transition(
        request,
        req,
        method="decline",
        form_class=DecisionWithReasonsForm,
        run=run,
        title="Decide not to carry out an EHC needs assessment",
        intro="This meets the 6-week deadline and stops the 16- and 20-week clocks. The "
        "family must be told the reasons, their right to mediation, and that they may appeal "
        "to the First-tier Tribunal (SEND) within 2 months of the decision.",
        submit_label="Decide not to assess",
        warning=True,
        success="Decided not to assess: the family's appeal period has started",
    )


@allow(*CASE_ROLES)
def request_withdraw(request, request_id):
    def run(cleaned):
        return services.request_withdraw(
            assessment_request=req,
            on=cleaned["on"],
            reason=cleaned["reason"],
            exported_to_la=cleaned.get("exported_to_la", ""),
            acting_user=request.user,
        )

    req = get_request_for_user(request, request_id, write=True)
    return _request_transition(
        request,
        req,
        method="withdraw",
        form_class=WithdrawForm,
        run=run,
        title="Record that the request was withdrawn",
        intro="Every statutory clock this request started will stop.",
        submit_label="Record withdrawal",
        warning=True,
        success="Request withdrawn: its deadlines no longer apply",
    )


# --- Needs assessments -----------------------------------------------------------------


@allow(*READERS)
def assessment_detail(request, assessment_id):
    assessment = get_assessment_for_user(request, assessment_id)
    today = timezone.localdate()
    board = selectors.advice_board(assessment=assessment, today=today)
    still_to_ask = selectors.advice_kinds_still_to_ask(
        assessment=assessment, board=board, today=today
    )
    child = assessment.child
    group = year_group(child.date_of_birth, today)
    actions = available_actions(assessment, ASSESSMENT_ACTIONS, request.user)
    if assessment.request.is_reassessment:
        # Reg 27: the plan is amended; not amending is decided on the plan (Reg 22(4)).
        actions = [
            replace(a, label="Decide to amend the plan") if a.method == "decide_to_issue" else a
            for a in actions
            if a.method != "decide_not_to_issue"
        ]
    tasks = assessment_tasks(
        assessment,
        board,
        still_to_ask,
        {a.method for a in actions},
        can_ask=runs_the_case(assessment, request.user),
    )
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "req": assessment.request,
            "child": child,
            "year_group": year_group_label(group),
            "board": board,
            "today": today,
            "tasks": tasks,
            "deadlines": selectors.deadlines_for(
                assessment.request, assessment, today=today, appeal_due_on=assessment.appeal_due_on
            ),
            "actions": actions,
            "can_ask": runs_the_case(assessment, request.user),
        },
    )


def _assessment_transition(request, assessment, *, method, form, **options):
    return transition_page(
        request,
        obj=assessment,
        method=method,
        form=form,
        back_url=_assessment_url(assessment),
        caption=assessment.child.full_name,
        not_ready=NOT_READY,
        extra={"child": assessment.child},
        **options,
    )


@allow(*CASE_ROLES)
def assessment_complete_advice(request, assessment_id):
    assessment = get_assessment_for_user(request, assessment_id, write=True)
    data, _ = _post(request)
    form = CompleteAdviceForm(
        data, not_before=assessment.started_on, before_what="the day the assessment started"
    )
    return _assessment_transition(
        request,
        assessment,
        method="complete_advice",
        form=form,
        run=lambda cleaned: services.assessment_complete_advice(
            assessment=assessment, on=cleaned["on"], acting_user=request.user
        ),
        title="Mark the advice complete",
        intro="Every piece of advice asked for is in, or has an exception accepted. Next, "
        "decide whether to issue a plan.",
        submit_label="Mark the advice complete",
        success="Advice complete: decide whether to issue a plan",
    )


@allow(*CASE_ROLES)
def assessment_decide_to_issue(request, assessment_id):
    assessment = get_assessment_for_user(request, assessment_id, write=True)
    data, _ = _post(request)
    form = DecisionForm(
        data,
        not_before=assessment.advice_completed_on or assessment.started_on,
        before_what="the day the advice was complete",
    )
    run = lambda cleaned: services.assessment_decide_to_issue(  # noqa: E731
        assessment=assessment, on=cleaned["on"], acting_user=request.user
    )
    req = assessment.request
    if req.is_reassessment:
        due = req.reassessment_plan_due_on
        form = ReassessmentOutcomeForm(
            data,
            not_before=assessment.advice_completed_on or assessment.started_on,
            before_what="the day the advice was complete",
        )
        # Reg 27(1): amended, or replaced by a new plan (plans/services/replacement.py).
        run = lambda cleaned: services.assessment_decide_to_issue(  # noqa: E731
            assessment=assessment,
            on=cleaned["on"],
            acting_user=request.user,
            replace=cleaned.get("outcome") == "replace",
        )
        return _assessment_transition(
            request,
            assessment,
            method="decide_to_issue",
            form=form,
            run=run,
            title="Decide to amend the EHC plan after the reassessment",
            intro="The amendment of the plan in force starts on this day: change the "
            "sections, then send the proposed amendments; the family have at least 15 days "
            "to comment (Reg 27(1)). Or the plan is replaced: a new plan is drafted, and it "
            "replaces the current one when its final plan is issued. The amended or "
            f"replacement plan is due by {long_date(due) if due else 'its deadline'} (14 "
            "weeks from the decision to reassess, Reg 27(2)).",
            submit_label="Decide to amend the plan",
            success="Decided after the reassessment: amend the plan's sections and send the "
            "proposals, or draft the replacement plan",
        )
    final_due = long_date(timescales.due_date("final_plan", assessment.request.received_on))
    return _assessment_transition(
        request,
        assessment,
        method="decide_to_issue",
        form=form,
        run=run,
        title="Decide to issue an EHC plan",
        intro=f"The draft plan comes next. The final plan is due by {final_due} "
        "(20 weeks from the request, Reg 13(2)).",
        submit_label="Decide to issue a plan",
        success="Decided to issue a plan: it is ready for the draft plan",
    )


@allow(*CASE_ROLES)
def assessment_decide_not_to_issue(request, assessment_id):
    assessment = get_assessment_for_user(request, assessment_id, write=True)
    data, _ = _post(request)
    form = DecisionWithReasonsForm(
        data,
        not_before=assessment.advice_completed_on or assessment.started_on,
        before_what="the day the advice was complete",
    )
    return _assessment_transition(
        request,
        assessment,
        method="decide_not_to_issue",
        form=form,
        run=lambda cleaned: services.assessment_decide_not_to_issue(
            assessment=assessment,
            on=cleaned["on"],
            reasons=cleaned["reasons"],
            acting_user=request.user,
        ),
        title="Decide not to issue an EHC plan",
        intro="This meets the 16-week deadline (Reg 10(1)) and stops the 20-week clock. The "
        "family must be told the reasons, their right to mediation, and that they may appeal "
        "to the First-tier Tribunal (SEND) within 2 months of the decision.",
        submit_label="Decide not to issue a plan",
        warning=True,
        success="Decided not to issue a plan: the family's appeal period has started",
    )


@allow(*CASE_ROLES)
def assessment_withdraw(request, assessment_id):
    assessment = get_assessment_for_user(request, assessment_id, write=True)
    data, _ = _post(request)
    form = WithdrawForm(
        data, not_before=assessment.started_on, before_what="the day the assessment started"
    )
    return _assessment_transition(
        request,
        assessment,
        method="withdraw",
        form=form,
        run=lambda cleaned: services.assessment_withdraw(
            assessment=assessment,
            on=cleaned["on"],
            reason=cleaned["reason"],
            exported_to_la=cleaned.get("exported_to_la", ""),
            acting_user=request.user,
        ),
        title="Record that the assessment was withdrawn",
        intro="Advice still outstanding is cancelled and the statutory clocks stop.",
        submit_label="Record withdrawal",
        warning=True,
        success="Assessment withdrawn: its deadlines no longer apply",
    )


# --- Advice ----------------------------------------------------------------------------


@allow(*CASE_ROLES)
def advice_request_create(request, assessment_id):
    assessment = get_assessment_for_user(request, assessment_id, write=True)
    back_url = _assessment_url(assessment)
    if not assessment.can_ask_for_advice:
        return refused(
            request,
            "Advice can only be asked for while the assessment is gathering advice. "
            "Nothing was changed.",
            back_url,
        )
    data, _ = _post(request)
    form = AdviceRequestForm(data, assessment=assessment)
    return step_pages.step_page(
        request,
        form=form,
        run=lambda cleaned: services.advice_request_create(
            assessment=assessment,
            kind=cleaned["kind"],
            advice_giver=cleaned["advice_giver"],
            addressee=cleaned["addressee"],
            questions=cleaned["questions"],
            requested_on=cleaned["requested_on"],
            setting=cleaned["setting"],
            acting_user=request.user,
        ),
        success=lambda advice: (
            f"{advice.get_kind_display()} asked for: due {long_date(advice.due_on)}"
        ),
        next_url=f"{back_url}#advice",
        title="Ask for advice",
        submit_label="Ask for advice",
        back_url=back_url,
        child=assessment.child,
    )


@allow(*READERS)
def advice_staff_detail(request, advice_id):
    advice = get_advice_for_staff(request, advice_id)
    return render(
        request,
        "assessments/advice_staff_detail.html",
        {
            "advice": advice,
            "child": advice.assessment.child,
            "assessment": advice.assessment,
            "deadlines": selectors.deadlines_for(advice),
            "actions": available_actions(advice, ADVICE_STAFF_ACTIONS, request.user),
            "overdue": advice.is_overdue(timezone.localdate()),
        },
    )


def _advice_url(advice) -> str:
    return reverse("assessments:advice_staff_detail", args=[advice.pk])


@allow(*CASE_ROLES)
def advice_record(request, advice_id):
    advice = get_advice_for_staff(request, advice_id, write=True)
    data, files = _post(request)
    form = RecordAdviceForm(data, files, advice=advice)
    return transition_page(
        request,
        obj=advice,
        method="submit",
        form=form,
        run=lambda cleaned: services.advice_submit(
            advice_request=advice,
            received_on=cleaned["received_on"],
            needs=cleaned["needs"],
            outcomes=cleaned["outcomes"],
            provision=cleaned["provision"],
            upload=cleaned.get("document"),
            acting_user=request.user,
        ),
        back_url=_advice_url(advice),
        caption=advice.assessment.child.full_name,
        title=f"Record the advice: {advice.get_kind_display().lower()}",
        intro=f"Asked of {advice.addressee} on {long_date(advice.requested_on)}.",
        submit_label="Record the advice",
        success="Advice recorded",
        not_ready="This advice cannot be recorded now.",
        extra={"child": advice.assessment.child, "multipart": True},
    )


@allow(*CASE_ROLES)
def advice_exception(request, advice_id):
    """Accept or reject an exception the advice giver reported: two transitions with the
    same source and permission, so one page."""
    advice = get_advice_for_staff(request, advice_id, write=True)
    back_url = _advice_url(advice)
    message = precheck(
        advice, "accept_exception", request.user, not_ready="No exception is waiting."
    )
    if message:
        return refused(request, message, back_url)

    def decide(cleaned) -> str:
        if cleaned["decision"] == "accept":
            services.advice_accept_exception(advice_request=advice, acting_user=request.user)
            return "Exception recorded against the 6-week deadline"
        services.advice_reject_exception(
            advice_request=advice, note=cleaned["note"], acting_user=request.user
        )
        return "Exception not accepted: the advice is still due"

    return step_pages.step_page(
        request,
        form=ExceptionDecisionForm(request.POST if request.method == "POST" else None),
        run=decide,
        success=lambda words: words,
        title="Decide on the exception",
        intro=f"{advice.addressee} says: {advice.get_exception_reason_display()}, from "
        f"{long_date(advice.exception_starts_on)}.",
        submit_label="Save decision",
        back_url=back_url,
        child=advice.assessment.child,
        extra={"obj": advice, "quote": advice.exception_note},
    )


@allow(*CASE_ROLES)
def advice_cancel(request, advice_id):
    advice = get_advice_for_staff(request, advice_id, write=True)
    data, _ = _post(request)
    return transition_page(
        request,
        obj=advice,
        method="cancel",
        form=CancelAdviceForm(data),
        run=lambda cleaned: services.advice_cancel(
            advice_request=advice, reason=cleaned["reason"], acting_user=request.user
        ),
        back_url=_advice_url(advice),
        caption=advice.assessment.child.full_name,
        title="Cancel this advice request",
        intro=f"{advice.get_kind_display()} from {advice.addressee}. Its 6-week deadline "
        "will no longer apply.",
        submit_label="Cancel the advice request",
        warning=True,
        success="Advice request cancelled",
        extra={"child": advice.assessment.child},
    )
