"""The statutory calendar for EHC needs assessments and plans in England.

Pure Python on purpose: no Django and nothing else of ours, so the rules can be read,
tested and argued about on their own. Every period lives once, in ``TIMESCALES``; the
functions below only do date arithmetic.

Counting rules
--------------
* "Within N weeks/days of X" counts from the day of X without counting that day: the last
  permitted day is X + N. So a request received on Monday 6 January 2025 must be decided
  by Monday 17 February 2025 (6 weeks) and the final plan issued by Monday 26 May 2025
  (20 weeks). Weeks are calendar weeks: 20 weeks is always 140 days, school holidays
  included (they matter only through the exceptions, never by stretching the clock).
* "At least 15 days beginning with the day on which it was served" (Regs 13(1), 22(2)(c))
  counts the day of service as day 1, so the last day is service + 14.
* Calendar months keep the day of the month and, where that month is shorter, end on its
  last day (31 January + 1 month = 28 February, or 29 February in a leap year): the
  "corresponding date" rule of Dodds v Walker [1981] applied to a date that does not exist.
* A deadline falling on a weekend or bank holiday does NOT move. The Regulations contain
  no such rule, and the 20-week measure reported to the DfE (SEN2) is plain day counting.
  The one exception is the family's appeal deadline, which the Tribunal's own procedure
  rules move (see ``appeal_due``).
* Working days (mediation certificates) skip Saturdays, Sundays and England-and-Wales bank
  holidays, taken from the ``holidays`` library, never typed in by hand.
* Exceptions (Reg 5(4), 8(2), 10(4), 13(3), 27(3), 44(3)) never move a deadline. They
  disapply one time limit for one case, so a step can be late "with an exception"; we
  record that, we do not recompute the date.
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal, NamedTuple

import holidays

__all__ = [
    "EXCEPTION_REASONS",
    "SERVICE_METHODS",
    "TIMESCALES",
    "TIMESCALE_EXCEPTIONS",
    "COUNCIL_CODES",
    "WHOSE_DATE",
    "Direction",
    "ExceptionReason",
    "Party",
    "ServiceMethod",
    "Timescale",
    "Unit",
    "add_months",
    "add_weeks",
    "add_working_days",
    "appeal_due",
    "days_left_in_words",
    "due_date",
    "exception_reasons_for",
    "is_working_day",
    "is_young_person",
    "last_day_of_months_starting_with",
    "phase_transfer_due",
    "reassessment_dates",
    "reassessment_refusable_within_six_months",
    "request_dates",
    "review_dates",
    "school_leaving_date",
    "service_date",
    "subtract_working_days",
    "whose_date",
    "working_days_between",
    "young_person_from",
    "young_person_until",
]


# --------------------------------------------------------------------------------------
# Date arithmetic
# --------------------------------------------------------------------------------------


def add_weeks(start: date, weeks: int) -> date:
    """Calendar weeks: always exactly 7 days each, whatever falls in between."""
    return start + timedelta(weeks=weeks)


def add_months(start: date, months: int) -> date:
    """Same day of the month ``months`` later (or earlier, if negative), clamped to
    the last day of a shorter month: 31 Jan 2025 + 1 = 28 Feb 2025; 29 Feb 2024 + 12 =
    28 Feb 2025. The result's day is never later in the month than the start's."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def last_day_of_months_starting_with(start: date, months: int) -> date:
    """The last day of "the period of ``months`` months starting with" ``start`` (CFA
    s44(1)): the start day counts, so the period ends the day before the same day of
    the month ``months`` later. 12 months starting with 10 March 2026 end on 9 March
    2027. Where that day does not exist the next period would begin on the 1st of the
    following month, so 12 months starting with 29 February 2024 end on 28 February
    2025, and 1 month starting with 31 January 2025 ends on 28 February 2025."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if start.day > calendar.monthrange(year, month)[1]:
        next_start = date(year + (month == 12), month % 12 + 1, 1)
    else:
        next_start = date(year, month, start.day)
    return next_start - timedelta(days=1)


@lru_cache(maxsize=1)
def _bank_holidays() -> holidays.HolidayBase:
    # One shared calendar. The library fills in years lazily as dates are looked up.
    return holidays.country_holidays("GB", subdiv="ENG")


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an England-and-Wales bank holiday."""
    return day.weekday() < 5 and day not in _bank_holidays()


@lru_cache(maxsize=4096)  # the calendar never changes; pages ask the same sums per row
def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (before it, if negative).

    ``start`` itself is never counted, so adding 3 working days to a Thursday gives the
    following Tuesday, and adding 1 to a Saturday gives the Monday (or later, if that is
    a bank holiday). Adding 0 returns ``start`` unchanged.
    """
    step = timedelta(days=1 if days >= 0 else -1)
    remaining = abs(days)
    day = start
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def subtract_working_days(start: date, days: int) -> date:
    """The ``days``-th working day before ``start`` (e.g. "5 working days' notice")."""
    return add_working_days(start, -days)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative if ``end``
    comes first. The inverse of ``add_working_days``:
    ``working_days_between(d, add_working_days(d, n)) == n`` for n >= 0."""
    if end < start:
        return -working_days_between(end, start)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + timedelta(days=offset))
    )


