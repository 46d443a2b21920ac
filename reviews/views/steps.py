"""The steps of a review: starting it early, the under-5 frequency, arranging the meeting,
invitations, advice, papers, the meeting, the report, the decision, cancelling; and
naming the next school or college of a phase transfer. Every step is a POST from a
form, and every service checks the step again under a row lock."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from plans.access import get_plan_for_user
from plans.rules import runs_the_case
from reviews import forms, services
from reviews.models import Review, ReviewAdvice, ReviewFrequency
from reviews.views.common import (
    WRITERS,
    get_review_for_user,
    get_transfer_for_user,
    post_data,
    refused,
    review_url,
    step_page,
)
from sen_portal import timescales
from sen_portal.access import allow
from sen_portal.casework.workflow import today
from sen_portal.dates import long_date


def _caption(review: Review) -> str:
    return f"Annual review, due by {long_date(review.due_on)}"


@allow(*WRITERS)
def review_start(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=True)
    back_url = reverse("casework:child_detail", args=[plan.child_id])
    live = Review.objects.filter(plan=plan, status__in=Review.LIVE).first()
    if live is not None:
        return redirect(review_url(live))
    if request.method == "POST":
        try:
            review = services.review_start(plan=plan, acting_user=request.user)
        except services.ActionRefused as exc:
            return refused(request, str(exc), back_url)
        messages.success(request, "Review started: arrange the meeting")
        return redirect(review_url(review))
    return render(
        request,
        "reviews/start.html",
        {
            "plan": plan,
            "child": plan.child,
            "back_url": back_url,
            "next_due": services.next_due_on(plan),
            "may_start": plan.is_issued,
        },
    )


@allow(*WRITERS)
def review_frequency(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=True)
    back_url = reverse("casework:child_detail", args=[plan.child_id])
    current = ReviewFrequency.objects.filter(plan=plan).first()
    form = forms.FrequencyForm(
        post_data(request), initial={"months": str(current.months) if current else "12"}
    )

    def months_of(cleaned) -> int | None:
        return None if cleaned["months"] == "12" else int(cleaned["months"])

    return step_page(
        request,
        child=plan.child,
        form=form,
        run=lambda cleaned: services.review_set_frequency(
            plan=plan, months=months_of(cleaned), acting_user=request.user
        ),
        success="Review frequency saved",
        title="How often to review the plan",
        intro="The law requires a review at least every 12 months (CFA s44(1)).",
        submit_label="Save",
        back_url=back_url,
    )


@allow(*WRITERS)
def review_schedule(request, review_id):
    review = get_review_for_user(request, review_id, write=True)
    initial = {"meeting_on": review.meeting_on, "venue": review.venue}
    form = forms.ScheduleForm(post_data(request), initial=initial)
    moving = review.status == Review.Status.SCHEDULED
    return step_page(
        request,
        child=review.child,
        form=form,
        run=lambda c: services.review_schedule(
            review=review, meeting_on=c["meeting_on"], venue=c["venue"], acting_user=request.user
        ),
        success="Meeting moved" if moving else "Meeting arranged",
        title="Move the review meeting" if moving else "Arrange the review meeting",
        caption=_caption(review),
        intro=f"The meeting is due by {long_date(review.due_on)}. Give everyone at least "
        "2 weeks' notice.",
        submit_label="Save the meeting",
        back_url=review_url(review),
    )


@allow(*WRITERS)
def participant_add(request, review_id):
    review = get_review_for_user(request, review_id, write=True)
    form = forms.ParticipantForm(post_data(request))
    return step_page(
        request,
        child=review.child,
        form=form,
        run=lambda c: services.review_add_participant(
            review=review,
            name=c["name"],
            role=c["role"],
            organisation=c["organisation"],
            invited_on=c["invited_on"],
            acting_user=request.user,
        ),
        success="Invitation recorded",
        title="Invite someone to the review",
        caption=_caption(review),
        intro="Invite the family (or the young person), the school or college, health, "
        "social care and the council's SEN officer (Reg 20(2)).",
        submit_label="Save",
        back_url=review_url(review),
    )


@allow(*WRITERS)
def advice_add(request, review_id):
    review = get_review_for_user(request, review_id, write=True)
    form = forms.AdviceRequestForm(post_data(request))
    due = (
        f" It is due by {long_date(timescales.due_date('review_papers', review.meeting_on))}."
        if review.meeting_on
        else ""
    )
    return step_page(
        request,
        child=review.child,
        form=form,
        run=lambda c: services.review_request_advice(
            review=review,
            kind=c["kind"],
            from_whom=c["from_whom"],
            requested_on=c["requested_on"],
            acting_user=request.user,
        ),
        success="Advice request recorded",
        title="Ask for advice for the review",
        caption=_caption(review),
        intro="Advice is circulated with the invitations, 2 weeks before the meeting "
        f"(Reg 20(4)).{due}",
        submit_label="Save",
        back_url=review_url(review),
    )


@allow(*WRITERS)
def advice_receive(request, review_id, advice_id):
    review = get_review_for_user(request, review_id, write=True)
    advice = get_object_or_404(ReviewAdvice, pk=advice_id, review=review)
    form = forms.AdviceReceivedForm(post_data(request))
    return step_page(
        request,
        child=review.child,
        form=form,
        run=lambda c: services.review_receive_advice(
            advice=advice,
            received_on=c["received_on"],
            summary=c["summary"],
            acting_user=request.user,
        ),
        success="Advice recorded as received",
        title=f"Advice received from {advice.from_whom}",
        caption=_caption(review),
        submit_label="Save",
        back_url=review_url(review),
    )


@allow(*WRITERS)
def papers_sent(request, review_id):
    review = get_review_for_user(request, review_id, write=True)
    form = forms.DateOnlyForm(post_data(request), label="Date the invitations and papers were sent")
    return step_page(
        request,
        child=review.child,
        form=form,
        run=lambda c: services.review_record_papers_sent(
            review=review, on=c["on"], acting_user=request.user
        ),
        success="Invitations and papers recorded as sent",
        title="Send invitations and papers",
        caption=_caption(review),
        intro="Everyone invited gets the invitation and the advice gathered at least 2 weeks "
        "before the meeting (Reg 20(3)-(4)).",
        submit_label="Save",
        back_url=review_url(review),
    )


@allow(*WRITERS)
def review_hold(request, review_id):
    review = get_review_for_user(request, review_id, write=True)
    participants = list(review.participants.all())
    form = forms.HoldForm(
        post_data(request),
        participants=participants,
        initial={"held_on": review.meeting_on} if review.meeting_on else None,
    )
    return step_page(
        request,
        child=review.child,
        form=form,
        run=lambda c: services.review_hold(
            review=review,
            held_on=c["held_on"],
            attended_ids=c.get("attended", []),
            acting_user=request.user,
        ),
        success="Meeting recorded: the report is due within 2 weeks and the decision within 4",
        title="Record the review meeting",
        caption=_caption(review),
        intro="The next annual review will be due within 12 months of this meeting.",
        submit_label="Save",
        back_url=review_url(review),
    )


@allow(*WRITERS)
def review_report(request, review_id):
    review = get_review_for_user(request, review_id, write=True)
    form = forms.ReportForm(post_data(request))
    return step_page(
        request,
        child=review.child,
        form=form,
        run=lambda c: services.review_record_report(
            review=review,
            received_on=c["received_on"],
            summary=c["summary"],
            acting_user=request.user,
        ),
        success="Report recorded",
        title="Record the report of the meeting",
        caption=_caption(review),
        intro="The report goes to everyone invited within 2 weeks of the meeting (Reg 20(7)).",
        submit_label="Save",
        back_url=review_url(review),
    )


@allow(*WRITERS)
def review_decide(request, review_id):
    review = get_review_for_user(request, review_id, write=True)
    form = forms.DecisionForm(post_data(request))
    return step_page(
        request,
        child=review.child,
        form=form,
        run=lambda c: services.review_decide(
            review=review,
            decision=c["decision"],
            reasons=c["reasons"],
            on=c["on"],
            sent_by=c.get("sent_by") or "portal",
            acting_user=request.user,
        ),
        success="Decision recorded",
        title="Decide after the review",
        caption=_caption(review),
        intro="Tell the family within 4 weeks of the meeting (Reg 20(10)). If the plan is "
        "kept as it is, they can appeal. To amend it, prepare the proposed amendments first: "
        "deciding to amend sends them with the decision (R (L, M & P) v Devon CC [2022]), "
        "and the amended plan is due 12 weeks after the meeting at the latest.",
        submit_label="Record the decision",
        back_url=review_url(review),
    )


@allow(*WRITERS)
def review_prepare_amendments(request, review_id):
    review = get_review_for_user(request, review_id, write=True)
    form = forms.DateOnlyForm(post_data(request), label="Date you start preparing them")
    return step_page(
        request,
        child=review.child,
        form=form,
        run=lambda c: services.review_prepare_amendments(
            review=review, on=c["on"], acting_user=request.user
        ),
        success="The plan's sections are open: change them, then record the decision to amend, "
        "which sends the proposals",
        title="Prepare the proposed amendments",
        caption=_caption(review),
        intro="The plan's sections open for the changes the review recommended. Nothing is "
        "sent yet: the proposals go to the family with the decision to amend, within 4 "
        "weeks of the meeting (Reg 20(10) with Reg 22(2), R (L, M & P) v Devon CC [2022]).",
        submit_label="Start preparing the amendments",
        back_url=review_url(review),
    )


@allow(*WRITERS)
def review_cancel(request, review_id):
    review = get_review_for_user(request, review_id, write=True)
    form = forms.CancelForm(post_data(request))
    return step_page(
        request,
        child=review.child,
        form=form,
        run=lambda c: services.review_cancel(
            review=review, on=today(), reason=c["reason"], acting_user=request.user
        ),
        success="Review cancelled",
        title="Cancel the review",
        caption=_caption(review),
        intro="For example, because the plan has ended. The review's deadlines stop.",
        submit_label="Cancel the review",
        warning=True,
        back_url=review_url(review),
    )


@allow(*WRITERS)
def transfer_name(request, transfer_id):
    transfer = get_transfer_for_user(request, transfer_id, write=True)
    if not runs_the_case(transfer, request.user):
        raise Http404("Not found")
    back_url = (
        review_url(transfer.review)
        if transfer.review_id
        else reverse("casework:child_detail", args=[transfer.child_id])
    )
    form = forms.NameInstitutionForm(post_data(request))
    return step_page(
        request,
        child=transfer.child,
        form=form,
        run=lambda c: services.phase_transfer_name(
            transfer=transfer,
            institution=c["institution"],
            named_on=c["named_on"],
            acting_user=request.user,
        ),
        success="Next school or college recorded: issue the amended plan naming it to meet "
        "the deadline",
        title="Record the next school or college",
        caption=f"{transfer.get_phase_display()}, September {transfer.transfer_year}",
        intro=f"The amended plan naming it must be issued by {long_date(transfer.due_on)} "
        "(Reg 18(1): before 15 February, or 31 March for post-16). Recording the choice does "
        "not meet that deadline: issuing the amended plan that names it does.",
        submit_label="Save",
        back_url=back_url,
    )
