from plans.models.amendment import AmendmentOutcome, PlanAmendment
from plans.models.content import AdviceEntry, BudgetLine, Need, Outcome, ProvisionItem
from plans.models.placement import Consultation, ConsultationResponse, Institution
from plans.models.plan import CeaseReason, Plan, PlanStatus
from plans.models.version import (
    PlanVersion,
    PlanVersionPdf,
    PlanVersionPdfFailure,
    VersionIsImmutable,
    VersionKind,
)

__all__ = [
    "AmendmentOutcome",
    "PlanAmendment",
    "AdviceEntry",
    "CeaseReason",
    "BudgetLine",
    "Consultation",
    "ConsultationResponse",
    "Institution",
    "Need",
    "Outcome",
    "Plan",
    "PlanStatus",
    "PlanVersion",
    "PlanVersionPdf",
    "PlanVersionPdfFailure",
    "ProvisionItem",
    "VersionIsImmutable",
    "VersionKind",
]
