"""What the chronology records about requests, needs assessments and advice, named as the
family reads it."""

from django.db import models


class AssessmentEvent(models.TextChoices):
    REQUEST_RECEIVED = "assessment_request_received", "We received the request for an assessment"
    REQUEST_DECIDED_ASSESS = (
        "assessment_request_decided_assess",
        "We decided to carry out an EHC needs assessment",
    )
    REQUEST_DECLINED = (
        "assessment_request_declined",
        "We decided not to carry out an EHC needs assessment",
    )
    REQUEST_WITHDRAWN = (
        "assessment_request_withdrawn",
        "The request for an assessment was withdrawn",
    )
    STARTED = "needs_assessment_started", "The EHC needs assessment started"
    # Reassessment of a child or young person with a plan (CFA s44(2); Regs 24-27).
    REASSESSMENT_REQUESTED = (
        "reassessment_requested",
        "We received the request for a reassessment",
    )
    # CFA s44(3): the council decided itself that a reassessment is necessary.
    REASSESSMENT_INITIATED = "reassessment_initiated", "We decided to reassess"
    REASSESSMENT_AGREED = "reassessment_agreed", "We decided to reassess"
    REASSESSMENT_REFUSED = "reassessment_refused", "We decided not to reassess"
    REASSESSMENT_WITHDRAWN = (
        "reassessment_request_withdrawn",
        "The request for a reassessment was withdrawn",
    )
    REASSESSMENT_STARTED = "reassessment_started", "The reassessment started"
    REASSESSMENT_DECIDED_AMEND = (
        "reassessment_decided_amend",
        "After the reassessment, we decided to change the EHC plan",
    )
    ADVICE_COMPLETE = "needs_assessment_advice_complete", "We have all the advice"
    DECIDED_ISSUE = "needs_assessment_decided_issue", "We decided to issue an EHC plan"
    DECIDED_NO_PLAN = "needs_assessment_decided_no_plan", "We decided not to issue an EHC plan"
    WITHDRAWN = "needs_assessment_withdrawn", "The EHC needs assessment stopped"
    ADVICE_REQUESTED = "advice_requested", "We asked for advice"
    ADVICE_RECEIVED = "advice_received", "Advice arrived"
    ADVICE_EXCEPTION_CLAIMED = "advice_exception_claimed", "Advice will be late, for a reason"
    ADVICE_EXCEPTION_ACCEPTED = "advice_exception_accepted", "We accepted that advice will be late"
    ADVICE_EXCEPTION_REJECTED = "advice_exception_rejected", "Advice is still due on its date"
    ADVICE_CANCELLED = "advice_cancelled", "Some advice is no longer needed"
