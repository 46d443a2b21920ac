"""What the chronology records about a disagreement, named as the family reads it."""

from django.db import models


class DisagreementEvent(models.TextChoices):
    RECORDED = "disagreement_recorded", "You told us you disagree with a decision"
    ADVISER_CONTACTED = "disagreement_adviser_contacted", "You contacted the mediation adviser"
    MEDIATION_REQUESTED = "disagreement_mediation_requested", "You asked for mediation"
    MEDIATION_HELD = "disagreement_mediation_held", "Mediation took place"
    CERTIFICATE_ISSUED = "disagreement_certificate_issued", "The mediation certificate was issued"
    APPEAL_LODGED = "disagreement_appeal_lodged", "Your appeal reached the tribunal"
    HEARING_SET = "disagreement_hearing_set", "The tribunal set the hearing date"
    DECIDED = "disagreement_decided", "Your appeal ended"
    RESOLVED = "disagreement_resolved", "The disagreement was resolved without an appeal"
    ORDER_RECORDED = "disagreement_order_recorded", "The tribunal ordered us to act"
    ORDER_COMPLIED = "disagreement_order_complied", "We did what the tribunal ordered"
    CLOSED = "disagreement_closed", "We did everything the tribunal ordered"
