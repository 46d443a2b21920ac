"""School year groups in England, from the date of birth alone.

Children born from 1 September of one year to 31 August of the next are in the same year
group. They start Reception in the September after they turn 4 and move up every
1 September, so a child is in year 9 from the September after their 13th birthday (a
child born on 1 September turns 14 on their first day of year 9: the oldest of the
group). Pure Python: no Django.

This is the chronological year group, which the law uses ("from year 9", Reg 6(1)(i)
and CoP 8.9); a child taught out of their year group keeps this one for those rules.
"""

from __future__ import annotations

from datetime import date

# Reception is year 0: a child's year group is the number of school years since they
# started Reception.
RECEPTION = 0
# Preparing-for-adulthood advice is sought "from year 9 onwards" (Reg 6(1)(i)).
PREPARING_FOR_ADULTHOOD_FROM = 9
_RECEPTION_AFTER_BIRTH_YEAR = 5


def academic_year(day: date) -> int:
    """The calendar year in which the school year containing ``day`` began: 1 September
    2024 to 31 August 2025 is academic year 2024."""
    return day.year if day.month >= 9 else day.year - 1


def year_group(date_of_birth: date, on: date) -> int:
    """The England year group of a child born on ``date_of_birth``, on the day ``on``:
    0 for Reception, 1 to 13 for years 1 to 13, negative before Reception (-1 is the year
    before, usually nursery), 14 and more after year 13."""
    return academic_year(on) - academic_year(date_of_birth) - _RECEPTION_AFTER_BIRTH_YEAR


def year_group_label(group: int) -> str:
    if group < RECEPTION:
        return "Early years (before Reception)"
    if group == RECEPTION:
        return "Reception"
    if group <= 13:
        return f"Year {group}"
    return "Beyond year 13"


def preparing_for_adulthood_applies(date_of_birth: date, on: date) -> bool:
    """True from the start of year 9: advice on preparing for adulthood and independent
    living must then be sought in an EHC needs assessment."""
    return year_group(date_of_birth, on) >= PREPARING_FOR_ADULTHOOD_FROM