def days_left_in_words(today: date, due: date) -> str:
    """Calendar days to or past a deadline, for pages: "due today", "3 days left",
    "1 day overdue"."""
    delta = (due - today).days
    if delta == 0:
        return "due today"
    count = abs(delta)
    noun = "day" if count == 1 else "days"
    return f"{count} {noun} left" if delta > 0 else f"{count} {noun} overdue"


# --------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------


class Unit(enum.Enum):
    CALENDAR_DAYS = "calendar days"
    WEEKS = "weeks"
    MONTHS = "months"
    WORKING_DAYS = "working days"


Direction = Literal["after", "before"]


@dataclass(frozen=True)
class Timescale:
    """One statutory (or, where marked, guidance) period.

    ``direction`` "after": the step is due ``amount`` ``unit`` after the clock starts.
    ``direction`` "before": papers are due ``amount`` ``unit`` before the event (a
    review meeting, a transfer), so the last day is the event minus the period.
    ``counts_start_day``: the period "begins with" (or "starts with") the start day, so
    15 days end on start + 14 (Regs 13(1), 22(2)) and 12 months starting with 10 March
    2026 end on 9 March 2027 (CFA s44(1)).
    """

    code: str
    title: str
    amount: int
    unit: Unit
    clock_starts: str
    regulation: str
    exceptions_apply: bool
    direction: Direction = "after"
    counts_start_day: bool = False
    # The Tribunal's own rules move its time limits off weekends, bank holidays, August
    # and Christmas (see appeal_due); the council's time limits never move.
    tribunal_rules: bool = False
    # A fixed day of the year (month, day) instead of a period (Reg 18(1) phase
    # transfers): due on the first such day after the clock starts; amount and unit then
    # give the longest the clock can run (at most 12 months).
    fixed_day: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.fixed_day is not None and self.direction != "after":
            raise ValueError(f"{self.code}: a fixed day is due after the clock starts")
        if self.amount < 0 or (self.amount == 0 and self.unit is not Unit.CALENDAR_DAYS):
            raise ValueError(f"{self.code}: amount must be positive (0 days: immediately)")
        if self.direction not in ("after", "before"):
            raise ValueError(f"{self.code}: direction must be 'after' or 'before'")
        if self.counts_start_day and (
            self.direction != "after" or self.unit not in (Unit.CALENDAR_DAYS, Unit.MONTHS)
        ):
            raise ValueError(f"{self.code}: counts_start_day is for calendar days or months after")

    @property
    def period(self) -> str:
        """Plain words for pages: "6 weeks", "15 days", "3 working days", "1 month"."""
        if self.fixed_day is not None:
            month, day = self.fixed_day
            return f"by {day} {calendar.month_name[month]}"
        if self.amount == 0:
            return "immediately"
        unit = "days" if self.unit is Unit.CALENDAR_DAYS else self.unit.value
        if self.amount == 1:
            unit = unit[:-1]
        return f"{self.amount} {unit}"

    def due(self, start: date) -> date:
        due = self._count(start)
        return _tribunal_time_limit(due) if self.tribunal_rules else due

    def _count(self, start: date) -> date:
        if self.fixed_day is not None:
            month, day = self.fixed_day
            due = date(start.year, month, day)
            return due if due > start else date(start.year + 1, month, day)
        if self.counts_start_day and self.unit is Unit.MONTHS:
            return last_day_of_months_starting_with(start, self.amount)
        amount = self.amount - 1 if self.counts_start_day else self.amount
        if self.direction == "before":
            amount = -amount
        if self.unit is Unit.CALENDAR_DAYS:
            return start + timedelta(days=amount)
        if self.unit is Unit.WEEKS:
            return add_weeks(start, amount)
        if self.unit is Unit.MONTHS:
            return add_months(start, amount)
        return add_working_days(start, amount)


_D, _W, _M, _WD = Unit.CALENDAR_DAYS, Unit.WEEKS, Unit.MONTHS, Unit.WORKING_DAYS
_EXCEPTIONS, _NO_EXCEPTIONS = True, False

