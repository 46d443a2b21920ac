"""What an advice giver needs to act on a request, within the family's consent: the
child's setting, how to reach the caseworker, and how to reach the family, the last only
when the family agreed that the request may be shared with the advice giver's agency
(AssessmentRequest.consent_to_share and share_with, asked when the request is recorded;
UK GDPR Art. 6 and the SEND Code of Practice 9.14 on the family's agreement to share).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessments.models import AdviceRequest, AssessmentRequest
from sen_portal.casework.access import family_member_may_see

Kind = AdviceRequest.Kind
Agency = AssessmentRequest.Agency

# Which agency the family agreed to share with answers for which advice. Advice with no
# agency of its own (preparing for adulthood) reaches the family through the caseworker.
AGENCY_FOR_ADVICE = {
    Kind.EDUCATION: Agency.EDUCATION,
    Kind.EDUCATIONAL_PSYCHOLOGY: Agency.EDUCATIONAL_PSYCHOLOGY,
    Kind.HEALTH: Agency.HEALTH,
    Kind.SOCIAL_CARE: Agency.SOCIAL_CARE,
}


@dataclass
class AdviceContacts:
    setting: str
    caseworker: object | None
    team: object
    family_consented: bool
    family: list = field(default_factory=list)


def family_agreed_to_share(advice: AdviceRequest) -> bool:
    request = advice.assessment.request
    agency = AGENCY_FOR_ADVICE.get(advice.kind)
    return bool(
        request is not None
        and request.consent_to_share
        and agency is not None
        and agency in (request.share_with or [])
    )


def advice_contacts(advice: AdviceRequest) -> AdviceContacts:
    """Three queries at most (the request, the case's team and caseworker, the family)."""
    child = advice.assessment.child
    consented = family_agreed_to_share(advice)
    family = []
    if consented:
        # Those who hold a parent's rights, main contact first; never a parent the young
        # person has decided should not follow their case.
        family = [
            member
            for member in child.family_members.filter(parental_responsibility=True).order_by(
                "-is_main_contact", "full_name"
            )
            if (member.email or member.phone) and family_member_may_see(member=member)
        ]
    return AdviceContacts(
        setting=advice.setting,
        caseworker=child.caseworker,
        team=child.team,
        family_consented=consented,
        family=family,
    )
