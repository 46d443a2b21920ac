from assessments.models.advice import AdviceKind, AdviceRequest, AdviceStatus
from assessments.models.assessment import AssessmentStatus, NeedsAssessment
from assessments.models.request import (
    REASSESSMENT_REQUESTERS,
    Agency,
    AssessmentRequest,
    RefusalGround,
    Requester,
    RequestKind,
    RequestStatus,
)

__all__ = [
    "AdviceKind",
    "AdviceRequest",
    "AdviceStatus",
    "Agency",
    "AssessmentRequest",
    "AssessmentStatus",
    "NeedsAssessment",
    "RequestStatus",
    "REASSESSMENT_REQUESTERS",
    "RefusalGround",
    "RequestKind",
    "Requester",
]
