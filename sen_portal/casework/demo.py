"""Fictional people for demos and tests: invented names, example.org addresses, and
identifiers that pass their check digits but belong to nobody."""

from stdnum.gb import nhs, upn

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
