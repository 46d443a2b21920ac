"""How letters reach a family by email: the portal knows who took an account (and so
gave us an address and agreed to be sent things that way) and who turned emails off.
Registered with casework's letters in FamilyConfig.ready(); casework does not import the
portal. A notice goes by email only if every addressee can be reached; otherwise by post
(service by email needs the recipient's agreement: Education Act 1996 s572)."""

from __future__ import annotations

from sen_portal.accounts.roles import Role
from sen_portal.casework.models import FamilyMember
from sen_portal.family.access import may_see_case
from sen_portal.family.models import YoungPersonAccess


def _reachable(user) -> bool:
    if user is None or not user.is_active or user.role != Role.FAMILY:
        return False
    preference = getattr(user, "family_email_preference", None)
    return preference is None or preference.email_updates


def email_accounts(child, addressees) -> list | None:
    accounts = []
    for person in [*addressees.to, *addressees.copies]:
        if person.role == "young_person":
            access = (
                YoungPersonAccess.objects.select_related("user__family_email_preference")
                .filter(child=child)
                .first()
            )
            user = access.user if access else None
        elif not person.family_member_id:
            user = None  # "the parent or carer": nobody recorded to email
        else:
            member = (
                FamilyMember.objects.select_related("user__family_email_preference")
                .filter(pk=person.family_member_id)
                .first()
            )
            # The young person's decision decides whether a parent is reached at all.
            user = member.user if member and may_see_case(member, child) else None
        if _reachable(user):
            accounts.append(user)
        elif person in addressees.to:
            return None  # an addressee we cannot email: the letter goes by post
    return accounts
