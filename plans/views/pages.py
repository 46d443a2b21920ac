"""The plans list, the plan page with its task list, and "who does what"."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from plans import selectors
from plans.access import get_plan_for_reader, get_plan_for_user
from plans.constants import DRAFT_SECTION_CODES, SECTION_CODES
from plans.models import Plan
from plans.progress import completed_count, section_tasks
from plans.rules import runs_the_case
from plans.services.amendments import amended_plan_waiting_for
from plans.snapshot import build_snapshot, provision_by_agency
from plans.views.common import (
    ISSUED_READERS,
    READERS,
    available_actions,
    section_url,
    waiting_for,
)
from sen_portal.access import allow
from sen_portal.accounts.roles import Role

PAGE_SIZE = 25


@allow(*READERS)
def plan_list(request):
    status = request.GET.get("status", "")
    if status not in Plan.Status.values:
        status = ""
    plans = selectors.plan_list_for_user(user=request.user, status=status)
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/plan_list.html",
        {
            "rows": selectors.with_final_deadlines(page.object_list),
            "page": page,
            "page_query": urlencode({"status": status}) + "&" if status else "",
            "status": status,
            "statuses": Plan.Status.choices,
            "today": timezone.localdate(),
        },
    )


@allow(*READERS)
def plan_detail(request, plan_id):
    plan = get_plan_for_user(request, plan_id, content=True)
    may_edit = plan.is_editable and runs_the_case(plan, request.user)
    tasks = section_tasks(
        plan, href_for=lambda section: section_url(plan, section.code) if may_edit else ""
    )
    codes = DRAFT_SECTION_CODES if plan.status == Plan.Status.DRAFTING else SECTION_CODES
    versions = selectors.versions_for(plan)
    amendments = selectors.amendments_for(plan)
    final_deadline = selectors.final_plan_deadline(plan)
    review_deadline = None
    if plan.status in Plan.ISSUED and not (final_deadline and final_deadline.is_live):
        review_deadline = selectors.next_review_deadlines([plan.child_id]).get(plan.child_id)
        final_deadline = None
    amendment = next((a for a in amendments if a.is_open), None)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "child": plan.child,
            "tasks": tasks,
            "completed": completed_count(plan, codes),
            "to_complete": len(codes),
            "may_edit": may_edit,
            "may_act": runs_the_case(plan, request.user),
            "actions": available_actions(plan, request.user),
            "waiting_for": waiting_for(plan) + amended_plan_waiting_for(plan, amendment),
            "amendment": amendment,
            "past_amendments": [a for a in amendments if not a.is_open],
            # The family's 15 days can be recorded on while the draft or proposals are out.
            "draft_window_live": plan.status in (Plan.Status.DRAFT_ISSUED, Plan.Status.CONSULTING),
            "amendment_window_live": plan.status == Plan.Status.AMENDMENT_PROPOSED,
            "consultations": list(plan.consultations.all()),
            "versions": versions,
            "deadlines": selectors.plan_deadlines(plan),
            "final_deadline": final_deadline,
            # A plan in force: its next annual review is the date that matters.
            "review_deadline": review_deadline,
            "today": timezone.localdate(),
        },
    )


@allow(*ISSUED_READERS)
def who_does_what(request, plan_id):
    """All provision grouped by the agency responsible for it. Staff see the plan as it
    stands; a family sees the latest version issued to them."""
    version = None
    if request.user.role == Role.FAMILY:
        plan = get_plan_for_reader(request, plan_id)
        version = selectors.latest_issued_version(plan)
        if version is None:
            raise Http404("Not found")
        snapshot = version.snapshot
    else:
        plan = get_plan_for_user(request, plan_id, content=True)
        snapshot = build_snapshot(plan, kind="final")
    return render(
        request,
        "plans/who_does_what.html",
        {
            "plan": plan,
            "child": plan.child,
            "version": version,
            "groups": provision_by_agency(snapshot),
        },
    )
