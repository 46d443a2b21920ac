"""Fictional people for demos and tests: invented names, example.org addresses, and
identifiers that pass their check digits but belong to nobody."""

import datetime

from stdnum.gb import nhs, upn

from sen_portal.casework import services
from sen_portal.casework.models import Child, FamilyMember

# LA 801 is a real LA number format; the establishment numbers 9xxx are not issued.
DEMO_LA_NUMBER = "801"


def demo_upn(serial: int, *, school: int = 9901, year: int = 15) -> str:
    body = f"{DEMO_LA_NUMBER}{school:04d}{year:02d}{serial:03d}"
    return upn.calc_check_digit(body) + body


def demo_nhs_number(serial: int) -> str:
    """NHS numbers starting 999 are reserved for testing and never issued to patients."""
    for bump in range(20):
        stem = f"999{(serial * 20 + bump) % 1_000_000:06d}"
        for check in "0123456789":
            if nhs.is_valid(stem + check):
                return stem + check
    raise ValueError("no valid demo NHS number near this serial")


def demo_uln(serial: int) -> str:
    """Ten digits with the Learning Records Service check digit."""
    for bump in range(20):
        stem = f"9{(serial * 20 + bump) % 100_000_000:08d}"
        remainder = sum(int(d) * w for d, w in zip(stem, range(10, 1, -1), strict=True)) % 11
        if remainder:
            return stem + str(10 - remainder)
    raise ValueError("no valid demo ULN near this serial")


# Fictional SEN2 person items, cycled through the demo children.
_DEMO_SEXES = ("M", "F", "F", "M", "M", "F", "M", "F", "U", "F")
_DEMO_ETHNICITIES = ("WBRI", "BAFR", "WBRI", "APKN", "MWBC", "WBRI", "WOTH", "CHNE", "NOBT", "AIND")


def demo_person_items(serial: int, *, has_upn: bool, age: int) -> dict[str, str]:
    """Sex, ethnicity and, with no UPN, the SEN2 reason for it (a child under 6 not yet
    at school: UN1; anyone older: UN2, never at a school in England)."""
    items = {
        "sex": _DEMO_SEXES[(serial - 1) % len(_DEMO_SEXES)],
        "ethnicity": _DEMO_ETHNICITIES[(serial - 1) % len(_DEMO_ETHNICITIES)],
        "upn_unknown_reason": "",
    }
    if not has_upn:
        items["upn_unknown_reason"] = "UN1" if age < 6 else "UN2"
    return items


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )


def demo_child_create(
    *,
    acting_user,
    serial: int,
    today: datetime.date,
    family_contact: bool = True,
    **fields,
) -> Child:
    """A fictional child through the real service (as the "add a case" page does), with
    the SEN2 person items every child in the return needs (DfE SEN2 guide, module 1):
    sex, ethnicity and a valid made-up UPN at school age (python-stdnum checks it), a
    ULN from 14, and otherwise the recorded reason for no UPN. ``serial`` keeps every
    identifier unique across the demo. With ``family_contact``, a parent with parental
    responsibility as the main contact, so the letters have someone to go to (CFA s36,
    Reg 4: notices go to the child's parent)."""
    age = age_on(fields["date_of_birth"], today)
    has_upn = 4 <= age <= 18
    child = services.child_create(
        acting_user=acting_user,
        upn=demo_upn(serial) if has_upn else "",
        uln=demo_uln(serial) if age >= 14 else "",
        nhs_number=demo_nhs_number(serial),
        **demo_person_items(serial, has_upn=has_upn, age=age),
        **fields,
    )
    if family_contact:
        first = _DEMO_PARENT_NAMES[serial % len(_DEMO_PARENT_NAMES)]
        services.family_member_add(
            acting_user=acting_user,
            child=child,
            full_name=f"{first} {child.last_name}",
            relationship=FamilyMember.Relationship.PARENT,
            parental_responsibility=True,
            email=f"{first.lower()}.{child.last_name.lower()}@example.org",
            is_main_contact=True,
        )
    return child


_DEMO_PARENT_NAMES = ("Alex", "Sam", "Robin", "Chris", "Jo", "Kim", "Lee", "Pat", "Ash", "Morgan")
