"""Reads of case data for pages. Each owns its joins so a page's query count is fixed."""

import datetime

from django.db.models import Count, F, Q, QuerySet

from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework import stages
from sen_portal.casework.models import Child

# The caseload's "next deadline" filter: what each choice means for the earliest live one.
NEXT_DUE_FILTERS = {
    "overdue": "Overdue",
    "soon": "Due soon",
    "later": "On track",
    "none": "No deadline running",
}


def children_visible_to(*, user) -> QuerySet[Child]:
    """Every case this user may open: all for administrators, their team's for case roles."""
    if user.role == Role.ADMIN:
        return Child.objects.all()
    if user.role in CASE_ROLES and user.team_id:
        return Child.objects.filter(team_id=user.team_id)
    return Child.objects.none()


def child_list_for_user(
    *,
    user,
    search: str = "",
    mine_only: bool = False,
    next_due: str = "",
    stage: str = "",
    in_state: str = "",
    unassigned: bool = False,
    today: datetime.date | None = None,
    amber_until: datetime.date | None = None,
) -> QuerySet[Child]:
    """The caseload: cases with their earliest live statutory deadline (``next_due_on``,
    ``next_due_code``, kept on the case by the database), soonest deadline first, cases
    with none last. One query for a page, read in the order of an index
    (child_caseload_idx), so its cost follows the page, not the team's size or the years
    of deadlines behind it. The stages are not here (stages.stage_names_for gives the
    page's), except as a filter when one is chosen."""
    children = children_visible_to(user=user).select_related("team", "caseworker")
    if stage:
        children = stages.filter_stage(stages.annotate(children), stage)
    if in_state:
        # From the managers' pipeline: every case it counts in that state.
        children = stages.filter_in_state(children, in_state)
    if unassigned:
        children = children.filter(caseworker__isnull=True)
    if next_due == "overdue":
        children = children.filter(next_due_on__lt=today)
    elif next_due == "soon":
        children = children.filter(next_due_on__gte=today, next_due_on__lte=amber_until)
    elif next_due == "later":
        children = children.filter(next_due_on__gt=amber_until)
    elif next_due == "none":
        children = children.filter(next_due_on__isnull=True)
    if mine_only:
        children = children.filter(caseworker=user)
    search = search.strip()
    if search:
        terms = Q()
        for word in search.split():
            terms &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(preferred_name__icontains=word)
                | Q(la_reference__icontains=word)
            )
        children = children.filter(terms)
    return children.order_by(F("next_due_on").asc(nulls_last=True), "last_name", "first_name", "id")


def case_counts_for_user(*, user) -> dict[str, int]:
    """The numbers on the staff home page, in one query."""
    return children_visible_to(user=user).aggregate(
        total=Count("id"), mine=Count("id", filter=Q(caseworker_id=user.pk))
    )


def child_detail(*, child_id) -> Child:
    return Child.objects.select_related("team", "caseworker").get(pk=child_id)


def chronology_for_child(*, child: Child, limit: int | None = None):
    events = child.chronology.select_related("actor").order_by("-occurred_at", "-id")
    return events[:limit] if limit else events
