"""The reviews app's services: the annual review workflow (``reviews.services.reviews``)
and phase transfers (``reviews.services.phase_transfer``, Reg 18). Every public name is
importable from here, as it was when this was one module."""

from reviews.models import DECISION_WORDS
from reviews.services.phase_transfer import (
    phase_transfer_name,
    phase_transfer_open,
    phase_transfers_identify,
    post16_transfer_open,
)
from reviews.services.reviews import (
    LOOK_AHEAD_MONTHS,
    ActionRefused,
    CreateResult,
    annual_review_deadline,
    next_due_on,
    review_add_participant,
    review_cancel,
    review_decide,
    review_hold,
    review_prepare_amendments,
    review_receive_advice,
    review_record_papers_sent,
    review_record_report,
    review_request_advice,
    review_schedule,
    review_set_frequency,
    review_start,
    reviews_create_due,
)

__all__ = [
    "DECISION_WORDS",
    "LOOK_AHEAD_MONTHS",
    "ActionRefused",
    "CreateResult",
    "annual_review_deadline",
    "next_due_on",
    "phase_transfer_name",
    "phase_transfer_open",
    "phase_transfers_identify",
    "post16_transfer_open",
    "review_add_participant",
    "review_cancel",
    "review_decide",
    "review_hold",
    "review_prepare_amendments",
    "review_receive_advice",
    "review_record_papers_sent",
    "review_record_report",
    "review_request_advice",
    "review_schedule",
    "review_set_frequency",
    "review_start",
    "reviews_create_due",
]