# A table reads best as a table: the formatter is kept out of it.
# fmt: off
_TABLE: tuple[Timescale, ...] = (
    # code, title, amount, unit,
    #     clock starts, regulation, exceptions apply[, direction / counts_start_day]
    # Assessment. The 6, 16 and 20 weeks all run from the same day: the LA receiving
    # the request (or becoming responsible under CFA s24).
    Timescale("decide_whether_to_assess", "Decide whether to assess", 6, _W,
              "Request received", "Reg 5(1)", _EXCEPTIONS),
    # Runs separately for each advice giver, from the day that body gets the request.
    Timescale("advice_due", "Advice due back", 6, _W,
              "Advice requested", "Reg 8(1)", _EXCEPTIONS),
    Timescale("decide_not_to_issue", "Tell the family no plan will be issued", 16, _W,
              "Request received", "Reg 10(1)", _EXCEPTIONS),
    # A minimum window for the family, not a deadline for them: the LA may not finalise
    # before it ends.
    Timescale("draft_representations", "Family's comments on the draft plan", 15, _D,
              "Draft plan served", "Reg 13(1)", _NO_EXCEPTIONS, counts_start_day=True),
    # Guidance only (CoP 9.79 under CFA s39(2)): "should respond within 15 days", with no
    # rule on counting. We count it like the family's window that it runs alongside,
    # beginning with the day the consultation is sent (start + 14). That is a day
    # earlier than the ordinary "within N days of" reading, so a chase is never late.
    Timescale("institution_consultation", "School or college replies to consultation",
              15, _D, "Consultation sent", "CFA s39(2); CoP 9.79", _NO_EXCEPTIONS,
              counts_start_day=True),
    Timescale("final_plan", "Issue the final plan", 20, _W,
              "Request received", "Reg 13(2)", _EXCEPTIONS),
    # Plans in force.
    # CFA s44(1): "in the period of 12 months starting with the date on which the plan
    # was first made" and then "starting with the date on which it was last reviewed".
    # The start day is day 1: from 10 March 2026 the last day is 9 March 2027.
    Timescale("annual_review", "Hold the annual review", 12, _M,
              "Plan issued or last review meeting", "CFA s44(1)", _NO_EXCEPTIONS,
              counts_start_day=True),
    # Notice of the meeting (20(3)) and the circulated advice (20(4)): same two weeks.
    Timescale("review_papers", "Send review invitations and papers", 2, _W,
              "Review meeting", "Reg 20(3)-(4)", _NO_EXCEPTIONS, direction="before"),
    Timescale("review_report", "Send the review report", 2, _W,
              "Review meeting", "Reg 20(7)", _NO_EXCEPTIONS),
    Timescale("review_decision", "Decide to keep, amend or end the plan", 4, _W,
              "Review meeting", "Reg 20(10)", _NO_EXCEPTIONS),
    Timescale("amendment_representations", "Family's comments on proposed amendments",
              15, _D, "Amendment notice served", "Reg 22(2)(c)", _NO_EXCEPTIONS,
              counts_start_day=True),
    Timescale("amended_plan", "Issue the amended plan", 8, _W,
              "Amendment proposals sent", "Reg 22(3)", _NO_EXCEPTIONS),
    # The proposals must go with the 4-week decision, so 4 + 8 weeks from the meeting.
    Timescale("amended_plan_after_review", "Amended plan at the latest after a review",
              12, _W, "Review meeting", "Reg 22(3); R (L, M & P) v Devon CC [2022]",
              _NO_EXCEPTIONS),
    # Phase transfers (Reg 18(1)): the plan must be reviewed and amended, naming the next
    # school or college, "before (a) 31 March in the calendar year of the child or young
    # person's transfer from secondary school to a post-16 institution; and (b) 15
    # February ... in any other case". Before: the last lawful day is 14 February (30
    # March), and that is the due day here. The clock starts on 1 September of the
    # child's last school year before the move, so the due day is the next 14 February
    # (30 March) after it: 14 February 2026 for a child starting year 7 in September
    # 2026. The deadline is met by issuing the final amended plan naming the institution.
    Timescale("phase_transfer_school", "Issue the amended plan naming the next school",
              12, _M, "School year before the transfer begins (1 September)",
              "Reg 18(1)(b)", _NO_EXCEPTIONS, fixed_day=(2, 14)),
    Timescale("phase_transfer_post16", "Issue the amended plan naming the post-16 setting",
              12, _M, "School year before the transfer begins (1 September)",
              "Reg 18(1)(a)", _NO_EXCEPTIONS, fixed_day=(3, 30)),
    # Post-16 to post-16 moves at other times than the usual phase transfers.
    Timescale("post16_transfer_review", "Review and amend before a post-16 move", 5, _M,
              "Date of the move", "Reg 18(2)", _NO_EXCEPTIONS, direction="before"),
    # Reassessment. Reg 25 says "within 15 days of receiving", not "beginning with", so
    # the ordinary rule applies: start + 15.
    Timescale("reassessment_decision", "Decide whether to reassess", 15, _D,
              "Reassessment request received", "Reg 25(1)", _NO_EXCEPTIONS),
    # Reg 27(2): "within 14 weeks of the notification under regulation 25(1) or of deciding
    # it is necessary to reassess under section 44(3)": from the decision to reassess, not
    # from the request.
    Timescale("reassessment_final_plan", "Issue the plan after reassessment", 14, _W,
              "Decision to reassess sent", "Reg 27(2)", _EXCEPTIONS),
    # Disagreement. The two appeal periods follow the Tribunal's rules on time limits
    # ending on holidays (tribunal_rules); ``appeal_due`` takes the later of them.
    # Reg 33 with HESC Rules r20(1)(c): before most appeals the family must contact a
    # mediation adviser, within 2 months of the written notice of the decision being
    # sent (after that the appeal itself is out of time unless a certificate follows).
    Timescale("mediation_adviser_contact", "Family contacts a mediation adviser", 2, _M,
              "Decision notice sent", "Reg 33; HESC Tribunal Rules r20(1)(c)",
              _NO_EXCEPTIONS),
    Timescale("mediation_certificate", "Issue the mediation certificate", 3, _WD,
              "Mediation adviser told", "Reg 34", _NO_EXCEPTIONS),
    Timescale("mediation_held", "Hold mediation", 30, _D,
              "Authority told the family wants mediation", "Reg 37", _NO_EXCEPTIONS),
    Timescale("appeal_after_decision", "Appeal deadline from the decision", 2, _M,
              "Decision notice sent", "HESC Tribunal Rules r20(1)(c)", _NO_EXCEPTIONS,
              tribunal_rules=True),
    Timescale("appeal_after_certificate", "Appeal deadline from the certificate", 1, _M,
              "Mediation certificate issued", "HESC Tribunal Rules r20(1)(c)", _NO_EXCEPTIONS,
              tribunal_rules=True),
    # Complying with tribunal orders: every clock runs from the date of the order.
    Timescale("tribunal_assess_notify", "Tribunal order: confirm the assessment", 2, _W,
              "Tribunal order made", "Reg 44(2)(b)", _EXCEPTIONS),
    Timescale("tribunal_assess_no_plan", "Tribunal order: tell the family no plan", 10, _W,
              "Tribunal order made", "Reg 44(2)(b)(i)", _EXCEPTIONS),
    Timescale("tribunal_assess_final_plan", "Tribunal order: final plan after assessing",
              14, _W, "Tribunal order made", "Reg 44(2)(b)(ii)", _EXCEPTIONS),
    Timescale("tribunal_make_plan_draft", "Tribunal order: issue the draft plan", 5, _W,
              "Tribunal order made", "Reg 44(2)(c)(i)", _EXCEPTIONS),
    Timescale("tribunal_make_plan_final", "Tribunal order: issue the final plan", 11, _W,
              "Tribunal order made", "Reg 44(2)(c)(ii)", _EXCEPTIONS),
    Timescale("tribunal_amend_plan", "Tribunal order: issue the amended plan", 5, _W,
              "Tribunal order made", "Reg 44(2)(e)", _EXCEPTIONS),
    Timescale("tribunal_amend_section_i", "Tribunal order: amend the placement (section I)",
              2, _W, "Tribunal order made", "Reg 44(2)(f)", _EXCEPTIONS),
    # Reg 44(2)(a): the Tribunal dismisses an appeal against ceasing: the plan ends at
    # once (0 days: due the day of the order).
    Timescale("tribunal_cease_immediately", "Tribunal order: cease to maintain the plan",
              0, _D, "Tribunal order made", "Reg 44(2)(a)", _NO_EXCEPTIONS),
    # Reg 44(2)(d): remitted to the authority to reconsider; its decision within 2 weeks.
    Timescale("tribunal_reconsider", "Tribunal order: reconsider and tell the family",
              2, _W, "Tribunal order made", "Reg 44(2)(d)", _EXCEPTIONS),
    # Reg 44(2)(g): continue to maintain the plan, at once.
    Timescale("tribunal_continue", "Tribunal order: continue to maintain the plan",
              0, _D, "Tribunal order made", "Reg 44(2)(g)", _NO_EXCEPTIONS),
    # Reg 44(2)(h): continue to maintain at once and issue the amended plan in 5 weeks.
    Timescale("tribunal_continue_and_amend", "Tribunal order: continue and amend the plan",
              5, _W, "Tribunal order made", "Reg 44(2)(h)", _EXCEPTIONS),
    # Reg 45 as substituted by SI 2015/359 reg 8: the authority does not oppose the appeal
    # before its response. Every clock runs from the day it told the Tribunal.
    Timescale("unopposed_assess_notify", "Conceded appeal: tell the family it will assess",
              2, _W, "Authority told the Tribunal it will not oppose", "Reg 45(3)",
              _EXCEPTIONS),
    Timescale("unopposed_assess_no_plan", "Conceded appeal: tell the family no plan",
              10, _W, "Authority told the Tribunal it will not oppose", "Reg 45(3A)(a)",
              _EXCEPTIONS),
    Timescale("unopposed_assess_final_plan", "Conceded appeal: final plan after assessing",
              14, _W, "Authority told the Tribunal it will not oppose", "Reg 45(3A)(b)",
              _EXCEPTIONS),
    Timescale("unopposed_amend_plan", "Conceded appeal: issue the amended plan",
              5, _W, "Authority told the Tribunal it will not oppose", "Reg 45(4)",
              _EXCEPTIONS),
    Timescale("unopposed_amend_section_i", "Conceded appeal: amend the placement (section I)",
              2, _W, "Authority told the Tribunal it will not oppose", "Reg 45(5)",
              _EXCEPTIONS),
    Timescale("unopposed_make_plan_draft", "Conceded appeal: issue the draft plan",
              5, _W, "Authority told the Tribunal it will not oppose", "Reg 45(6)",
              _EXCEPTIONS),
    Timescale("unopposed_make_plan_final", "Conceded appeal: issue the final plan",
              11, _W, "Authority told the Tribunal it will not oppose", "Reg 45(6)",
              _EXCEPTIONS),
    Timescale("unopposed_continue_and_amend", "Conceded appeal: continue and amend the plan",
              5, _W, "Authority told the Tribunal it will not oppose", "Reg 45(7)",
              _EXCEPTIONS),
    # Reg 42: a mediation agreement. On appealable matters the authority has the Reg 44
    # period of the matching order, as if the agreement were the order (Reg 42(2)); on
    # anything else, 2 weeks (Reg 42(3)); "Where the local authority was not a party to
    # the mediation, the responsible commissioning body must notify the local authority
    # of the mediation agreement within 1 week of the date of that agreement" (Reg
    # 42(4)). Parties may agree other periods in writing for (2) and (3), not (4) (Reg
    # 42(5)).
    Timescale("mediation_agreement_other", "Mediation agreement: do what was agreed",
              2, _W, "Mediation agreement made", "Reg 42(3)", _NO_EXCEPTIONS),
    Timescale("mediation_agreement_health", "Mediation agreement: health body tells the LA",
              1, _W, "Mediation agreement made", "Reg 42(4)", _NO_EXCEPTIONS),
    # Reg 42(3): "the local authority or responsible commissioning body must do that thing
    # within two weeks": health care provision agreed at a mediation without the council
    # is the commissioning body's to do, so its date, not the council's.
    Timescale("mediation_agreement_health_act",
              "Mediation agreement: health body does what was agreed",
              2, _W, "Mediation agreement made", "Reg 42(3)", _NO_EXCEPTIONS),
    # The First-tier Tribunal's health and social care recommendations (SEND (First-tier
    # Tribunal Recommendations Power) Regulations 2017, SI 2017/1306, reg 6): the
    # responsible body answers in writing within 5 weeks of the recommendation.
    Timescale("recommendation_response", "Answer the Tribunal's health or care recommendation",
              5, _W, "Recommendation made", "SI 2017/1306 reg 6", _NO_EXCEPTIONS),
)
# fmt: on

