from assessments.models.advice import AdviceKind, AdviceRequest, AdviceStatus
from assessments.models.assessment import AssessmentStatus, NeedsAssessment
from assessments.models.request import Agency, AssessmentRequest, Requester, RequestStatus

__all__ = [
    "AdviceKind",
    "AdviceRequest",
    "AdviceStatus",
    "Agency",
    "AssessmentRequest",
    "AssessmentStatus",
    "NeedsAssessment",
    "RequestStatus",
    "Requester",
]
