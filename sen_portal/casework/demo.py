"""Fictional people for demos and tests: invented names, example.org addresses, and
identifiers that pass their check digits but belong to nobody."""

import contextlib
import datetime
import functools
import itertools

from django.utils import timezone
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


# --- The demo's clock ----------------------------------------------------------------------
# The services take the date of each step (``on=``, ``received_on=``...) and write it
# where the law needs it (deadlines, letters); the case history and "what changed" read
# when each row was written. So that those agree with the dates too, each demo step runs
# with the clock at 10am on its date (time-machine, installed with the development
# packages `make run` uses; without it the steps simply run now), and steps that take no
# date run on the day of the step before them.

# Keyword arguments that say when a step was taken, most telling first. Not the dates of
# something arranged for later (a meeting, a hearing).
STEP_DATES = (
    "responded_on",
    "received_on",
    "on",
    "requested_on",
    "made_on",
    "held_on",
    "named_on",
    "invited_on",
    "consulted_on",
    "entry_date",
    "decision_on",
)


class _Clock:
    day: datetime.date | None = None
    # Steps on the same day follow each other a second apart, in the order taken.
    ticks = itertools.count()


_clock = _Clock()


@contextlib.contextmanager
def demo_day(day: datetime.date | None):
    """Run the block with the clock at 10am on ``day`` (a past day; today or later, or
    None: now). Later steps that take no date run on this day too."""
    try:
        import time_machine
    except ImportError:  # a production install: seed_demo refuses to run there anyway
        time_machine = None
    if day is None or day >= timezone.localdate() or time_machine is None:
        _clock.day = None
        yield
        return
    _clock.day = day
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    with time_machine.travel(moment + datetime.timedelta(seconds=next(_clock.ticks)), tick=True):
        yield


def _step_day(kwargs: dict) -> datetime.date | None:
    for name in STEP_DATES:
        value = kwargs.get(name)
        if isinstance(value, datetime.date):
            return value
    return _clock.day


class dated:  # noqa: N801 - used like a module: `services = dated(services)`
    """A services module whose functions run on the day of the step they are given
    (see STEP_DATES), through ``demo_day``."""

    def __init__(self, module) -> None:
        self._module = module

    def __getattr__(self, name: str):
        function = getattr(self._module, name)
        if not callable(function):
            return function

        @functools.wraps(function)
        def on_its_day(*args, **kwargs):
            with demo_day(_step_day(kwargs)):
                return function(*args, **kwargs)

        return on_its_day


def demo_child_create(
    *,
    acting_user,
    serial: int,
    today: datetime.date,
    family_contact: bool = True,
    opened_on: datetime.date | None = None,
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
    with demo_day(opened_on):
        return _child_create(acting_user, serial, age, has_upn, family_contact, fields)


def _child_create(acting_user, serial, age, has_upn, family_contact, fields) -> Child:
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
