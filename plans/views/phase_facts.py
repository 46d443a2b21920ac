"""The year group a child is taught in and the school's all-through / sixth form facts
(Reg 18 phase transfers; plans/services/phase_facts.py), on one GOV.UK form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from plans import services
from plans.access import get_plan_for_user
from plans.forms import PhaseFactsForm
from plans.views.common import WRITERS, plan_url, post_data, refused
from sen_portal.access import allow
from sen_portal.govuk_forms import apply_service_errors


@allow(*WRITERS)
def phase_facts(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=request.method == "POST")
    back_url = plan_url(plan)
    school = plan.placement
    initial = {"year_group_offset": str(plan.year_group_offset)}
    if school is not None:
        initial |= {
            "all_through": "yes" if school.all_through else "no",
            "sixth_form": "yes" if school.sixth_form else "no",
        }
    form = PhaseFactsForm(post_data(request), initial=initial, has_school=school is not None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_set_phase_facts(plan=plan, **form.cleaned_data, acting_user=request.user)
        except services.ActionRefused as exc:
            return refused(request, str(exc), back_url)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Year group and school details saved")
            return redirect(back_url)
    return render(
        request,
        "casework/step_page.html",
        {
            "form": form,
            "plan": plan,
            "child": plan.child,
            "title": "Year group and school details for phase transfers",
            "intro": "When the plan must name the next school or college (Reg 18) follows "
            "the year group the child is taught in. Staying in the same all-through school "
            "or the school's own sixth form is not a transfer."
            + (f" Section I names {school.name}." if school else ""),
            "submit_label": "Save",
            "back_url": back_url,
        },
    )
