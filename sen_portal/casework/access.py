"""The one way views get a child's case: 404 if the user may not see it, logged if they may."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import Http404

from sen_portal.casework import selectors, services
from sen_portal.casework.models import Child


def get_child_for_user(request, child_id, *, write: bool = False, log: bool = True) -> Child:
    try:
        child = selectors.child_detail(child_id=child_id)
    except (Child.DoesNotExist, ValidationError):
        raise Http404("No such case") from None
    check_case_access(request, child, write=write, log=log, not_found="No such case")
    return child


def check_case_access(
    request, child: Child, *, write: bool = False, log: bool = True, not_found: str = "Not found"
) -> None:
    """The one access check of a case's pages (the case, and every workflow object of
    it): 404 unless this member of staff may see (``write``: change) the child's case,
    and the read is logged ("who has looked at my child?"). Not found and not allowed
    look the same, so ids cannot be probed."""
    perm = "casework.change_child" if write else "casework.view_child"
    if not request.user.has_perm(perm, child):
        raise Http404(not_found)
    if log:
        services.record_access_log(user=request.user, child=child, path=request.path)


# --- Family accounts ------------------------------------------------------------------
# Which family accounts may follow a case is the family portal's rule (the young person
# decides whether their parents may, from the end of compulsory school age). Workflow
# pages that families also read (plan versions) ask casework, which asks that one rule,
# registered by the family app in its AppConfig.ready(). Until a rule is registered no
# family account reaches any case: deny by default.
_family_rule: Callable[[object, object], bool] | None = None


def register_family_rule(rule: Callable[[object, object], bool]) -> None:
    global _family_rule  # noqa: PLW0603 (set once, at start-up)
    _family_rule = rule


def family_may_see(*, user, child_id) -> bool:
    return _family_rule is not None and bool(_family_rule(user, child_id))


def family_member_may_see(*, member) -> bool:
    """The same rule for a family member on the case record, with or without a portal
    account: e.g. whether a parent is sent a copy of a young person's letter."""
    return _family_rule is not None and bool(_family_rule(member, member.child_id))
