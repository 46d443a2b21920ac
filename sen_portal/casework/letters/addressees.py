"""Who a family letter is addressed to: the rights-holder on the letter's date.

For a child, the parents with parental responsibility (CFA s83: "parent" has the
Education Act 1996 s576 meaning; notices go to those who hold a parent's rights). From
the day after compulsory school age ends the rights are the young person's own (CFA
s83(2), Part 3; timescales.young_person_from), so the letter is addressed to them, with
a copy to their parents only where the young person agrees (CoP 8.13-8.19): the same
rule the family portal uses for whether a parent may still see the case.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from sen_portal.casework.access import family_member_may_see
from sen_portal.casework.letters.law import is_young_person
from sen_portal.casework.models import Child, FamilyMember


@dataclass(frozen=True)
class Person:
    name: str
    role: str  # "parent", "young_person"
    family_member_id: str = ""

    def as_json(self) -> dict:
        data = {"name": self.name, "role": self.role, "family_member_id": self.family_member_id}
        if self.role == "parent" and not self.family_member_id:
            data["salutation"] = "parent or carer"
        return data


@dataclass(frozen=True)
class Addressees:
    to: list[Person]
    copies: list[Person] = field(default_factory=list)
    young_person: bool = False


def parent_may_see(member: FamilyMember) -> bool:
    """Whether a parent may still see a young person's case (and so have a copy): the
    young person's decision, the one rule every family read asks
    (sen_portal.family.access.may_see_case, through casework.access)."""
    return family_member_may_see(member=member)


def rights_holders(child: Child, on: datetime.date) -> Addressees:
    """The people a family notice dated ``on`` is addressed to, and who gets a copy."""
    parents = [
        Person(m.full_name, "parent", str(m.pk))
        for m in child.family_members.all()
        if m.parental_responsibility
    ]
    if is_young_person(child.date_of_birth, on):
        copies = [
            Person(m.full_name, "parent", str(m.pk))
            for m in child.family_members.all()
            if m.parental_responsibility and parent_may_see(m)
        ]
        return Addressees([Person(child.full_name, "young_person")], copies, young_person=True)
    if not parents:
        # No one with parental responsibility is recorded yet: the letter still goes,
        # to the home address, and the case page shows whom it was addressed to.
        parents = [Person(f"The parent or carer of {child.full_name}", "parent")]
    return Addressees(parents)


def postal_address(child: Child) -> str:
    lines = [child.address_line_1, child.address_line_2, child.town, child.postcode]
    return "\n".join(line for line in lines if line)


# --- Email delivery -------------------------------------------------------------------
# Whether the addressees have agreed to be sent notices by email is the family portal's
# knowledge (their account, their email setting), and casework does not import the
# portal: the portal registers a function here. Without one, letters go by post.
EmailAccounts = Callable[[Child, Addressees], "list | None"]
_email_accounts: list[EmailAccounts] = []


def register_email_accounts(function: EmailAccounts) -> None:
    _email_accounts[:] = [function]


def email_accounts(child: Child, addressees: Addressees) -> list | None:
    """The portal accounts to email a link to, or None to send it by post: every
    addressee must be reachable (an agreed email address) for a notice to go by email."""
    if not _email_accounts:
        return None
    return _email_accounts[0](child, addressees)
