"""Which children move between phases of education, from their date of birth alone
(assessments/year_groups.py), and the Reg 18(1) dates of each move. Pure Python."""

from __future__ import annotations

import datetime

from assessments.year_groups import academic_year
from sen_portal import timescales

# The year group a child starts in September of the transfer year, by phase.
PHASE_YEAR_GROUPS = {"reception": 0, "junior": 3, "secondary": 7, "post16": 12}
# A move into year 3 is a phase transfer only from an infant school (to a junior
# school): a primary school keeps the child. Get Information About Schools gives the
# school's phase; our institutions record only a name, which says "Infant".
INFANT_MARKER = "infant"


def clock_start(transfer_year: int) -> datetime.date:
    """1 September of the child's last school year before the move: within 12 months of
    the transfer, when the review that names the next setting begins (Reg 18(1))."""
    return datetime.date(transfer_year - 1, 9, 1)


def deadline_code(phase: str) -> str:
    return "phase_transfer_post16" if phase == "post16" else "phase_transfer_school"


def transfer_due(transfer_year: int, phase: str) -> datetime.date:
    """The last lawful day: before 15 February of the year of the move, before 31 March
    for post-16, so 14 February or 30 March (Reg 18(1))."""
    return timescales.due_date(deadline_code(phase), clock_start(transfer_year))


def birth_range(transfer_year: int, phase: str) -> tuple[datetime.date, datetime.date]:
    """Children born between these dates (inclusive) start the phase's year group in
    September of ``transfer_year``: 1 September to 31 August of one academic year."""
    born_in = transfer_year - 5 - PHASE_YEAR_GROUPS[phase]
    return datetime.date(born_in, 9, 1), datetime.date(born_in + 1, 8, 31)


def transfer_year_for(today: datetime.date) -> int:
    """The transfer this school year is preparing: next September's."""
    return academic_year(today) + 1
