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
from disagreements.models import Disagreement
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
        if d.may_have_orders:
            actions.insert(
                0, ("Record a tribunal order", reverse("disagreements:order_add", args=[d.pk]), "")
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
    return _form_page(
        request,
        d=d,
        form=form,
        title=config.title,
        intro=config.intro,
        submit_label=config.submit_label,
    )


@allow(*WRITERS)
def order_add(request, disagreement_id):
    d = get_disagreement_for_user(request, disagreement_id, write=True)
    back_url = detail_url(d)
    if not d.may_have_orders:
        return refused(
            request, "Orders are recorded after an appeal is allowed or conceded.", back_url
        )
    form = f.OrderForm(post_data(request), initial={"made_on": d.outcome_on})
    if request.method == "POST" and form.is_valid():
        try:
            order = services.disagreement_order_add(
                disagreement=d, acting_user=request.user, **form.cleaned_data
            )
        except services.ActionRefused as exc:
            return refused(request, str(exc), back_url)
        except ValidationError as exc:
            f.apply_service_errors(form, exc)
        else:
            messages.success(request, f"Order recorded: comply by {long_date(order.due_on)}")
            return redirect(back_url)
    periods = ", ".join(
        f"{t.title.removeprefix('Tribunal order: ')} {t.period} ({t.regulation})"
        for code, t in timescales.TIMESCALES.items()
        if code.startswith("tribunal_")
    )
    return _form_page(
        request,
        d=d,
        form=form,
        title="Record a tribunal order",
        intro=f"Each order has its time limit from the date of the order: {periods}.",
        submit_label="Save the order",
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
                order=order, on=form.cleaned_data["on"], acting_user=request.user
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
        title=f"Complied with: {order.get_code_display()}",
        intro=f"Due by {long_date(order.due_on)}.",
        submit_label="Save",
    )
