"""Advice givers' pages (/advice/): the requests sent to them and nothing else.

An advice giver sees, for each request, its due date, what is asked, and the child's first
name, LA reference and date of birth: enough to know whom the advice is about. Never the
rest of the case, never another advice giver's request (a 404, as if it did not exist).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from assessments import selectors, services
from assessments.access import get_advice_for_giver
from assessments.advice_contacts import advice_contacts
from assessments.forms import AdviceForm, ExceptionClaimForm
from assessments.models import AdviceRequest
from assessments.views.common import precheck, refused
from sen_portal.access import allow
from sen_portal.accounts.roles import Role
from sen_portal.casework.views import document_response
from sen_portal.govuk_forms import apply_service_errors


@allow(Role.ADVICE_GIVER)
def advice_list(request):
    advice_requests = list(selectors.advice_requests_for_giver(user=request.user))
    return render(
        request,
        "assessments/advice/list.html",
        {
            "to_do": [a for a in advice_requests if a.is_outstanding],
            # What they sent, newest first (the list to do stays soonest due first).
            "done": sorted(
                (a for a in advice_requests if not a.is_outstanding),
                key=lambda a: (a.submitted_at is not None, a.submitted_at or a.created_at),
                reverse=True,
            ),
            "today": timezone.localdate(),
        },
    )


def _detail_url(advice: AdviceRequest) -> str:
    return reverse("advice:advice_detail", args=[advice.pk])


@allow(Role.ADVICE_GIVER)
def advice_detail(request, advice_id):
    """The request, and the form to send the advice while it is still due."""
    advice = get_advice_for_giver(request, advice_id)
    can_submit = advice.status != AdviceRequest.Status.RECEIVED
    form = None
    if can_submit:
        form = AdviceForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
        )
    if request.method == "POST":
        message = precheck(advice, "submit", request.user, not_ready="")
        if not can_submit or message:
            return refused(
                request,
                f"You already sent this advice on {advice.received_on:%-d %B %Y}. It cannot be "
                "sent twice: contact the caseworker to add to it."
                if not can_submit
                else message,
                _detail_url(advice),
            )
        if form.is_valid():
            cleaned = form.cleaned_data
            try:
                services.advice_submit(
                    advice_request=advice,
                    needs=cleaned["needs"],
                    outcomes=cleaned["outcomes"],
                    provision=cleaned["provision"],
                    upload=cleaned.get("document"),
                    acting_user=request.user,
                )
            except services.ActionRefused as exc:
                return refused(request, str(exc), _detail_url(advice))
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Advice sent to the caseworker. Thank you")
                return redirect("advice:advice_list")
    return render(
        request,
        "assessments/advice/detail.html",
        {
            "advice": advice,
            "child": advice.assessment.child,
            "form": form,
            "today": timezone.localdate(),
            "can_claim_exception": advice.status == AdviceRequest.Status.REQUESTED,
            "contacts": advice_contacts(advice),
        },
    )


@allow(Role.ADVICE_GIVER)
def advice_exception_claim(request, advice_id):
    advice = get_advice_for_giver(request, advice_id)
    back_url = _detail_url(advice)
    message = precheck(advice, "claim_exception", request.user, not_ready="")
    if message:
        return refused(request, message, back_url)
    form = ExceptionClaimForm(request.POST if request.method == "POST" else None, advice=advice)
    if request.method == "POST" and form.is_valid():
        try:
            services.advice_claim_exception(
                advice_request=advice,
                reason=form.cleaned_data["reason"],
                starts_on=form.cleaned_data["starts_on"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except services.ActionRefused as exc:
            return refused(request, str(exc), back_url)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "The caseworker has been told. You can still send advice")
            return redirect(back_url)
    return render(
        request,
        "assessments/advice/exception_form.html",
        {"advice": advice, "child": advice.assessment.child, "form": form, "back_url": back_url},
    )


@allow(Role.ADVICE_GIVER)
def advice_document(request, advice_id):
    """An advice giver downloads the report they sent, and no other document."""
    advice = get_advice_for_giver(request, advice_id)
    if advice.document is None:
        raise Http404("No document")
    return document_response(advice.document)
