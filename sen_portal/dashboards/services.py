"""Changes made from the dashboards. Reassignment moves cases between people through
the casework service (`child_update`), which records a `case_reassigned` chronology
event on each case in the same transaction."""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from sen_portal.accounts.models import User
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework.models import Child
from sen_portal.casework.services import child_update


def may_reassign_from(user: User, person: User) -> bool:
    """Managers reassign within their own team; administrators within any team."""
    if person.role not in CASE_ROLES or person.team_id is None:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.MANAGER and user.team_id == person.team_id


@transaction.atomic
def cases_reassign(
    *, acting_user: User, from_user: User, to_user: User, child_ids: Collection
) -> list[Child]:
    """Move the chosen cases of ``from_user`` to ``to_user``, a caseworker or manager of
    the same team. All or nothing: the cases are locked, and if any has been moved or
    closed since it was chosen, nothing changes."""
    if not may_reassign_from(acting_user, from_user):
        raise PermissionDenied("You cannot reassign this person's cases")
    if not child_ids:
        raise ValidationError("Select at least one case to reassign", code="no_cases")
    if (
        to_user.pk == from_user.pk
        or not to_user.is_active
        or to_user.role not in CASE_ROLES
        or to_user.team_id != from_user.team_id
    ):
        raise ValidationError(
            "Choose another caseworker or manager in the same team", code="bad_target"
        )
    wanted = {str(pk) for pk in child_ids}
    children = list(
        Child.objects.select_for_update(of=("self",))
        .filter(pk__in=wanted, caseworker=from_user, team_id=from_user.team_id)
        .select_related("caseworker")
        .order_by("last_name", "first_name")
    )
    if len(children) != len(wanted):
        missing = len(wanted) - len(children)
        raise ValidationError(
            f"{missing} of the cases you chose {'is' if missing == 1 else 'are'} no longer "
            f"assigned to {from_user.full_name}. Choose the cases again.",
            code="stale",
        )
    for child in children:
        child_update(acting_user=acting_user, child=child, data={"caseworker": to_user})
    return children
