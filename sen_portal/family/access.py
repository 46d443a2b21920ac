"""Who may follow a case in the family portal: the one rule every family read asks.

A family account follows a child's case as the young person themselves, or as a
family member linked to the case, unless the young person has said their parents must
not see it. From the end of compulsory school age the rights are the young person's
(Children and Families Act 2014 s.80; SEND Regulations 2014 reg.64), and the portal
respects their decision whoever was added, invited or linked before or after it.

The decision is read here, from the young person's recorded answer (YoungPersonAccess),
at the moment of every read: the case list, every portal page, plan pages, letters and
documents, and the choice of who is told about an update. No writer has to remember to
copy it onto family records, so adding a parent later cannot undo it.

Portal views get their child through get_child_for_family: 404 unless linked. Not found
and not linked look the same, so ids cannot be probed.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from sen_portal.accounts.roles import Role
from sen_portal.casework.models import Child, FamilyMember
from sen_portal.family.models import YoungPersonAccess

PARENTS_REFUSED_MESSAGE = (
    "The young person has said their parents must not see their case, so a parent "
    "cannot be invited or join the family portal. If the young person changes their "
    "mind, record it under parents' access first."
)


def _refused(child_ref) -> QuerySet[YoungPersonAccess]:
    """The young person's recorded "no" for this child (a row or none)."""
    return YoungPersonAccess.objects.filter(child=child_ref, parents_keep_access=False)


def parents_may_follow(child: Child | object) -> bool:
    """The young person's decision: parents follow the case unless the young person said
    no. No decision recorded (a child, or a young person who has not been asked) means
    they do. One query."""
    child_id = getattr(child, "pk", child)
    return not _refused(child_id).exists()


def children_for_family(*, user) -> QuerySet[Child]:
    """Every child this family account may follow. One query; an account that is not an
    active family account follows nobody."""
    if not (user.is_authenticated and user.is_active and user.role == Role.FAMILY):
        return Child.objects.none()
    linked = Exists(FamilyMember.objects.filter(child=OuterRef("pk"), user=user))
    as_parent = linked & ~Exists(_refused(OuterRef("pk")))
    as_young_person = Q(young_person_access__user=user)
    return Child.objects.filter(as_parent | as_young_person)


def may_see_case(who, child: Child | object) -> bool:
    """May this family account (a User), or this family member (a FamilyMember, with or
    without an account, e.g. to decide who is sent a copy of a letter), see the child's
    case? The same rule as children_for_family."""
    child_id = getattr(child, "pk", child)
    if isinstance(who, FamilyMember):
        return str(who.child_id) == str(child_id) and parents_may_follow(child_id)
    return children_for_family(user=who).filter(pk=child_id).exists()


def family_accounts_for_child(*, child_id) -> QuerySet:
    """The active family accounts that may see this child: linked family members unless
    the young person said no, and the young person's own account. The same rule as
    children_for_family, from the child's side. One query."""
    as_parent = Q(family_links__child_id=child_id) & ~Exists(_refused(child_id))
    as_young_person = Q(young_person_links__child_id=child_id)
    return (
        get_user_model()
        .objects.filter(as_parent | as_young_person, role=Role.FAMILY, is_active=True)
        .distinct()
    )


def with_own_case(children: QuerySet[Child], *, user) -> QuerySet[Child]:
    """Mark each child with own_case: True when this account is the young person's own
    (CFA s.80: the pages then speak to them as "you", not about them by name). In the
    same query."""
    return children.annotate(
        own_case=Exists(YoungPersonAccess.objects.filter(child=OuterRef("pk"), user=user))
    )


def get_child_for_family(request, child_id) -> Child:
    try:
        return with_own_case(
            children_for_family(user=request.user).select_related("team", "caseworker"),
            user=request.user,
        ).get(pk=child_id)
    except (Child.DoesNotExist, ValidationError):
        raise Http404("No such case") from None
