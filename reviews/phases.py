"""Which children move between phases of education, and the Reg 18(1) dates of each move.
Pure Python.

The definition followed is SI 2014/1530 reg 2(1), "transfer between phases of
education": a transfer from (a) relevant early years education to school, (b) infant
school to junior school, (c) primary school to middle school, (d) primary school to
secondary school, (e) middle school to secondary school, (f) secondary school to a
post-16 institution. As year groups in September of the year of the move:

* two-tier areas (the default): Reception (a), year 3 from an infant school only (b: a
  primary school keeps the child), year 7 (d), year 12 (f);
* three-tier areas (first, middle and upper schools): Reception (a), year 5 into a
  middle school (c), year 9 into an upper school (e; upper schools are secondary
  schools), year 12 (f). The ages of first, middle and upper schools vary between areas;
  years 5 and 9 are the common pattern (first 4-9, middle 9-13, upper 13-18), which we
  could not confirm in any statutory text: it is a council's setting to check.

Not transfers: a pupil who stays in the same all-through school at year 7 (or year 5 and
9); a pupil who stays in their school's own sixth form at year 12 (a school sixth form is
not a "post-16 institution", CFA s83(2)). A child taught out of their year group moves
with the year group they are taught in (``offset``: -1 a year below).
"""

from __future__ import annotations

import datetime

from assessments.year_groups import academic_year, year_group
from sen_portal import timescales

# The year group a child starts in September of the transfer year, by phase and scheme.
SCHEMES: dict[str, dict[str, int]] = {
    "two_tier": {"reception": 0, "junior": 3, "secondary": 7, "post16": 12},
    "three_tier": {"reception": 0, "middle": 5, "upper": 9, "post16": 12},
}
DEFAULT_SCHEME = "two_tier"
# Every phase's year group, whichever the scheme (for birth ranges).
ALL_PHASES = {phase: group for scheme in SCHEMES.values() for phase, group in scheme.items()}
# Backwards compatible name: the two-tier scheme.
PHASE_YEAR_GROUPS = SCHEMES[DEFAULT_SCHEME]
# Year group offsets a plan may record (plans.Plan.year_group_offset).
OFFSETS = (-2, -1, 0, 1)
# A move into year 3 is a phase transfer only from an infant school (to a junior
# school): a primary school keeps the child. Get Information About Schools gives the
# school's phase; our institutions record only a name, which says "Infant".
INFANT_MARKER = "infant"
# Moves that all-through schools keep inside the school.
_ALL_THROUGH_KEEPS = {"junior", "secondary", "middle", "upper"}


def year_groups(scheme: str = DEFAULT_SCHEME) -> dict[str, int]:
    try:
        return SCHEMES[scheme]
    except KeyError:
        raise ValueError(
            f"Unknown phase transfer scheme {scheme!r}; expected one of {', '.join(SCHEMES)}"
        ) from None


def clock_start(transfer_year: int) -> datetime.date:
    """1 September of the child's last school year before the move: within 12 months of
    the transfer, when the review that names the next setting begins (Reg 18(1))."""
    return datetime.date(transfer_year - 1, 9, 1)


def deadline_code(phase: str) -> str:
    if phase == "post16_move":
        return "post16_transfer_review"
    return "phase_transfer_post16" if phase == "post16" else "phase_transfer_school"


def transfer_due(transfer_year: int, phase: str) -> datetime.date:
    """The last lawful day: before 15 February of the year of the move, before 31 March
    for post-16, so 14 February or 30 March (Reg 18(1))."""
    return timescales.due_date(deadline_code(phase), clock_start(transfer_year))


def birth_range(
    transfer_year: int, phase: str, offset: int = 0
) -> tuple[datetime.date, datetime.date]:
    """Children born between these dates (inclusive) start the phase's year group in
    September of ``transfer_year`` (taught ``offset`` years from their age group): 1
    September to 31 August of one academic year."""
    born_in = transfer_year - 5 - ALL_PHASES[phase] + offset
    return datetime.date(born_in, 9, 1), datetime.date(born_in + 1, 8, 31)


def taught_year_group(date_of_birth: datetime.date, transfer_year: int, offset: int = 0) -> int:
    """The year group a child is taught in from September of ``transfer_year``."""
    return year_group(date_of_birth, datetime.date(transfer_year, 9, 1)) + offset


def phase_for(
    date_of_birth: datetime.date,
    transfer_year: int,
    *,
    offset: int = 0,
    scheme: str = DEFAULT_SCHEME,
    placement_name: str = "",
    all_through: bool = False,
    sixth_form: bool = False,
) -> str | None:
    """The phase a child moves into in September of ``transfer_year``, or None when that
    September is no transfer for them (see the module docstring)."""
    group = taught_year_group(date_of_birth, transfer_year, offset)
    phase = next((p for p, g in year_groups(scheme).items() if g == group), None)
    if phase is None:
        return None
    if phase == "junior" and INFANT_MARKER not in placement_name.lower():
        return None
    if phase in _ALL_THROUGH_KEEPS and all_through:
        return None
    if phase == "post16" and sixth_form:
        return None
    return phase


def transfer_year_for(today: datetime.date) -> int:
    """The transfer this school year is preparing: next September's."""
    return academic_year(today) + 1
