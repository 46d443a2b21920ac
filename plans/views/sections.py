"""Editing the sections: a form page for the sections that are fields of the plan (A, C,
D, I and J's answers), a list page for the sections made of rows (B, E, F, G, H1, H2, J's
amounts, K), and add, change and remove pages for those rows."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from assessments.models import AdviceRequest
from plans import services
from plans.access import get_plan_for_user
from plans.constants import SECTIONS_BY_SLUG, NeedArea, Section
from plans.forms import FIELD_FORMS, ITEM_FORMS, CompletedForm
from plans.models import Plan
from plans.progress import section_problems
from plans.services.sections import ITEM_MODELS, ITEM_NAMES, SECTION_FIELDS
from plans.snapshot import build_snapshot
from plans.views.common import WRITERS, plan_url, post_data, refused, section_url
from sen_portal.access import allow
from sen_portal.concurrency import StaleEdit, stale_form
from sen_portal.govuk_forms import apply_service_errors

AREA_ORDER = {code: n for n, code in enumerate(NeedArea.values)}
ADD_TITLES = {
    "needs": "Add a need",
    "outcomes": "Add an outcome",
    "provision": "Add provision",
    "budget": "Add an amount",
    "advice": "Add advice or information",
}
CHANGE_TITLES = {
    "needs": "Change the need",
    "outcomes": "Change the outcome",
    "provision": "Change the provision",
    "budget": "Change the amount",
    "advice": "Change the advice or information",
}


def _section(code: str) -> Section:
    try:
        return SECTIONS_BY_SLUG[code.lower()]
    except KeyError:
        raise Http404("No such section") from None


def _editable(request, plan_id, code: str, *, content: bool = True):
    """The plan, its section, and the refusal to show if it can no longer be edited."""
    section = _section(code)
    plan = get_plan_for_user(request, plan_id, write=True, content=content)
    if not plan.is_editable:
        return (
            plan,
            section,
            refused(
                request,
                "The plan can no longer be changed here: it is "
                f"{plan.get_status_display().lower()}.",
                plan_url(plan),
            ),
        )
    return plan, section, None


def _unmarked_message(request, change: services.SectionChange) -> None:
    for code, problems in change.unmarked.items():
        messages.warning(
            request,
            f"Section {code} is no longer marked as completed: {'; '.join(problems)}",
        )


def _advice_for(plan: Plan, section: Section) -> list[tuple[str, str]]:
    """What the assessment's advice says that this section draws on (B needs, E
    outcomes, F provision), to write the plan from."""
    source = {"needs": "needs", "outcomes": "outcomes", "provision": "provision"}
    field = source.get(section.kind)
    if field is None or (section.kind == "provision" and section.code != "F"):
        return []
    received = AdviceRequest.objects.filter(
        assessment_id=plan.assessment_id, status=AdviceRequest.Status.RECEIVED
    ).order_by("received_on", "kind")
    return [(f"{a.get_kind_display()} from {a.addressee}", getattr(a, field)) for a in received]


@allow(*WRITERS)
def section(request, plan_id, code):
    plan, sec, refusal = _editable(request, plan_id, code)
    if refusal:
        return refusal
    if sec.code in SECTION_FIELDS:
        form = FIELD_FORMS[sec.code](post_data(request), instance=plan, plan=plan, code=sec.code)
    else:
        form = CompletedForm(post_data(request), plan=plan, code=sec.code)
    if request.method == "POST" and form.is_valid():
        try:
            if sec.code in SECTION_FIELDS:
                data = {name: form.cleaned_data[name] for name in SECTION_FIELDS[sec.code]}
                change = services.plan_section_update(
                    plan=plan,
                    code=sec.code,
                    data=data,
                    completed=form.is_completed,
                    acting_user=request.user,
                    version=form.version,
                )
            else:
                change = services.plan_section_mark(
                    plan=plan, code=sec.code, completed=form.is_completed, acting_user=request.user
                )
        except services.ActionRefused as exc:
            return refused(request, str(exc), plan_url(plan))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except StaleEdit as stale:
            plan = get_plan_for_user(request, plan_id, write=True, content=True)
            form = stale_form(
                lambda current: FIELD_FORMS[sec.code](instance=plan, plan=plan, code=sec.code),
                stale,
            )
        else:
            _unmarked_message(request, change)
            messages.success(request, f"{sec.heading} saved")
            return redirect(plan_url(plan))
    # What the section shows comes from the snapshot, so references (B2, E3, F1) read
    # the same here as in the issued plan.
    snapshot = build_snapshot(plan, kind="final")
    return render(
        request,
        "plans/section.html",
        {
            "plan": plan,
            "child": plan.child,
            "section": sec,
            "form": form,
            "s": snapshot["sections"],
            "rows": _rows(plan, sec, snapshot),
            "problems": section_problems(plan, sec.code),
            "advice": _advice_for(plan, sec),
            "has_rows": sec.code in ITEM_MODELS,
            "item_name": ITEM_NAMES.get(ITEM_MODELS.get(sec.code)),
        },
    )


def _rows(plan: Plan, sec: Section, snapshot: dict) -> list[tuple]:
    """The section's rows beside their snapshot entries (same order, same references),
    with a label for the hidden text of their Change and Remove links."""
    s = snapshot["sections"][sec.code]
    if sec.code == "B":
        rows = sorted(plan.needs.all(), key=lambda n: (AREA_ORDER.get(n.area, 99), n.pk))
        entries = s["needs"]
    elif sec.code == "E":
        rows, entries = sorted(plan.outcomes.all(), key=lambda o: o.pk), s["outcomes"]
    elif sec.code == "J":
        rows = sorted(plan.budget_lines.all(), key=lambda b: (b.section, b.pk))
        entries = s["lines"]
    elif sec.code == "K":
        rows = sorted(plan.advice_entries.all(), key=lambda e: (e.dated, e.pk))
        entries = s["advice"]
    elif sec.kind == "provision":
        rows = sorted(
            (p for p in plan.provision.all() if p.section == sec.code), key=lambda p: p.pk
        )
        entries = s["items"]
    else:
        return []
    return [
        (row, data, data.get("ref") or data.get("title") or data.get("description", ""))
        for row, data in zip(rows, entries, strict=True)
    ]


def _item(plan: Plan, sec: Section, item_id: int):
    model = ITEM_MODELS.get(sec.code)
    if model is None:
        raise Http404("No such section")
    rows = model.objects.filter(plan=plan)
    if sec.kind == "provision":
        rows = rows.filter(section=sec.code)
    try:
        return rows.get(pk=item_id)
    except model.DoesNotExist:
        raise Http404("Not found") from None


def _item_page(request, plan, sec: Section, item=None):
    form_class = ITEM_FORMS.get(sec.code)
    if form_class is None:
        raise Http404("No such section")
    form = form_class(post_data(request), instance=item, plan=plan, code=sec.code)
    name = ITEM_NAMES[ITEM_MODELS[sec.code]]
    if request.method == "POST" and form.is_valid():
        data = {name_: form.cleaned_data[name_] for name_ in form.Meta.fields}
        try:
            change = services.plan_item_save(
                plan=plan,
                code=sec.code,
                data=data,
                item=item,
                acting_user=request.user,
                version=form.version,
            )
        except services.ActionRefused as exc:
            return refused(request, str(exc), plan_url(plan))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except StaleEdit as stale:
            if stale.current is None:  # removed by someone else meanwhile
                return refused(request, "Someone else removed this.", section_url(plan, sec.code))
            form = stale_form(
                lambda current: form_class(instance=current, plan=plan, code=sec.code), stale
            )
        else:
            _unmarked_message(request, change)
            messages.success(request, f"{name.capitalize()} {'saved' if item else 'added'}")
            return redirect(section_url(plan, sec.code))
    return render(
        request,
        "plans/item_form.html",
        {
            "plan": plan,
            "child": plan.child,
            "section": sec,
            "form": form,
            "title": (CHANGE_TITLES if item else ADD_TITLES)[sec.kind],
            "back_url": section_url(plan, sec.code),
            "advice": _advice_for(plan, sec),
        },
    )


@allow(*WRITERS)
def item_add(request, plan_id, code):
    plan, sec, refusal = _editable(request, plan_id, code)
    if refusal:
        return refusal
    return _item_page(request, plan, sec)


@allow(*WRITERS)
def item_edit(request, plan_id, code, item_id):
    plan, sec, refusal = _editable(request, plan_id, code)
    if refusal:
        return refusal
    return _item_page(request, plan, sec, _item(plan, sec, item_id))


@allow(*WRITERS)
def item_remove(request, plan_id, code, item_id):
    plan, sec, refusal = _editable(request, plan_id, code, content=False)
    if refusal:
        return refusal
    item = _item(plan, sec, item_id)
    name = ITEM_NAMES[ITEM_MODELS[sec.code]]
    back_url = section_url(plan, sec.code)
    if request.method == "POST":
        try:
            change = services.plan_item_remove(
                plan=plan,
                code=sec.code,
                item=item,
                acting_user=request.user,
                version=request.POST.get("version") or None,
            )
        except services.ActionRefused as exc:
            return refused(request, str(exc), plan_url(plan))
        except StaleEdit:
            messages.warning(
                request,
                "Someone else changed this since you opened it. "
                "Nothing was removed: check it and try again.",
            )
            return redirect(back_url)
        _unmarked_message(request, change)
        messages.success(request, f"{name.capitalize()} removed")
        return redirect(back_url)
    return render(
        request,
        "plans/item_remove.html",
        {
            "plan": plan,
            "child": plan.child,
            "section": sec,
            "item": item,
            "name": name,
            "back_url": back_url,
            "action_url": reverse("plans:item_remove", args=[plan.pk, sec.slug, item.pk]),
        },
    )