TIMESCALES: dict[str, Timescale] = {t.code: t for t in _TABLE}
if len(TIMESCALES) != len(_TABLE):
    raise RuntimeError("duplicate timescale code in the table")


# --------------------------------------------------------------------------------------
# Whose date: who must act by it
# --------------------------------------------------------------------------------------
#
# Most periods are the council's own duties. Some are the family's (a window they have,
# or a step they take) and some another body's (a school, an advice giver, the mediation
# adviser, a health commissioning body). Only the council's are escalated to managers
# and recorded as missed by the sweep: the family's 15 days on a draft end, they are
# not "breached" on day 16, and a school's late reply is chased, not the council's breach.


class Party(enum.StrEnum):
    COUNCIL = "council"
    FAMILY = "family"
    OTHER_BODY = "other_body"

    @property
    def label(self) -> str:
        return _PARTY_LABELS[self]


_PARTY_LABELS = {
    Party.COUNCIL: "The council",
    Party.FAMILY: "The family",
    Party.OTHER_BODY: "Another body",
}

# The periods that are not the council's; every other code is the council's.
# fmt: off
_NOT_THE_COUNCILS: dict[str, Party] = {
    # Reg 13(1), Reg 22(2)(c): a minimum window the family has, not a duty.
    "draft_representations": Party.FAMILY,
    "amendment_representations": Party.FAMILY,
    # Reg 33: the parent or young person contacts the mediation adviser.
    "mediation_adviser_contact": Party.FAMILY,
    # HESC Rules r20(1)(c): the family's appeal reaches the Tribunal.
    "appeal_after_decision": Party.FAMILY,
    "appeal_after_certificate": Party.FAMILY,
    # Reg 8(1): the person asked for advice "must comply with the request within 6 weeks".
    "advice_due": Party.OTHER_BODY,
    # CoP 9.79 (CFA s39(2)): the school or college consulted should reply within 15 days.
    "institution_consultation": Party.OTHER_BODY,
    # Regs 34, 39: the mediation adviser issues the certificate.
    "mediation_certificate": Party.OTHER_BODY,
    # Reg 42(4): the commissioning body tells the council of the agreement.
    "mediation_agreement_health": Party.OTHER_BODY,
    # Reg 42(3): the commissioning body does the health care part agreed without the council.
    "mediation_agreement_health_act": Party.OTHER_BODY,
}
# fmt: on
WHOSE_DATE: dict[str, Party] = {
    code: _NOT_THE_COUNCILS.get(code, Party.COUNCIL) for code in TIMESCALES
}
if set(_NOT_THE_COUNCILS) - set(TIMESCALES):
    raise RuntimeError("whose-date mapping names an unknown timescale")
