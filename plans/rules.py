"""Who may change a plan. Deny unless a rule says yes.

The caseworkers and managers of the team that runs the case (casework's object rules say
which team that is) draft, issue and change plans. System administrators may read a
plan but decide nothing on it; advice givers and editors never reach it; a family member
reads what was issued to them (plans/access.py), never the draft in progress.
"""

from __future__ import annotations

from sen_portal.accounts.roles import CASE_ROLES


def runs_the_case(instance, user) -> bool:
    """Transition permission for plans and consultations (anything with ``.child``)."""
    return (
        user is not None
        and user.is_authenticated
        and user.role in CASE_ROLES
        and user.has_perm("casework.change_child", instance.child)
    )
