"""Object-level access to a child's case (django-rules). Deny unless a rule says yes."""

import rules

from sen_portal.accounts.roles import CASE_ROLES, Role


@rules.predicate
def is_admin(user) -> bool:
    return user.is_authenticated and user.role == Role.ADMIN


@rules.predicate
def runs_cases_for_child_team(user, child) -> bool:
    # Caseworkers and managers work on every case of their own team.
    return (
        user.is_authenticated
        and user.role in CASE_ROLES
        and child is not None
        and user.team_id is not None
        and child.team_id == user.team_id
    )


can_work_on_child = is_admin | runs_cases_for_child_team

rules.add_perm("casework.view_child", can_work_on_child)
rules.add_perm("casework.change_child", can_work_on_child)

# The one rule for changing a case: the caseworkers and managers of the team that runs it.
# System administrators read cases but decide nothing on them.
rules.add_perm("casework.run_case", runs_cases_for_child_team)


def runs_the_case(instance, user) -> bool:
    """``permission=`` of every workflow transition (anything with ``.child``), and what
    pages ask before offering a step."""
    # The role is asked first: Django lets an active superuser (a system administrator
    # may be one) pass every has_perm, and administrators decide nothing on a case.
    return (
        user is not None
        and user.is_authenticated
        and user.role in CASE_ROLES
        and user.has_perm("casework.run_case", getattr(instance, "child", instance))
    )
