"""The family's 15 days on a draft plan (Reg 13(1)) or proposed amendments (Reg
22(2)(c)), from the plan page: how and when it was sent (the day of service follows),
the family's word that they have nothing more to say, and the meeting they asked for.
Each form carries the version of the row it was built from (a stale save is refused)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from plans import services
from plans.access import get_plan_for_user
from plans.forms import MeetingForm, NothingMoreForm, ServedForm
from plans.views.common import WRITERS, plan_url, post_data, refused
from sen_portal.access import allow
from sen_portal.concurrency import StaleEdit, stale_form
from sen_portal.dates import long_date
from sen_portal.govuk_forms import apply_service_errors


def _page(
    request,
    plan_id,
    *,
    build: Callable,
    run: Callable,
    title: str,
    intro: Callable,
    submit_label: str,
    success: Callable,
    allowed: Callable = lambda window: "",
):
    plan = get_plan_for_user(request, plan_id, write=True)
    back_url = plan_url(plan)
    found = services.family_window(plan)
    if found is None:
        return refused(
            request,
            "This is recorded only while the family have a draft plan or proposed "
            f"amendments. The plan is {plan.get_status_display().lower()}.",
            back_url,
        )
    window, _code, what = found
    if problem := allowed(window):
        return refused(request, problem, back_url)
    form = build(post_data(request), window)
    if request.method == "POST" and form.is_valid():
        try:
            result = run(plan, form.cleaned_data, form.version)
        except services.ActionRefused as exc:
            return refused(request, str(exc), back_url)
        except StaleEdit as stale:
            form = stale_form(lambda current: build(None, current), stale)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, success(result, what))
            return redirect(back_url)
    return render(
        request,
        "plans/confirm.html",
        {
            "form": form,
            "plan": plan,
            "child": plan.child,
            "title": title.format(what=what),
            "intro": intro(window, what),
            "submit_label": submit_label,
            "back_url": back_url,
        },
    )


def _window_words(window, what: str) -> str:
    if window.served_on:
        return (
            f"The {what} was served on {long_date(window.served_on)}: the family have until "
            f"{long_date(window.representations_due_on)} to comment and to ask for a meeting."
        )
    return f"The family have until {long_date(window.representations_due_on)} to comment."


@allow(*WRITERS)
def window_served(request, plan_id):
    return _page(
        request,
        plan_id,
        build=lambda data, window: ServedForm(
            data, versioned=window, initial={"sent_by": window.sent_by or None}
        ),
        run=lambda plan, cleaned, version: services.plan_record_service(
            plan=plan,
            sent_by=cleaned["sent_by"],
            sent_on=cleaned["sent_on"],
            acting_user=request.user,
            version=version,
        ),
        title="Record how the {what} was sent",
        intro=lambda window, what: (
            _window_words(window, what)
            + " Their 15 days begin with the day it is served: by post, the second working day "
            "after posting (Reg 13(1), Reg 22(2)(c))."
        ),
        submit_label="Record how it was sent",
        success=lambda window, what: (
            f"Served on {long_date(window.served_on)}: the family "
            f"have until {long_date(window.representations_due_on)}"
        ),
    )


@allow(*WRITERS)
def window_nothing_more(request, plan_id):
    return _page(
        request,
        plan_id,
        build=lambda data, window: NothingMoreForm(data, versioned=window),
        run=lambda plan, cleaned, version: services.plan_record_nothing_more(
            plan=plan,
            confirmed_on=cleaned["confirmed_on"],
            how=cleaned["how"],
            acting_user=request.user,
            version=version,
        ),
        allowed=lambda window: (
            "The family's confirmation is already recorded. Nothing was changed."
            if window.family_confirmed_on
            else ""
        ),
        title="Record that the family have nothing more to say about the {what}",
        intro=lambda window, what: (
            _window_words(window, what)
            + " Record this only if the parent or young person told you so: then the plan can be "
            "finalised before their 15 days end. A first comment does not end them."
        ),
        submit_label="Record their confirmation",
        success=lambda window, what: "Recorded: the family have nothing more to say",
    )


@allow(*WRITERS)
def window_meeting_requested(request, plan_id):
    return _page(
        request,
        plan_id,
        build=lambda data, window: MeetingForm(
            data,
            versioned=window,
            label="Date they asked for a meeting",
            required_message="Enter the date they asked for a meeting",
        ),
        run=lambda plan, cleaned, version: services.plan_record_meeting_requested(
            plan=plan, requested_on=cleaned["on"], acting_user=request.user, version=version
        ),
        allowed=lambda window: (
            "The family's request for a meeting is already recorded. Nothing was changed."
            if window.meeting_requested_on
            else ""
        ),
        title="Record that the family asked for a meeting about the {what}",
        intro=lambda window, what: (
            _window_words(window, what)
            + " They may ask for a meeting with an officer of the council (Reg 13(1)(a)(ii), "
            "Reg 22(2)(c)(iii)). The plan cannot be finalised until it has been held."
        ),
        submit_label="Record the request",
        success=lambda window, what: "Recorded: hold the meeting before the plan is finalised",
    )


@allow(*WRITERS)
def window_meeting_held(request, plan_id):
    return _page(
        request,
        plan_id,
        build=lambda data, window: MeetingForm(
            data,
            versioned=window,
            label="Date of the meeting",
            required_message="Enter the date of the meeting",
        ),
        run=lambda plan, cleaned, version: services.plan_record_meeting_held(
            plan=plan, held_on=cleaned["on"], acting_user=request.user, version=version
        ),
        allowed=lambda window: (
            "Record the family's request for a meeting first. Nothing was changed."
            if not window.meeting_requested_on
            else (
                "The meeting is already recorded as held. Nothing was changed."
                if window.meeting_held_on
                else ""
            )
        ),
        title="Record the meeting with the family about the {what}",
        intro=lambda window, what: (
            f"They asked for it on {long_date(window.meeting_requested_on)}."
        ),
        submit_label="Record the meeting",
        success=lambda window, what: f"Meeting on {long_date(window.meeting_held_on)} recorded",
    )
