"""Who may move an assessment workflow on. Deny unless a rule says yes.

Statutory decisions are made by the caseworkers and managers of the team that runs the
case (casework's object rules say which team that is). System administrators can read a
case but make no decisions on it; advice givers act only on the advice requests addressed
to them; families never change anything.
"""

from __future__ import annotations

from sen_portal.accounts.roles import Role
from sen_portal.casework.rules import runs_the_case

__all__ = ["is_the_advice_giver", "records_the_advice", "runs_the_case"]


def is_the_advice_giver(instance, user) -> bool:
    """The named advice giver, and nobody else, answers an advice request sent to them."""
    return (
        user.is_authenticated
        and user.role == Role.ADVICE_GIVER
        and instance.advice_giver_id is not None
        and instance.advice_giver_id == user.pk
    )


def records_the_advice(instance, user) -> bool:
    """Advice is submitted by the advice giver it was sent to, or recorded by the staff who
    run the case: the family's views, advice from someone without an account, and advice
    that a professional with an account sent by post or email instead (issue #21 item 6;
    the record says who entered it on whose behalf)."""
    return is_the_advice_giver(instance, user) or runs_the_case(instance, user)
