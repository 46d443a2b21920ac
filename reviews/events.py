"""What the chronology records about annual reviews and phase transfers, named as the
family reads it."""

from django.db import models


class ReviewEvent(models.TextChoices):
    STARTED = "review_started", "The annual review of the EHC plan started"
    FREQUENCY_CHANGED = "review_frequency_changed", "We changed how often the plan is reviewed"
    SCHEDULED = "review_scheduled", "We arranged the review meeting"
    PARTICIPANT_INVITED = "review_participant_invited", "We invited someone to the review"
    ADVICE_REQUESTED = "review_advice_requested", "We asked for advice for the review"
    ADVICE_RECEIVED = "review_advice_received", "Advice for the review arrived"
    PAPERS_SENT = "review_papers_sent", "We sent the invitations and papers for the review"
    HELD = "review_held", "The review meeting was held"
    REPORT_RECEIVED = "review_report_received", "We received the report of the review meeting"
    # One kind per decision: the family portal names the decision in its own words.
    KEPT = "review_kept", "After the annual review we decided to keep the plan as it is"
    AMEND = "review_amend", "After the annual review we decided to amend the plan"
    CEASE = "review_cease", "After the annual review we decided to stop maintaining the plan"
    CANCELLED = "review_cancelled", "The annual review was cancelled"
    PHASE_TRANSFER_IDENTIFIED = "phase_transfer_identified", "A move to a new school is coming"
    PHASE_TRANSFER_NAMED = "phase_transfer_named", "We named the next school or college"


# The decision kinds, by Review.Decision value.
DECISION_EVENTS = {
    "maintain": ReviewEvent.KEPT,
    "amend": ReviewEvent.AMEND,
    "cease": ReviewEvent.CEASE,
}
