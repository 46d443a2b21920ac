"""The one way views get a child's case: 404 if the user may not see it, logged if they may."""

from django.core.exceptions import ValidationError
from django.http import Http404

from sen_portal.casework import selectors, services
from sen_portal.casework.models import Child


def get_child_for_user(request, child_id, *, write: bool = False, log: bool = True) -> Child:
    try:
        child = selectors.child_detail(child_id=child_id)
    except (Child.DoesNotExist, ValidationError):
        raise Http404("No such case") from None
    perm = "casework.change_child" if write else "casework.view_child"
    # Not found and not allowed look the same, so ids cannot be probed.
    if not request.user.has_perm(perm, child):
        raise Http404("No such case")
    if log:
        services.record_access_log(user=request.user, child=child, path=request.get_full_path())
    return child
