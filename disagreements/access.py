"""The one way views get a disagreement or an order: 404 unless the member of staff may
see the child's case, and the read is logged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404

from disagreements.models import Disagreement, TribunalOrder
from sen_portal.casework.access import check_case_access


def get_disagreement_for_user(request, disagreement_id, *, write: bool = False) -> Disagreement:
    try:
        d = Disagreement.objects.select_related(
            "child__team", "ceasing", "recorded_by", "decision_type"
        ).get(pk=disagreement_id)
    except (Disagreement.DoesNotExist, ValidationError):
        raise Http404("Not found") from None
    check_case_access(request, d.child, write=write)
    return d


def get_order_for_user(request, disagreement_id, order_id, *, write: bool = False) -> TribunalOrder:
    d = get_disagreement_for_user(request, disagreement_id, write=write)
    try:
        order = TribunalOrder.objects.select_related("deadline").get(pk=order_id, disagreement=d)
    except TribunalOrder.DoesNotExist:
        raise Http404("Not found") from None
    order.disagreement = d
    return order
