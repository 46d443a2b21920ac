"""The one way views get a request, an assessment or an advice request.

Staff: 404 unless they may see the child's case (casework's rules), and the read is
logged, as for the case page. Advice givers: 404 unless the advice request was sent to
them; they reach nothing else about the child.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404

from assessments.models import AdviceRequest, AssessmentRequest, NeedsAssessment
from sen_portal.casework.access import check_case_access
from sen_portal.casework.services import record_access_log


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValidationError):
        raise Http404("Not found") from None


def get_request_for_user(request, request_id, *, write: bool = False) -> AssessmentRequest:
    obj = _get(
        AssessmentRequest.objects.select_related(
            "child__team", "child__caseworker", "recorded_by", "decided_by"
        ),
        request_id,
    )
    check_case_access(request, obj.child, write=write)
    return obj


def get_assessment_for_user(request, assessment_id, *, write: bool = False) -> NeedsAssessment:
    obj = _get(
        NeedsAssessment.objects.select_related(
            "request", "child__team", "child__caseworker", "decided_by"
        ),
        assessment_id,
    )
    check_case_access(request, obj.child, write=write)
    return obj


def get_advice_for_staff(request, advice_id, *, write: bool = False) -> AdviceRequest:
    obj = _get(
        AdviceRequest.objects.select_related(
            "assessment__child__team",
            "assessment__child__caseworker",
            "advice_giver",
            "submitted_by",
            "document",
        ),
        advice_id,
    )
    check_case_access(request, obj.assessment.child, write=write)
    return obj


def get_advice_for_giver(request, advice_id) -> AdviceRequest:
    """Only an advice request addressed to this advice giver; another one is a 404."""
    obj = _get(
        AdviceRequest.objects.filter(advice_giver=request.user).select_related(
            "assessment__child__caseworker",
            "assessment__child__team",
            "assessment__request",
            "document",
            "submitted_by",
        ),
        advice_id,
    )
    record_access_log(user=request.user, child=obj.assessment.child, path=request.path)
    return obj
