"""Where the child or young person is educated under an issued plan (SEN2 placement
detail): the list, and a form to add one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from plans import services
from plans.access import get_plan_for_user
from plans.forms import PlacementRecordForm
from plans.models import PlacementRecord
from plans.rules import runs_the_case
from plans.views.common import WRITERS, plan_url, post_data
from sen_portal.access import allow
from sen_portal.govuk_forms import apply_service_errors


@allow(*WRITERS)
def placement_records(request, plan_id):
    write = request.method == "POST"
    plan = get_plan_for_user(request, plan_id, write=write)
    may_add = plan.final_issued_on is not None and runs_the_case(plan, request.user)
    form = PlacementRecordForm(post_data(request), plan=plan) if may_add else None
    if write and form is not None and form.is_valid():
        try:
            services.placement_record_add(plan=plan, **form.cleaned_data, acting_user=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Placement recorded")
            return redirect(reverse("plans:placement_records", args=[plan.pk]))
    rows = PlacementRecord.objects.filter(plan=plan).select_related("institution")
    return render(
        request,
        "plans/placement_records.html",
        {
            "plan": plan,
            "child": plan.child,
            "rows": rows,
            "form": form,
            "back_url": plan_url(plan),
        },
    )
