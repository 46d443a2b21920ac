"""Reads of case data for pages. Each owns its joins so a page's query count is fixed."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet

from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework import stages
from sen_portal.casework.models import Child, ChronologyEvent, Document, FamilyMember
from sen_portal.prepared import CASE_ID, Prepared, known_parent, set_prefetched

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


# The reads every case page makes, compiled once per process (sen_portal.prepared,
# issue #22): Child has some fifty columns, and building and compiling these querysets
# took longer than PostgreSQL takes to answer them (about 2 ms each, every request).
_CHILD = Prepared(
    lambda marker: Child.objects.select_related("team", "caseworker").filter(pk=marker),
    marker=CASE_ID,
)
DOCUMENTS_SHOWN = 20
EVENTS_SHOWN = 20
_DOCUMENTS = Prepared(
    lambda marker: Document.objects.filter(child_id=marker).order_by("-created_at")[
        :DOCUMENTS_SHOWN
    ],
    marker=CASE_ID,
)
_EVENTS = Prepared(
    lambda marker: (
        ChronologyEvent.objects.filter(child_id=marker)
        .select_related("actor")
        .order_by("-occurred_at", "-id")[: EVENTS_SHOWN + 1]
    ),
    marker=CASE_ID,
)
_FAMILY = Prepared(
    lambda marker: FamilyMember.objects.filter(child_id=marker),
    marker=CASE_ID,
)


def _child_pk(child_id) -> uuid.UUID:
    if isinstance(child_id, uuid.UUID):
        return child_id
    try:
        return uuid.UUID(str(child_id))
    except ValueError:
        raise ValidationError("not a case id", code="invalid") from None


def child_detail(*, child_id) -> Child:
    """The case with its team and caseworker; Child.DoesNotExist if there is none,
    ValidationError if ``child_id`` is not a case id (as ``.get(pk=...)`` raises)."""
    child = _CHILD.get(_child_pk(child_id))
    if child is None:
        raise Child.DoesNotExist("No such case")
    return child


def chronology_for_child(*, child: Child, limit: int | None = None):
    events = child.chronology.select_related("actor").order_by("-occurred_at", "-id")
    return events[:limit] if limit else events


def recent_chronology_for_child(*, child: Child) -> tuple[list[ChronologyEvent], bool]:
    """The case page's chronology: the latest EVENTS_SHOWN events, newest first, and
    whether there are more (one row more is read to know: no count)."""
    events = _EVENTS.objects(child.pk)
    known_parent(events, "child", child)
    return events[:EVENTS_SHOWN], len(events) > EVENTS_SHOWN


def recent_documents_for_child(*, child: Child) -> list[Document]:
    """The case page's documents: the latest DOCUMENTS_SHOWN, newest first."""
    documents = _DOCUMENTS.objects(child.pk)
    known_parent(documents, "child", child)
    return documents


def family_members_for_child(*, child: Child) -> list:
    """The case's family members, left on the child as prefetch_related would
    (``child.family_members.all()`` then reads no rows)."""
    members = _FAMILY.objects(child.pk)
    known_parent(members, "child", child)
    set_prefetched(child, "family_members", members)
    return members
