from plans.models.amendment import AmendmentOutcome, PlanAmendment
from plans.models.content import AdviceEntry, BudgetLine, Need, Outcome, ProvisionItem
from plans.models.placement import (
    Consultation,
    ConsultationResponse,
    Institution,
    PlacementRecord,
    validate_urn,
)
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
    "PlacementRecord",
    "PlanStatus",
    "PlanVersion",
    "PlanVersionPdf",
    "PlanVersionPdfFailure",
    "ProvisionItem",
    "VersionIsImmutable",
    "VersionKind",
    "validate_urn",
]