COUNCIL_CODES: tuple[str, ...] = tuple(
    code for code, party in WHOSE_DATE.items() if party is Party.COUNCIL
)


def whose_date(code: str) -> Party:
    """Who must act by timescale ``code``'s date: the council, the family or another
    body."""
    return WHOSE_DATE[_timescale(code).code]


# --order KIND: what the Tribunal ordered (Reg 44(2)), what the authority conceded before
# responding (Reg 45 as substituted by SI 2015/359), a mediation agreement (Reg 42) or a
# health or social care recommendation (SI 2017/1306): the timescales each one starts.
ORDER_KINDS: dict[str, tuple[str, ...]] = {
    "cease": ("tribunal_cease_immediately",),
    "assess": ("tribunal_assess_notify", "tribunal_assess_no_plan", "tribunal_assess_final_plan"),
    "make_plan": ("tribunal_make_plan_draft", "tribunal_make_plan_final"),
    "reconsider": ("tribunal_reconsider",),
    "amend": ("tribunal_amend_plan",),
    "amend_section_i": ("tribunal_amend_section_i",),
    "continue": ("tribunal_continue",),
    "continue_and_amend": ("tribunal_continue", "tribunal_continue_and_amend"),
    "unopposed_assess": (
        "unopposed_assess_notify",
        "unopposed_assess_no_plan",
        "unopposed_assess_final_plan",
    ),
    "unopposed_amend": ("unopposed_amend_plan",),
    "unopposed_amend_section_i": ("unopposed_amend_section_i",),
    "unopposed_make_plan": ("unopposed_make_plan_draft", "unopposed_make_plan_final"),
    "unopposed_continue_and_amend": ("unopposed_continue_and_amend",),
    "mediation_agreement": (
        "mediation_agreement_other",
        "mediation_agreement_health",
        "mediation_agreement_health_act",
    ),
    "recommendation": ("recommendation_response",),
}


