"""The one way views get a proposal: 404 unless the member of staff may see the child's
case (casework's rules), and the read is logged, as for the case page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404

from ceasing.models import CeasingProposal
from sen_portal.casework.access import check_case_access


def proposal_queryset():
    return CeasingProposal.objects.select_related(
        "child__team", "plan__placement", "proposed_by", "decided_by", "decision_letter"
    )


def get_proposal_for_user(request, proposal_id, *, write: bool = False) -> CeasingProposal:
    try:
        proposal = proposal_queryset().get(pk=proposal_id)
    except (CeasingProposal.DoesNotExist, ValidationError):
        raise Http404("Not found") from None
    check_case_access(request, proposal.child, write=write)
    return proposal
