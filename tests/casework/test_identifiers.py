import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sen_portal.casework.demo import demo_nhs_number, demo_uln, demo_upn
from sen_portal.casework.identifiers import (
    uln_is_valid,
    validate_nhs_number,
    validate_uln,
    validate_upn,
)


def test_the_uln_check_digit_follows_the_learning_records_service_rule():
    # 1000000000: 1*10 = 10; 10 % 11 = 10; check digit 10 - 10 = 0
    assert uln_is_valid("1000000000")
    assert not uln_is_valid("1000000001")
    # 2000000000: 2*10 = 20; 20 % 11 = 9; check 1
    assert uln_is_valid("2000000001")
    assert not uln_is_valid("0123456789")  # never starts with 0
    assert not uln_is_valid("12345")


def test_a_remainder_of_zero_is_never_a_valid_uln():
    # Find a stem whose weighted sum is a multiple of 11: no check digit can make it valid.
    stems = [f"{n:09d}" for n in range(100000000, 100000300)]
    zero = next(
        s
        for s in stems
        if sum(int(d) * w for d, w in zip(s, range(10, 1, -1), strict=True)) % 11 == 0
    )
    assert not any(uln_is_valid(zero + str(d)) for d in range(10))


@given(st.integers(min_value=1, max_value=10_000))
def test_demo_identifiers_always_pass_their_checks(serial):
    validate_upn(demo_upn(serial % 1000))
    validate_nhs_number(demo_nhs_number(serial))
    validate_uln(demo_uln(serial))


@pytest.mark.parametrize(
    "validator,value",
    [
        (validate_upn, "A801200102012"),
        (validate_upn, "not a upn"),
        (validate_nhs_number, "9434765918"),
        (validate_nhs_number, "123"),
        (validate_uln, "9999999999"),
    ],
)
def test_wrong_identifiers_are_refused(validator, value):
    with pytest.raises(ValidationError):
        validator(value)