def _timescale(code: str) -> Timescale:
    try:
        return TIMESCALES[code]
    except KeyError:
        raise KeyError(
            f"Unknown timescale code {code!r}; known codes: {', '.join(sorted(TIMESCALES))}"
        ) from None


def due_date(code: str, start: date) -> date:
    """The deadline for timescale ``code`` whose clock started on ``start``."""
    return _timescale(code).due(start)


# --------------------------------------------------------------------------------------
# Exceptions: the only reasons a time limit may be disapplied (the lists are exhaustive:
# workload, panel dates or a shortage of psychologists are not among them).
# --------------------------------------------------------------------------------------


class ExceptionReason(NamedTuple):
    code: str
    label: str
    regulation: str


# fmt: off
EXCEPTION_REASONS: tuple[ExceptionReason, ...] = (
    ExceptionReason("school_closure",
                    "School or college closed for 4 weeks or more when its advice was asked",
                    "Reg 10(4)(a)"),
    ExceptionReason("early_years_closure",
                    "Early years provider closed for 4 weeks or more when its advice was asked",
                    "Reg 10(4)(b)"),
    ExceptionReason("exceptional_personal_circumstances",
                    "Exceptional personal circumstances of the child, parent or young person",
                    "Reg 10(4)(c)"),
    ExceptionReason("absent_from_area",
                    "Child, parent or young person away from the area for 4 weeks or more",
                    "Reg 10(4)(d)"),
    ExceptionReason("missed_appointment",
                    "Family did not keep an appointment for an examination or test",
                    "Reg 8(2)"),
    ExceptionReason("absent_from_area_2_weeks",
                    "Child, parent or young person away from the area for 2 weeks or more",
                    "Reg 44(3)"),
    ExceptionReason("late_representations",
                    "Family asked to comment on the plan after the period for doing so",
                    "Reg 44(3)"),
)
# fmt: on

_REG_10_4 = (
    "school_closure",
    "early_years_closure",
    "exceptional_personal_circumstances",
    "absent_from_area",
)
# Reg 8(2) as secondary sources give it; the closure reasons are not among them.
_REG_8_2 = ("exceptional_personal_circumstances", "absent_from_area", "missed_appointment")
# Reg 44(3) as the Tribunal's own guidance (SEND18) gives it: absence is 2 weeks here.
_REG_44_3 = (
    "exceptional_personal_circumstances",
    "absent_from_area_2_weeks",
    "late_representations",
)

# Reg 5(4) has three heads, not Reg 10(4)'s four: (a) a school or post-16 institution
# closed for 4 weeks or more around the advice request, (b) exceptional personal
# circumstances, (c) absence from the area for 4 weeks or more. Reg 5(4) has no early
# years closure head (Reg 10(4)(b), 13(3) and 27(3)(b) do).
_REG_5_4 = ("school_closure", "exceptional_personal_circumstances", "absent_from_area")
# Reg 45 (as substituted by SI 2015/359) has the same exceptions as Reg 44(3) for its
# conceded-appeal periods; we accept the same reasons.

# Which reasons each timescale accepts; exactly the timescales with exceptions_apply.
TIMESCALE_EXCEPTIONS: dict[str, tuple[str, ...]] = {
    "decide_whether_to_assess": _REG_5_4,
    "advice_due": _REG_8_2,
    "decide_not_to_issue": _REG_10_4,
    "final_plan": _REG_10_4,  # Reg 13(3) refers to Reg 10(4)(a)-(d)
    "reassessment_final_plan": _REG_10_4,  # Reg 27(3), same four
    **{
        code: _REG_44_3
        for code, t in TIMESCALES.items()
        if code.startswith(("tribunal_", "unopposed_")) and t.exceptions_apply
    },
}


def exception_reasons_for(code: str) -> tuple[ExceptionReason, ...]:
    """The exception reasons a caseworker may record against timescale ``code``
    (empty where the time limit admits none)."""
    allowed = TIMESCALE_EXCEPTIONS.get(_timescale(code).code, ())
    return tuple(reason for reason in EXCEPTION_REASONS if reason.code in allowed)


