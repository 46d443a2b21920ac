"""What the chronology records about an EHC plan, named as the family reads it."""

from django.db import models


class PlanEvent(models.TextChoices):
    STARTED = "plan_started", "We started writing the draft EHC plan"
    SECTION_CHANGED = "plan_section_changed", "We changed a section of the plan"
    DRAFT_ISSUED = "plan_draft_issued", "We sent you the draft EHC plan"
    REPRESENTATIONS_RECEIVED = "plan_representations_received", "We received your comments"
    INSTITUTION_CONSULTED = "plan_institution_consulted", "We asked a school or college"
    CONSULTATION_REPLY = "plan_consultation_reply", "A school or college replied"
    FINAL_ISSUED = "plan_final_issued", "We sent you the final EHC plan"
    IN_FORCE = "plan_in_force", "The EHC plan came into force"
    WITHDRAWN = "plan_withdrawn", "The EHC plan was withdrawn"
    CEASED = "plan_ceased", "The EHC plan ended"
    AMENDMENT_STARTED = "plan_amendment_started", "We started amending the EHC plan"
    AMENDMENT_PROPOSED = "plan_amendment_proposed", "We sent you proposed amendments"
    AMENDMENT_REPRESENTATIONS = (
        "plan_amendment_representations",
        "We received your comments on the proposed amendments",
    )
    # The family's 15 days on a draft or on proposed amendments (Regs 13(1), 22(2)(c)).
    SERVED = "plan_notice_served", "We recorded when the plan was served on you"
    NOTHING_MORE = "plan_family_nothing_more", "You told us you have nothing more to say"
    MEETING_REQUESTED = "plan_meeting_requested", "You asked for a meeting about the plan"
    MEETING_HELD = "plan_meeting_held", "We met you to discuss the plan"
    AMENDED = "plan_amended", "We sent you the amended EHC plan"
    NOT_AMENDED = "plan_not_amended", "We decided not to amend the EHC plan"
    # Reg 27(1): a new plan replaces the old one after a reassessment.
    REPLACED = "plan_replaced", "A new EHC plan replaced this one"
    # Reg 18: what decides when a child moves between phases (reviews/phases.py).
    PHASE_FACTS = "plan_phase_facts", "We recorded the year group and school details"


# The decisions on an amendment, which the family may appeal (CFA s51(2)(e)).
AMENDMENT_DECISIONS = (PlanEvent.AMENDED, PlanEvent.NOT_AMENDED)
