"""The one way portal views get a child: 404 unless the signed-in family account is
linked to that child (and, for a parent, the young person has not withdrawn their
access). Not found and not linked look the same, so ids cannot be probed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404

from sen_portal.casework.models import Child
from sen_portal.family.selectors import children_for_family


def get_child_for_family(request, child_id) -> Child:
    try:
        return (
            children_for_family(user=request.user)
            .select_related("team", "caseworker")
            .get(pk=child_id)
        )
    except (Child.DoesNotExist, ValidationError):
        raise Http404("No such case") from None