# --------------------------------------------------------------------------------------
# Fixed dates and bundles for pages
# --------------------------------------------------------------------------------------

_PHASE_TRANSFER = {"school": (2, 14), "post16": (3, 30)}


def phase_transfer_due(transfer_year: int, phase: str) -> date:
    """The last lawful day for the final amended plan naming the next setting (Reg 18(1)):
    the plan must be amended "before" 15 February of the calendar year of transfer
    ("school": early years to school, infant to junior, first to middle, middle to
    upper or secondary, primary to secondary) or "before" 31 March ("post16":
    secondary to a post-16 institution), so 14 February or 30 March. Fixed dates: no
    exceptions, and weekends do not move them.
    """
    try:
        month, day = _PHASE_TRANSFER[phase]
    except KeyError:
        raise ValueError(
            f"Unknown phase {phase!r}; expected one of {', '.join(_PHASE_TRANSFER)}"
        ) from None
    return date(transfer_year, month, day)


def appeal_due(decision: date, certificate: date | None = None) -> date:
    """Last day for the tribunal to receive an appeal: 2 months after the decision
    notice was sent or 1 month after the mediation certificate, whichever is later
    (HESC Rules r20(1)(c)), then moved as the same Rules' r12 moves it.

    This is the only deadline here that moves, because the Tribunal's rules say so:
    a limit ending from 25 December to 1 January runs to the first working day after
    1 January; one ending in August runs to the first working day after 31 August; one
    ending on any other weekend or bank holiday runs to the next working day. (The
    appeal must arrive by 5pm on that day.) An authority must keep a plan it has decided
    to cease until this date has passed with no appeal, so the date must not be early.
    """
    due = due_date("appeal_after_decision", decision)
    if certificate is not None:
        # Both dates already follow the Tribunal's rules, which never move a date
        # earlier, so the later of the two is the later of the unmoved ones, moved.
        due = max(due, due_date("appeal_after_certificate", certificate))
    return due


def _tribunal_time_limit(due: date) -> date:
    """Move a Tribunal time limit as its rules do (see appeal_due). Applied until no rule
    moves the date: rolling off a weekend can land in August (Saturday 31 July -> Monday
    2 August), which then moves to September."""
    while True:
        if due.month == 8:
            due = date(due.year, 9, 1)
        elif (due.month, due.day) >= (12, 25):
            due = date(due.year + 1, 1, 2)
        elif (due.month, due.day) == (1, 1):
            due = date(due.year, 1, 2)
        elif not is_working_day(due):
            due += timedelta(days=1)
        else:
            return due


def request_dates(received: date) -> dict[str, date]:
    """The clocks a new request starts. Advice is taken as asked the day the request
    arrives, which gives the earliest the advice could be due."""
    codes = ("decide_whether_to_assess", "advice_due", "decide_not_to_issue", "final_plan")
    return {code: due_date(code, received) for code in codes}


def reassessment_dates(received: date, decided_on: date | None = None) -> dict[str, date]:
    """The clocks of a request for a reassessment (CFA s44(2)), received on ``received``:
    the decision, "within 15 days of receiving" it (Reg 25(1)), and the final amended or
    replacement plan, "within 14 weeks of the notification under regulation 25(1)" (Reg
    27(2)). The 14 weeks run from the decision sent on ``decided_on``; before the
    decision, from the last day it may lawfully be sent, which gives the latest the plan
    can be due. One function for the workflow's Deadline rows and ``manage.py
    timescales --reassessment``: received 2 March 2026, decision due 17 March 2026, plan
    at the latest 23 June 2026."""
    decision_due = due_date("reassessment_decision", received)
    return {
        "reassessment_decision_due": decision_due,
        "reassessment_final_plan_latest": due_date(
            "reassessment_final_plan", decided_on or decision_due
        ),
    }


def reassessment_refusable_within_six_months(last_assessed: date | None, received: date) -> bool:
    """Reg 24: the council need not reassess when the request comes within 6 months of
    the last EHC needs assessment (unless it thinks a reassessment necessary; the
    discretion is the caseworker's, this is only whether the ground exists). Last
    assessed 10 March 2026: a request up to 9 September 2026 may be refused on this
    ground, one on 10 September 2026 may not."""
    return last_assessed is not None and received < add_months(last_assessed, 6)


def review_dates(meeting: date) -> dict[str, date]:
    """Deadlines around one annual review meeting."""
    return {
        "review_papers_due": due_date("review_papers", meeting),
        "review_report_due": due_date("review_report", meeting),
        "review_decision_due": due_date("review_decision", meeting),
        "amended_plan_latest": due_date("amended_plan_after_review", meeting),
        "next_review_due": due_date("annual_review", meeting),
    }


# --------------------------------------------------------------------------------------
# The rights-holder: when a child becomes a "young person"
# --------------------------------------------------------------------------------------
#
# CFA 2014 s83(2): a "young person" is "a person over compulsory school age but under
# 25". Education Act 1996 s8(3): a person ceases to be of compulsory school age "at the
# end of the day which is the school leaving date for any calendar year" if (a) they
# turn 16 after that day but before the next school year begins, (b) they turn 16 on
# that day, or (c) it is the school leaving date next following their 16th birthday.
# The Education (School Leaving Date) Order 1997 (SI 1997/1970), made under s8(4)(b),
# fixes the school leaving date as the last Friday in June. Taken together, (a)-(c) give
# one rule: the last Friday in June of the school year (1 September to 31 August) in
# which the child turns 16, and the young person's rights begin the next day.


