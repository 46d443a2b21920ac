"""Disagreement pages: the team's open disagreements, recording one, its page, and each
step (mediation, certificate, appeal, hearing, outcome, orders). Caseworkers and
managers of the team that runs the case; every step is a POST from a form, and each
service checks it again under a row lock."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_fsm import can_proceed

from ceasing.models import CeasingProposal
from disagreements import forms as f
from disagreements import selectors, services
from disagreements.access import get_disagreement_for_user, get_order_for_user
from disagreements.models import CONCEDED_KINDS, TRIBUNAL_KINDS, Disagreement
from plans.rules import runs_the_case
from plans.views.common import READERS, WRITERS, post_data, refused
from sen_portal import timescales
from sen_portal.access import allow
from sen_portal.casework import steps
from sen_portal.casework.access import check_case_access
from sen_portal.casework.models import Child
from sen_portal.dates import long_date

PAGE_SIZE = 25


def detail_url(d: Disagreement) -> str:
    return reverse("disagreements:detail", args=[d.pk])


@allow(*READERS)
def disagreement_list(request):
    stage = request.GET.get("stage", "")
    if stage not in Disagreement.OPEN:
        stage = ""
    kind = request.GET.get("kind", "")
    if kind not in Disagreement.Kind.values:
        kind = ""
    rows = selectors.disagreement_list_for_user(user=request.user, stage=stage, kind=kind)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in (("stage", stage), ("kind", kind)) if v}
    return render(
        request,
        "disagreements/list.html",
        {
            "page": page,
            "rows": page.object_list,
            "page_query": urlencode(query) + "&" if query else "",
            "stage": stage,
            "kind": kind,
            "stages": [(s, Disagreement.Status(s).label) for s in Disagreement.OPEN],
            "kinds": Disagreement.Kind.choices,
            "today": timezone.localdate(),
        },
    )


@allow(*WRITERS)
def disagreement_record(request, child_id):
    try:
        child = Child.objects.select_related("team").get(pk=child_id)
    except Child.DoesNotExist:
        raise Http404("Not found") from None
    check_case_access(request, child, write=True)
    back_url = reverse("casework:child_detail", args=[child.pk])
    ceasing = None
    ceasing_id = request.GET.get("ceasing") or request.POST.get("ceasing")
    if ceasing_id:
        try:
            ceasing = CeasingProposal.objects.get(pk=ceasing_id, child=child)
        except (CeasingProposal.DoesNotExist, ValidationError):
            raise Http404("Not found") from None
    initial = {}
    if ceasing is not None:
        initial = {"kind": Disagreement.Kind.CEASE, "decision_on": ceasing.decided_on}
    form = f.RecordForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            d = services.disagreement_record(
                child=child,
                kind=form.cleaned_data["kind"],
                decision_on=form.cleaned_data["decision_on"],
                summary=form.cleaned_data["summary"],
                decision=ceasing,
                acting_user=request.user,
            )
        except services.ActionRefused as exc:
            return refused(request, str(exc), back_url)
        except ValidationError as exc:
            f.apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Disagreement recorded: the family may appeal until {long_date(d.appeal_due_on)}",
            )
            return redirect(detail_url(d))
    return render(
        request,
        "disagreements/form_page.html",
        {
            "form": form,
            "child": child,
            "title": "Record a disagreement with a decision",
            "intro": "For a decision the family can appeal to the First-tier Tribunal (SEND) "
            "against (CFA s51). Before appealing they must contact a mediation adviser, "
            "except about the school or college named in the plan alone.",
            "submit_label": "Record the disagreement",
            "back_url": back_url,
            "hidden": {"ceasing": ceasing.pk} if ceasing else {},
        },
    )


@dataclass(frozen=True)
class Step:
    method: str  # the transition it runs ("" for a change that is not one)
    label: str
    form: Any
    title: str
    intro: str
    submit_label: str
    style: str = "secondary"


def _run(step_name: str, d: Disagreement, cleaned: dict, user):
    call = {
        "contact": services.disagreement_contact_adviser,
        "mediation": services.disagreement_request_mediation,
        "mediation_held": services.disagreement_hold_mediation,
        "certificate": services.disagreement_issue_certificate,
        "appeal": services.disagreement_lodge_appeal,
        "hearing": services.disagreement_set_hearing,
        "outcome": services.disagreement_record_outcome,
        "resolve": services.disagreement_resolve,
        "close": services.disagreement_close,
    }[step_name]
    return call(disagreement=d, acting_user=user, **cleaned)


STEPS: dict[str, Step] = {
    "contact": Step(
        "contact_adviser",
        "Record contact with the mediation adviser",
        f.ContactForm,
        "Record contact with the mediation adviser",
        "Reg 33: the family contact the mediation adviser within 2 months of the decision. "
        "If they do not want mediation, the certificate is due within 3 working days.",
        "Save",
        "",
    ),
    "mediation": Step(
        "request_mediation",
        "Record that the family want mediation",
        f.MediationRequestForm,
        "Record that the family want mediation",
        "Regs 36-37: mediation must be held within 30 days of the council being told.",
        "Save",
    ),
    "mediation_held": Step(
        "hold_mediation",
        "Record the mediation",
        f.MediationHeldForm,
        "Record the mediation",
        "The certificate is due within 3 working days of the mediation (Reg 39).",
        "Save",
        "",
    ),
    "certificate": Step(
        "issue_certificate",
        "Record the mediation certificate",
        f.CertificateForm,
        "Record the mediation certificate",
        "The family may appeal up to 1 month after the certificate, if that is later than "
        "2 months after the decision.",
        "Save",
        "",
    ),
    "appeal": Step(
        "lodge_appeal",
        "Record the appeal",
        f.AppealForm,
        "Record the appeal to the tribunal",
        "An appeal against a decision to cease keeps the plan until the appeal concludes.",
        "Save",
        "",
    ),
    "hearing": Step(
        "",
        "Record the hearing date",
        f.HearingForm,
        "Record the hearing date",
        "",
        "Save",
    ),
    "outcome": Step(
        "record_outcome",
        "Record the outcome",
        f.OutcomeForm,
        "Record the outcome of the appeal",
        "Allowed or dismissed by the tribunal, withdrawn by the family, or conceded by the "
        "council (Reg 45).",
        "Save",
        "",
    ),
    "resolve": Step(
        "resolve",
        "Resolved without an appeal",
        f.ResolveForm,
        "Record that the disagreement was resolved",
        "The family accepted the decision, or mediation settled it.",
        "Save",
    ),
    "close": Step(
        "close",
        "Close the disagreement",
        f.CloseForm,
        "Close the disagreement",
        "Every order of the tribunal has been complied with.",
        "Close",
    ),
}


def _step_available(name: str, d: Disagreement) -> bool:
    step = STEPS[name]
    if not step.method:
        return d.status == Disagreement.Status.APPEAL_LODGED
    return can_proceed(getattr(d, step.method), check_conditions=False)


@allow(*READERS)
def disagreement_detail(request, disagreement_id):
    d = get_disagreement_for_user(request, disagreement_id)
    orders = list(d.orders.select_related("deadline"))
    may_act = runs_the_case(d, request.user)
    actions = []
    if may_act:
        actions = [
            (step.label, reverse("disagreements:step", args=[d.pk, name]), step.style)
            for name, step in STEPS.items()
            if _step_available(name, d)
        ]
        if d.may_have_recommendations:
            actions.insert(
                0,
                (
                    "Record a health or social care recommendation",
                    reverse("disagreements:recommendation_add", args=[d.pk]),
                    "secondary",
                ),
            )
        if d.may_have_orders and _order_kinds(d):
            actions.insert(
                0, ("Record a tribunal order", reverse("disagreements:order_add", args=[d.pk]), "")
            )
        # Also once resolved: a settlement at mediation is where agreements come from.
        if d.may_have_agreement:
            actions.insert(
                0,
                (
                    "Record the mediation agreement",
                    reverse("disagreements:agreement_add", args=[d.pk]),
                    "",
                ),
            )
    return render(
        request,
        "disagreements/detail.html",
        {
            "d": d,
            "child": d.child,
            "orders": orders,
            "actions": actions,
            "may_act": may_act,
            "certificate_due": steps.latest_deadline(d, "mediation_certificate"),
            "contact_warning": services.contact_late_warning(d) if d.contact_late else "",
            "mediation_due": steps.latest_deadline(d, "mediation_held"),
        },
    )


def _form_page(request, *, d, form, title, intro, submit_label):
    return render(
        request,
        "disagreements/form_page.html",
        {
            "form": form,
            "child": d.child,
            "title": title,
            "intro": intro,
            "submit_label": submit_label,
            "back_url": detail_url(d),
        },
    )


@allow(*WRITERS)
def disagreement_step(request, disagreement_id, step):
    if step not in STEPS:
        raise Http404("Not found")
    d = get_disagreement_for_user(request, disagreement_id, write=True)
    back_url = detail_url(d)
    config = STEPS[step]
    if not _step_available(step, d):
        return refused(
            request,
            f"This cannot be done now: the disagreement is {d.get_status_display().lower()}. "
            "Nothing was changed.",
            back_url,
        )
    form = config.form(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            _run(step, d, form.cleaned_data, request.user)
        except services.ActionRefused as exc:
            return refused(request, str(exc), back_url)
        except ValidationError as exc:
            f.apply_service_errors(form, exc)
        else:
            messages.success(request, f"{config.title}: saved")
            return redirect(back_url)
    intro = config.intro
    if step == "contact":
        intro += (
            f" For this decision the last day is {long_date(d.contact_due_on)}; a later "
            "contact is recorded with a warning."
        )
    return _form_page(
        request,
        d=d,
        form=form,
        title=config.title,
        intro=intro,
        submit_label=config.submit_label,
    )


def _order_kinds(d: Disagreement) -> tuple[str, ...]:
    """What may be recorded as ordered after this outcome (the service checks again)."""
    if d.outcome == Disagreement.Outcome.CONCEDED:
        return CONCEDED_KINDS
    if d.outcome == Disagreement.Outcome.ALLOWED:
        return TRIBUNAL_KINDS
    return ("cease",) if d.kind == Disagreement.Kind.CEASE else ()


def _periods(kinds) -> str:
    codes = dict.fromkeys(code for kind in kinds for code in timescales.ORDER_KINDS[kind])
    return "; ".join(
        f"{timescales.TIMESCALES[c].title.split(': ', 1)[-1]} {timescales.TIMESCALES[c].period} "
        f"({timescales.TIMESCALES[c].regulation})"
        for c in codes
    )


def _add_page(request, d, *, form, run, success, title, intro, submit_label):
    back_url = detail_url(d)
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data)
        except services.ActionRefused as exc:
            return refused(request, str(exc), back_url)
        except ValidationError as exc:
            f.apply_service_errors(form, exc)
        else:
            messages.success(request, success(result))
            return redirect(back_url)
    return _form_page(request, d=d, form=form, title=title, intro=intro, submit_label=submit_label)


def _due_words(orders) -> str:
    return "; ".join(f"{o.what} by {long_date(o.due_on)}" for o in orders)


@allow(*WRITERS)
def order_add(request, disagreement_id):
    d = get_disagreement_for_user(request, disagreement_id, write=True)
    kinds = _order_kinds(d) if d.may_have_orders else ()
    if not kinds:
        return refused(
            request,
            "Orders are recorded after an appeal is allowed or conceded (or, against "
            "ceasing, dismissed).",
            detail_url(d),
        )
    conceded = d.outcome == Disagreement.Outcome.CONCEDED
    form = f.OrderForm(post_data(request), initial={"made_on": d.outcome_on}, kinds=kinds)
    if conceded:
        form.fields["kind"].label = "What must the council do now it has conceded?"
    return _add_page(
        request,
        d,
        form=form,
        run=lambda data: services.disagreement_orders_add(
            disagreement=d, acting_user=request.user, **data
        ),
        success=lambda orders: f"Order recorded: {_due_words(orders)}",
        title="Record what the council conceded" if conceded else "Record a tribunal order",
        intro=(
            "Reg 45 (as substituted by SI 2015/359): the periods run from the day the "
            "council told the tribunal it would not oppose the appeal. "
            if conceded
            else "Reg 44(2): the periods run from the date of the order. "
        )
        + _periods(kinds)
        + ".",
        submit_label="Save the order",
    )


@allow(*WRITERS)
def agreement_add(request, disagreement_id):
    d = get_disagreement_for_user(request, disagreement_id, write=True)
    if not d.may_have_agreement:
        return refused(
            request,
            "A mediation agreement follows mediation that reached agreement.",
            detail_url(d),
        )
    form = f.AgreementForm(post_data(request), initial={"made_on": d.mediation_held_on})
    return _add_page(
        request,
        d,
        form=form,
        run=lambda data: services.disagreement_agreement_add(
            disagreement=d, acting_user=request.user, **data
        ),
        success=lambda orders: f"Agreement recorded: {_due_words(orders)}",
        title="Record the mediation agreement",
        intro="Reg 42: record each thing the council agreed to do, as written in the "
        "agreement. Unless the agreement gives other dates in writing (Reg 42(5)): on "
        "matters the family could appeal, the tribunal's periods for the same order "
        "(Reg 44); anything else within 2 weeks of the agreement (Reg 42(3)).",
        submit_label="Save the agreement",
    )


@allow(*WRITERS)
def recommendation_add(request, disagreement_id):
    d = get_disagreement_for_user(request, disagreement_id, write=True)
    if not d.may_have_recommendations:
        return refused(
            request,
            "Recommendations come with the tribunal's decision on an appeal.",
            detail_url(d),
        )
    form = f.RecommendationForm(post_data(request), initial={"made_on": d.outcome_on})
    return _add_page(
        request,
        d,
        form=form,
        run=lambda data: services.disagreement_recommendation_add(
            disagreement=d, acting_user=request.user, **data
        ),
        success=lambda order: f"Recommendation recorded: answer by {long_date(order.due_on)}",
        title="Record a health or social care recommendation",
        intro="The First-tier Tribunal may recommend health or social care provision "
        "(SEND (First-tier Tribunal Recommendations Power) Regulations 2017). The "
        "responsible body must answer the family and the council in writing within 5 "
        "weeks, saying what it will do or why it will not follow the recommendation.",
        submit_label="Save the recommendation",
    )


@allow(*WRITERS)
def order_comply(request, disagreement_id, order_id):
    order = get_order_for_user(request, disagreement_id, order_id, write=True)
    d = order.disagreement
    back_url = detail_url(d)
    if order.complied_on is not None:
        return refused(request, "That order has already been complied with.", back_url)
    form = f.ComplyForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.disagreement_order_comply(
                order=order, acting_user=request.user, **form.cleaned_data
            )
        except services.ActionRefused as exc:
            return refused(request, str(exc), back_url)
        except ValidationError as exc:
            f.apply_service_errors(form, exc)
        else:
            messages.success(request, "Order marked as complied with")
            return redirect(back_url)
    return _form_page(
        request,
        d=d,
        form=form,
        title=f"Record that it was done: {order.what}",
        intro=f"Due by {long_date(order.due_on)} ({order.timescale.period}, "
        f"{order.timescale.regulation}). The family are sent a letter saying what was done "
        "and when.",
        submit_label="Save",
    )
