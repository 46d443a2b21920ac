"""What the chronology records about ceasing a plan, named as the family reads it."""

from django.db import models


class CeasingEvent(models.TextChoices):
    PROPOSED = "ceasing_proposed", "We proposed to stop maintaining the EHC plan"
    CONSULTED = "ceasing_consulted", "We asked for views about ending the EHC plan"
    CONTINUED = "ceasing_continued", "We decided to keep the EHC plan"
    DECIDED = "ceasing_decided", "We decided to stop maintaining the EHC plan"
    CEASED_NOW = "ceasing_ceased_now", "The EHC plan ended"
    APPEAL_EXTENDED = "ceasing_appeal_extended", "Your deadline to appeal was extended"
    MEDIATION = "ceasing_mediation", "Ending the EHC plan waits for mediation"
    HELD = "ceasing_held", "The EHC plan is kept while your appeal is heard"
    APPEAL_CONCLUDED = "ceasing_appeal_concluded", "Your appeal about ending the plan ended"
    TOOK_EFFECT = "ceasing_took_effect", "The EHC plan ended"