def _birthday(date_of_birth: date, age: int) -> date:
    """The day a person born on ``date_of_birth`` attains ``age`` (Family Law Reform Act
    1969 s9: at the start of "the relevant anniversary" of the birth date). The Act does
    not say which day is the anniversary of 29 February in a common year; we take
    1 March, the usual reading, so a leap-day birth is never treated as older early."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:
        return date(date_of_birth.year + age, 3, 1)


def _last_friday_of_june(year: int) -> date:
    last = date(year, 6, 30)
    return last - timedelta(days=(last.weekday() - calendar.FRIDAY) % 7)


def school_leaving_date(date_of_birth: date) -> date:
    """The last day of compulsory school age (Education Act 1996 s8(3); School Leaving
    Date Order 1997): the last Friday in June of the school year in which the child
    turns 16. Born 20 August 2010 (16 on 20 August 2026, school year 2025/26): Friday
    26 June 2026. Born 15 October 2010 (16 in school year 2026/27): Friday 25 June
    2027."""
    sixteenth = _birthday(date_of_birth, 16)
    school_year_ends = sixteenth.year + 1 if sixteenth.month >= 9 else sixteenth.year
    return _last_friday_of_june(school_year_ends)


def young_person_from(date_of_birth: date) -> date:
    """The first day the rights under CFA Part 3 are the young person's own: the day
    after the school leaving date, since compulsory school age ends "at the end of"
    that day (Education Act 1996 s8(3); CFA s83(2))."""
    return school_leaving_date(date_of_birth) + timedelta(days=1)


def young_person_until(date_of_birth: date) -> date:
    """The last day as a young person: the day before the 25th birthday ("under 25",
    CFA s83(2)). A plan may run on to the end of that academic year (CFA s46, Reg 46),
    but the person is no longer a young person for requests and the portal."""
    return _birthday(date_of_birth, 25) - timedelta(days=1)


def is_young_person(date_of_birth: date, on: date) -> bool:
    """True from ``young_person_from`` to ``young_person_until``, both included. Before
    that the parent holds the rights (a child); after it nobody does (25 or over)."""
    return young_person_from(date_of_birth) <= on <= young_person_until(date_of_birth)


# --------------------------------------------------------------------------------------
# Service of notices: when a document sent to the family counts as served
# --------------------------------------------------------------------------------------
#
# The SEND Regulations 2014 fix periods from service ("beginning with the day on which
# the draft plan was served", Reg 13(1); the amendment notice, Reg 22(2)(c)) but contain
# no rule on how or when a notice is served. The general law fills the gap:
# * Post: Interpretation Act 1978 s7 (applied to regulations by s23(1)): service by
#   post is deemed effected "at the time at which the letter would be delivered in the
#   ordinary course of post", which the Practice Direction (QBD) of 8 March 1985 ([1985]
#   1 WLR 489) fixes, for first class post, as the second working day after posting
#   (CPR 6.26 says the same). We assume first class: the council posts statutory
#   notices first class. Working days skip weekends and bank holidays.
# * Hand delivery: served the day it is handed over or left at the address.
# * Email or the portal: served the day it is sent, and only where the parent or young
#   person has agreed to receive notices that way (the consent condition of Education
#   Act 1996 s572 and of the Electronic Communications Act 2000 orders); the service
#   that records the method checks that agreement.


class ServiceMethod(enum.StrEnum):
    EMAIL = "email"
    PORTAL = "portal"
    HAND = "hand"
    POST = "post"

    @property
    def label(self) -> str:
        return _SERVICE_LABELS[self]


_SERVICE_LABELS = {
    ServiceMethod.EMAIL: "By email (agreed with the family)",
    ServiceMethod.PORTAL: "Through the family portal (agreed with the family)",
    ServiceMethod.HAND: "By hand",
    ServiceMethod.POST: "By first class post",
}
SERVICE_METHODS: tuple[tuple[str, str], ...] = tuple(
    (method.value, method.label) for method in ServiceMethod
)
# First class post: delivered on the second working day after posting.
_POST_WORKING_DAYS = 2


def service_date(method: ServiceMethod | str, sent_on: date) -> date:
    """The day a notice sent on ``sent_on`` by ``method`` is served. Posted on Thursday
    4 December 2025: served Monday 8 December. Posted Tuesday 23 December 2025:
    served Monday 29 December (Christmas and Boxing Day are bank holidays). Email,
    portal or hand: the same day."""
    try:
        method = ServiceMethod(method)
    except ValueError:
        raise ValueError(
            f"Unknown service method {method!r}; expected one of "
            f"{', '.join(m.value for m in ServiceMethod)}"
        ) from None
    if method is ServiceMethod.POST:
        return add_working_days(sent_on, _POST_WORKING_DAYS)
    return sent_on
