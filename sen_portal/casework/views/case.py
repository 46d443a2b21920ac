from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from sen_portal import timescales
from sen_portal.access import allow
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework import panels, selectors, services, stages
from sen_portal.casework.access import get_child_for_user
from sen_portal.casework.forms import ChildForm, FamilyMemberForm
from sen_portal.casework.letters.selectors import letters_for_child
from sen_portal.casework.rules import runs_the_case
from sen_portal.concurrency import StaleEdit, stale_form

CASE_STAFF = (*CASE_ROLES, Role.ADMIN)
PAGE_SIZE = 25


@allow(*CASE_STAFF)
def child_list(request):
    """The caseload: soonest statutory deadline first, searchable and filterable."""
    search = request.GET.get("q", "")
    mine_only = request.GET.get("mine") == "1"
    next_due = request.GET.get("due", "")
    if next_due not in selectors.NEXT_DUE_FILTERS:
        next_due = ""
    stage_choices = stages.choices()
    stage = request.GET.get("stage", "")
    if stage not in dict(stage_choices):
        stage = ""
    # From the managers' dashboards: the cases behind a count (pipeline, caseloads).
    in_state = request.GET.get("in_state", "")
    if in_state not in dict(stage_choices):
        in_state = ""
    unassigned = request.GET.get("unassigned") == "1"
    today = timezone.localdate()
    amber = selectors.amber_limit(today)
    children = selectors.child_list_for_user(
        user=request.user,
        search=search,
        mine_only=mine_only,
        next_due=next_due,
        stage=stage,
        in_state=in_state,
        unassigned=unassigned,
        today=today,
        amber_until=amber,
    )
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    stage_names = stages.stage_names_for(page.object_list)
    for child in page.object_list:
        child.next_due = _next_due_line(child, today=today, amber=amber)
        child.stage = stage_names.get(child.pk, "")
    # Page links keep the search and filters.
    kept = {
        key: value
        for key, value in (
            ("q", search),
            ("mine", "1" if mine_only else ""),
            ("due", next_due),
            ("stage", stage),
            ("in_state", in_state),
            ("unassigned", "1" if unassigned else ""),
        )
        if value
    }
    page_query = urlencode(kept) + "&" if kept else ""
    return render(
        request,
        "casework/child_list.html",
        {
            "page": page,
            "search": search,
            "mine_only": mine_only,
            "next_due": next_due,
            "next_due_filters": selectors.NEXT_DUE_FILTERS,
            "stage": stage,
            "stage_choices": stage_choices,
            "in_state_label": dict(stage_choices).get(in_state, ""),
            "unassigned": unassigned,
            "page_query": page_query,
        },
    )


def _next_due_line(child, *, today, amber) -> dict | None:
    if child.next_due_on is None:
        return None
    tag, colour = selectors.due_date_tag(child.next_due_on, today=today, amber_until=amber)
    return {
        "title": timescales.TIMESCALES[child.next_due_code].title,
        "due_on": child.next_due_on,
        "tag": tag,
        "colour": colour,
        "when": timescales.days_left_in_words(today, child.next_due_on).capitalize(),
    }


@allow(*CASE_STAFF)
def child_create(request):
    form = ChildForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "team" not in data:
            data["team"] = request.user.team
        if "caseworker" not in data:
            data["caseworker"] = request.user
        child = services.child_create(acting_user=request.user, **data)
        messages.success(request, f"Case opened for {child.full_name}")
        return redirect("casework:child_detail", child_id=child.pk)
    return render(request, "casework/child_form.html", {"form": form})


@allow(*CASE_STAFF)
def child_detail(request, child_id):
    # The read is logged in the round trip of the deadlines' read (issue #22).
    child = get_child_for_user(request, child_id, log=False)
    logged = services.record_access_log_statement(user=request.user, child=child, path=request.path)
    deadline_rows = selectors.deadline_rows_for_child(child=child, before=logged)
    # Read once: the family card and the family portal's panel (its "Invite" links) both
    # list them.
    family_members = selectors.family_members_for_child(child=child)
    events, more_events = selectors.recent_chronology_for_child(child=child)
    return render(
        request,
        "casework/child_detail.html",
        {
            "child": child,
            "deadline_rows": deadline_rows,
            "open_deadline_rows": [row for row in deadline_rows if row.is_open],
            "closed_deadline_rows": [row for row in deadline_rows if not row.is_open],
            "next_step": selectors.next_step_for_child(deadline_rows),
            "may_record_exceptions": request.user.role in CASE_ROLES,
            "may_run_case": runs_the_case(child, request.user),
            "family_members": family_members,
            # Newest first; the letters, evidence and advice reports kept with the case.
            "documents": selectors.recent_documents_for_child(child=child),
            "events": events,
            "more_events": more_events,
            "letters": letters_for_child(child=child),
            "case_panels": panels.render_all(request, child),
        },
    )


HISTORY_PAGE_SIZE = 25


@allow(*CASE_STAFF)
def child_history(request, child_id):
    """The case's whole history (its chronology), newest first, a page at a time: the case
    page shows the latest events only. Logged as a read of the case, as the case page is."""
    child = get_child_for_user(request, child_id)
    page = Paginator(selectors.chronology_for_child(child=child), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "casework/child_history.html", {"child": child, "page": page})


@allow(*CASE_STAFF)
def child_edit(request, child_id):
    child = get_child_for_user(request, child_id, write=True)
    form = ChildForm(
        request.POST if request.method == "POST" else None, instance=child, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        # The form has already applied the values to `child`; compare against the database.
        original = selectors.child_detail(child_id=child.pk)
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.child_update(
                acting_user=request.user, child=original, data=data, version=form.version
            )
        except StaleEdit as stale:
            form = stale_form(lambda current: ChildForm(instance=current, user=request.user), stale)
        else:
            messages.success(request, "Case details saved")
            return redirect("casework:child_detail", child_id=child.pk)
    return render(request, "casework/child_form.html", {"form": form, "child": child})


@allow(*CASE_STAFF)
def family_member_add(request, child_id):
    child = get_child_for_user(request, child_id, write=True)
    form = FamilyMemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        member = services.family_member_add(
            acting_user=request.user, child=child, **form.cleaned_data
        )
        messages.success(request, f"{member.full_name} added")
        return redirect("casework:child_detail", child_id=child.pk)
    return render(request, "casework/family_member_form.html", {"form": form, "child": child})
