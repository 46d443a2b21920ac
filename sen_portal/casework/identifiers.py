"""Checks for the national identifiers on a child's record.

UPN and NHS number use python-stdnum. The Unique Learner Number has no library check, so it
is written here from the Learning Records Service rule: ten digits, the first nine weighted
10 down to 2, and the check digit is 10 minus the sum modulo 11 (a remainder of 0 is never
issued).
"""

from django.core.exceptions import ValidationError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.gb import nhs, upn


def normalise(value: str) -> str:
    return "".join(value.split()).upper()


def validate_upn(value: str) -> None:
    try:
        upn.validate(normalise(value))
    except StdnumError as exc:
        raise ValidationError(
            "Enter a real unique pupil number (UPN): 13 characters, like Q801200102011. "
            "Check the letters and numbers are right",
            code="invalid_upn",
        ) from exc


def validate_nhs_number(value: str) -> None:
    try:
        nhs.validate(normalise(value))
    except StdnumError as exc:
        raise ValidationError(
            "Enter a real NHS number: 10 digits, like 943 476 5919", code="invalid_nhs_number"
        ) from exc


def uln_is_valid(value: str) -> bool:
    value = normalise(value)
    if len(value) != 10 or not value.isdigit() or value[0] == "0":
        return False
    remainder = sum(int(d) * w for d, w in zip(value[:9], range(10, 1, -1), strict=True)) % 11
    return remainder != 0 and int(value[9]) == 10 - remainder


def validate_uln(value: str) -> None:
    if not uln_is_valid(value):
        raise ValidationError(
            "Enter a real unique learner number (ULN): 10 digits. Check the number is right",
            code="invalid_uln",
        )
