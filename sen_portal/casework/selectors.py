"""Reads of case data for pages. Each owns its joins so a page's query count is fixed."""

from django.db.models import Count, Q, QuerySet

from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework.models import Child


def children_visible_to(*, user) -> QuerySet[Child]:
    """Every case this user may open: all for administrators, their team's for case roles."""
    if user.role == Role.ADMIN:
        return Child.objects.all()
    if user.role in CASE_ROLES and user.team_id:
        return Child.objects.filter(team_id=user.team_id)
    return Child.objects.none()


def child_list_for_user(*, user, search: str = "", mine_only: bool = False) -> QuerySet[Child]:
    children = children_visible_to(user=user).select_related("team", "caseworker")
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
    return children.order_by("last_name", "first_name", "id")


def case_counts_for_user(*, user) -> dict[str, int]:
    """The numbers on the staff home page, in one query."""
    return children_visible_to(user=user).aggregate(
        total=Count("id"), mine=Count("id", filter=Q(caseworker_id=user.pk))
    )


def children_for_family_user(*, user) -> QuerySet[Child]:
    return (
        Child.objects.filter(family_members__user=user)
        .select_related("team", "caseworker")
        .distinct()
        .order_by("first_name")
    )


def child_detail(*, child_id) -> Child:
    return Child.objects.select_related("team", "caseworker").get(pk=child_id)


def chronology_for_child(*, child: Child, limit: int | None = None):
    events = child.chronology.select_related("actor").order_by("-occurred_at", "-id")
    return events[:limit] if limit else events
