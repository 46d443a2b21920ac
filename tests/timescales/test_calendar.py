"""Worked examples for the statutory calendar, with real dates.

Every expected date below was worked out separately (datetime arithmetic and the
``holidays`` library), not read back from the module under test.
"""

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sen_portal.timescales import (
    EXCEPTION_REASONS,
    TIMESCALE_EXCEPTIONS,
    TIMESCALES,
    Unit,
    add_months,
    add_weeks,
    add_working_days,
    appeal_due,
    days_left_in_words,
    due_date,
    exception_reasons_for,
    is_working_day,
    phase_transfer_due,
    request_dates,
    review_dates,
    subtract_working_days,
    working_days_between,
)

# Monday 6 January 2025: the worked example in DOMAIN.md.
RECEIVED = date(2025, 1, 6)

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


# --- The table -------------------------------------------------------------------------

REQUIRED_CODES = {
    "decide_whether_to_assess", "advice_due", "decide_not_to_issue",
    "draft_representations", "institution_consultation", "final_plan", "annual_review",
    "review_papers", "review_report", "review_decision", "amended_plan",
    "amendment_representations", "mediation_certificate", "mediation_held",
    "appeal_after_decision", "appeal_after_certificate", "reassessment_decision",
    "reassessment_final_plan", "tribunal_assess_notify", "tribunal_assess_no_plan",
    "tribunal_assess_final_plan", "tribunal_make_plan_draft", "tribunal_make_plan_final",
    "tribunal_amend_plan", "tribunal_amend_section_i",
}  # fmt: skip


def test_every_required_timescale_is_in_the_table():
    assert not REQUIRED_CODES - set(TIMESCALES)


def test_every_timescale_is_keyed_by_its_own_code_and_has_a_title_and_regulation():
    for code, timescale in TIMESCALES.items():
        assert timescale.code == code
        assert code.isidentifier() and code == code.lower()
        assert timescale.title and timescale.regulation and timescale.clock_starts
        assert timescale.direction in ("after", "before")


def test_timescales_cannot_be_changed_at_run_time():
    with pytest.raises(dataclasses.FrozenInstanceError):
        TIMESCALES["final_plan"].amount = 30  # type: ignore[misc]


def test_the_headline_periods_have_the_statutory_amount_and_unit():
    expected = {
        "decide_whether_to_assess": (6, Unit.WEEKS, "Reg 5(1)"),
        "advice_due": (6, Unit.WEEKS, "Reg 8(1)"),
        "decide_not_to_issue": (16, Unit.WEEKS, "Reg 10(1)"),
        "draft_representations": (15, Unit.CALENDAR_DAYS, "Reg 13(1)"),
        "final_plan": (20, Unit.WEEKS, "Reg 13(2)"),
        "annual_review": (12, Unit.MONTHS, "CFA s44(1)"),
        "mediation_certificate": (3, Unit.WORKING_DAYS, "Reg 34"),
        "mediation_held": (30, Unit.CALENDAR_DAYS, "Reg 37"),
    }
    for code, (amount, unit, regulation) in expected.items():
        timescale = TIMESCALES[code]
        assert (timescale.amount, timescale.unit, timescale.regulation) == (
            amount,
            unit,
            regulation,
        )


def test_periods_read_as_plain_words():
    assert TIMESCALES["final_plan"].period == "20 weeks"
    assert TIMESCALES["draft_representations"].period == "15 days"
    assert TIMESCALES["mediation_certificate"].period == "3 working days"
    assert TIMESCALES["appeal_after_certificate"].period == "1 month"
    assert TIMESCALES["appeal_after_decision"].period == "2 months"


def test_an_unknown_code_is_refused_with_a_clear_message():
    with pytest.raises(KeyError, match="Unknown timescale code 'final_plans'"):
        due_date("final_plans", RECEIVED)


# --- Exceptions ------------------------------------------------------------------------


def test_exception_reasons_have_unique_codes_labels_and_regulations():
    codes = [reason.code for reason in EXCEPTION_REASONS]
    assert len(codes) == len(set(codes))
    for code, label, regulation in EXCEPTION_REASONS:
        assert code and label and regulation.startswith("Reg ")


def test_only_timescales_with_exceptions_accept_exception_reasons():
    with_exceptions = {code for code, t in TIMESCALES.items() if t.exceptions_apply}
    assert set(TIMESCALE_EXCEPTIONS) == with_exceptions
    known = {reason.code for reason in EXCEPTION_REASONS}
    for reasons in TIMESCALE_EXCEPTIONS.values():
        assert reasons and set(reasons) <= known


def test_the_twenty_week_limit_accepts_the_four_reg_10_4_reasons():
    reasons = exception_reasons_for("final_plan")
    assert [reason.code for reason in reasons] == [
        "school_closure",
        "early_years_closure",
        "exceptional_personal_circumstances",
        "absent_from_area",
    ]
    assert [reason.regulation for reason in reasons] == [
        "Reg 10(4)(a)",
        "Reg 10(4)(b)",
        "Reg 10(4)(c)",
        "Reg 10(4)(d)",
    ]


def test_the_sixteen_week_notice_takes_the_reg_10_4_reasons():
    assert exception_reasons_for("decide_not_to_issue") == exception_reasons_for("final_plan")


def test_the_six_week_decision_takes_only_the_three_heads_of_reg_5_4():
    # Reg 5(4)(a) school or post-16 closure, (b) personal circumstances, (c) absence
    # for 4 weeks: no early years closure, which is Reg 10(4)(b) only.
    codes = [r.code for r in exception_reasons_for("decide_whether_to_assess")]
    assert codes == ["school_closure", "exceptional_personal_circumstances", "absent_from_area"]


def test_reassessment_takes_the_four_heads_of_reg_27_3():
    assert exception_reasons_for("reassessment_final_plan") == exception_reasons_for("final_plan")


def test_advice_accepts_a_missed_appointment_but_the_twenty_weeks_does_not():
    assert "missed_appointment" in {r.code for r in exception_reasons_for("advice_due")}
    assert "missed_appointment" not in {r.code for r in exception_reasons_for("final_plan")}


def test_tribunal_orders_use_a_two_week_absence_not_four():
    codes = {r.code for r in exception_reasons_for("tribunal_amend_plan")}
    assert "absent_from_area_2_weeks" in codes
    assert "absent_from_area" not in codes


def test_the_familys_fifteen_days_admit_no_exceptions():
    assert exception_reasons_for("draft_representations") == ()
    assert not TIMESCALES["draft_representations"].exceptions_apply


def test_exception_reasons_for_an_unknown_code_is_refused():
    with pytest.raises(KeyError, match="Unknown timescale code"):
        exception_reasons_for("no_such_step")


# --- A new request ---------------------------------------------------------------------


def test_decision_whether_to_assess_is_due_six_weeks_after_receipt():
    assert due_date("decide_whether_to_assess", RECEIVED) == date(2025, 2, 17)


def test_advice_is_due_six_weeks_after_that_body_is_asked():
    assert due_date("advice_due", date(2025, 2, 17)) == date(2025, 3, 31)


def test_decision_not_to_issue_is_due_sixteen_weeks_after_receipt():
    assert due_date("decide_not_to_issue", RECEIVED) == date(2025, 4, 28)


def test_final_plan_is_due_twenty_weeks_after_receipt():
    assert due_date("final_plan", RECEIVED) == date(2025, 5, 26)


def test_final_plan_due_on_bank_holiday_does_not_move():
    due = due_date("final_plan", RECEIVED)
    assert due == date(2025, 5, 26)  # Spring bank holiday
    assert not is_working_day(due)


def test_request_dates_gives_all_four_clocks_from_the_day_of_receipt():
    assert request_dates(RECEIVED) == {
        "decide_whether_to_assess": date(2025, 2, 17),
        "advice_due": date(2025, 2, 17),
        "decide_not_to_issue": date(2025, 4, 28),
        "final_plan": date(2025, 5, 26),
    }


def test_draft_plan_representations_end_fourteen_days_after_service():
    # 15 days beginning with Monday 3 March 2025: the 3rd is day 1, the 17th day 15.
    assert due_date("draft_representations", date(2025, 3, 3)) == date(2025, 3, 17)


def test_representation_window_over_christmas_is_calendar_days():
    assert due_date("draft_representations", date(2025, 12, 24)) == date(2026, 1, 7)


def test_institution_consultation_counts_like_the_familys_window():
    assert due_date("institution_consultation", date(2025, 3, 3)) == date(2025, 3, 17)


# --- Reviews and amendments ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "last_day"),
    [
        # CFA s44(1) "in the period of 12 months starting with": the start day is day 1.
        (date(2026, 3, 10), date(2027, 3, 9)),  # the issue's example
        (date(2024, 9, 15), date(2025, 9, 14)),
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2024, 3, 1), date(2025, 2, 28)),
        (date(2023, 3, 1), date(2024, 2, 29)),  # ends on a leap day
        # From a leap day the next period would begin on 1 March 2025: ends 28 Feb.
        (date(2024, 2, 29), date(2025, 2, 28)),
    ],
)
def test_annual_review_is_due_on_the_last_day_of_12_months_starting_with_the_plan(start, last_day):
    assert due_date("annual_review", start) == last_day


@given(dates)
def test_twelve_months_starting_with_a_day_end_the_day_before_the_next_period(start):
    last = due_date("annual_review", start)
    # The next period of 12 months starts the day after, and the period is 365 or 366 days.
    assert (last - start).days + 1 in (365, 366)
    assert last < add_months(start, 12) or (start.month, start.day) == (2, 29)


def test_review_papers_are_due_two_weeks_before_the_meeting():
    assert due_date("review_papers", date(2025, 6, 11)) == date(2025, 5, 28)


def test_review_report_is_due_two_weeks_after_the_meeting():
    assert due_date("review_report", date(2025, 6, 11)) == date(2025, 6, 25)


def test_review_decision_is_due_four_weeks_after_the_meeting():
    assert due_date("review_decision", date(2025, 6, 11)) == date(2025, 7, 9)


def test_amendment_representations_end_fourteen_days_after_service():
    assert due_date("amendment_representations", date(2025, 7, 9)) == date(2025, 7, 23)


def test_amended_plan_is_due_eight_weeks_after_the_proposals():
    assert due_date("amended_plan", date(2025, 7, 9)) == date(2025, 9, 3)


def test_review_dates_around_a_meeting_on_wednesday_11_june_2025():
    assert review_dates(date(2025, 6, 11)) == {
        "review_papers_due": date(2025, 5, 28),
        "review_report_due": date(2025, 6, 25),
        "review_decision_due": date(2025, 7, 9),
        # Devon: proposals go with the 4-week decision, plan 8 weeks later.
        "amended_plan_latest": date(2025, 9, 3),
        "next_review_due": date(2026, 6, 10),
    }


def test_a_post16_move_at_another_time_needs_the_review_five_months_before():
    assert due_date("post16_transfer_review", date(2026, 1, 5)) == date(2025, 8, 5)
    assert due_date("post16_transfer_review", date(2025, 7, 31)) == date(2025, 2, 28)


def test_phase_transfer_to_school_is_due_before_15_february_so_by_14_february():
    # Reg 18(1)(b) "before 15 February": 14 February 2026 is a Saturday; fixed dates do
    # not move either.
    assert phase_transfer_due(2026, "school") == date(2026, 2, 14)


@pytest.mark.parametrize(
    ("code", "clock_starts", "due"),
    [
        # Starting year 7 in September 2026: the clock starts on 1 September 2025.
        ("phase_transfer_school", date(2025, 9, 1), date(2026, 2, 14)),
        # A deadline row opened late (after 14 February) is due the next 14 February.
        ("phase_transfer_school", date(2026, 2, 15), date(2027, 2, 14)),
        # Year 12 in September 2027: 30 March 2027, a Tuesday; weekends do not move it.
        ("phase_transfer_post16", date(2026, 9, 1), date(2027, 3, 30)),
        ("phase_transfer_post16", date(2028, 9, 1), date(2029, 3, 30)),
    ],
)
def test_phase_transfer_deadline_rows_fall_on_the_fixed_day_after_the_clock_starts(
    code, clock_starts, due
):
    assert due_date(code, clock_starts) == due
    assert due == phase_transfer_due(due.year, "school" if code.endswith("school") else "post16")


def test_phase_transfer_to_post16_is_due_before_31_march_so_by_30_march():
    assert phase_transfer_due(2026, "post16") == date(2026, 3, 30)


def test_an_unknown_phase_is_refused():
    with pytest.raises(ValueError, match="Unknown phase 'secondary'"):
        phase_transfer_due(2026, "secondary")


# --- Reassessment ----------------------------------------------------------------------


def test_reassessment_decision_is_due_fifteen_days_after_the_request():
    assert due_date("reassessment_decision", date(2025, 9, 1)) == date(2025, 9, 16)


def test_plan_after_reassessment_is_due_fourteen_weeks_after_the_decision():
    assert due_date("reassessment_final_plan", date(2025, 2, 3)) == date(2025, 5, 12)


# --- Mediation and appeals -------------------------------------------------------------


def test_mediation_certificate_skips_good_friday_and_easter_monday():
    # Thursday 17 April 2025: Tue 22, Wed 23, Thu 24.
    assert due_date("mediation_certificate", date(2025, 4, 17)) == date(2025, 4, 24)


def test_mediation_certificate_skips_christmas_boxing_day_and_the_weekend():
    # Wednesday 24 December 2025: Mon 29, Tue 30, Wed 31.
    assert due_date("mediation_certificate", date(2025, 12, 24)) == date(2025, 12, 31)


def test_mediation_certificate_skips_new_years_day():
    # Tuesday 30 December 2025: Wed 31, Fri 2 Jan, Mon 5 Jan.
    assert due_date("mediation_certificate", date(2025, 12, 30)) == date(2026, 1, 5)


def test_mediation_certificate_skips_the_early_may_bank_holiday():
    # Thursday 1 May 2025: Fri 2, Tue 6, Wed 7 (Mon 5 is the bank holiday).
    assert due_date("mediation_certificate", date(2025, 5, 1)) == date(2025, 5, 7)


def test_mediation_is_held_within_thirty_calendar_days_even_ending_on_a_saturday():
    assert due_date("mediation_held", date(2025, 11, 20)) == date(2025, 12, 20)


def test_the_appeal_period_is_two_months_after_the_decision():
    assert due_date("appeal_after_decision", date(2025, 1, 14)) == date(2025, 3, 14)


def test_the_appeal_periods_follow_the_tribunals_rules_so_a_deadline_row_is_right():
    # 15 March 2025 is a Saturday: the Tribunal accepts the appeal on Monday 17 March.
    assert due_date("appeal_after_decision", date(2025, 1, 15)) == date(2025, 3, 17)
    # A council's own time limit on a bank holiday does not move (26 May 2025).
    assert due_date("final_plan", date(2025, 1, 6)) == date(2025, 5, 26)


def test_appeal_two_months_after_31_december_ends_on_28_february():
    assert due_date("appeal_after_decision", date(2024, 12, 31)) == date(2025, 2, 28)


def test_appeal_is_due_one_month_after_the_certificate():
    assert due_date("appeal_after_certificate", date(2024, 1, 31)) == date(2024, 2, 29)


def test_appeal_due_without_a_certificate_is_two_months_after_the_decision():
    assert appeal_due(date(2025, 1, 10)) == date(2025, 3, 10)


def test_appeal_due_takes_the_certificate_when_it_gives_the_later_date():
    assert appeal_due(date(2025, 1, 10), certificate=date(2025, 3, 1)) == date(2025, 4, 1)


def test_appeal_due_keeps_two_months_when_the_certificate_came_early():
    assert appeal_due(date(2025, 1, 10), certificate=date(2025, 1, 20)) == date(2025, 3, 10)


def test_an_appeal_deadline_on_a_saturday_runs_to_the_monday():
    # 15 January 2025 + 2 months = Saturday 15 March 2025.
    assert appeal_due(date(2025, 1, 15)) == date(2025, 3, 17)


def test_an_appeal_deadline_on_a_bank_holiday_runs_to_the_next_working_day():
    # 26 March 2025 + 2 months = Spring bank holiday, Monday 26 May 2025.
    assert appeal_due(date(2025, 3, 26)) == date(2025, 5, 27)


def test_an_appeal_deadline_in_august_runs_to_the_first_working_day_of_september():
    assert appeal_due(date(2025, 6, 15)) == date(2025, 9, 1)
    # 1 September 2024 was a Sunday.
    assert appeal_due(date(2024, 6, 3)) == date(2024, 9, 2)


def test_an_appeal_deadline_rolled_off_a_weekend_into_august_runs_to_september():
    # 31 May 2004 + 2 months = Saturday 31 July; the next working day, 2 August, is in
    # August, so the appeal may be made until Wednesday 1 September 2004.
    assert appeal_due(date(2004, 5, 31)) == date(2004, 9, 1)


def test_an_appeal_deadline_over_christmas_runs_to_the_first_working_day_in_january():
    # 26 October 2025 + 2 months = 26 December 2025; 1 January 2026 is a Thursday.
    assert appeal_due(date(2025, 10, 26)) == date(2026, 1, 2)
    # Certificate 1 December 2025 + 1 month = New Year's Day 2026, a Thursday.
    assert appeal_due(date(2025, 10, 1), certificate=date(2025, 12, 1)) == date(2026, 1, 2)


# --- Tribunal orders (all from Monday 10 March 2025) -----------------------------------

ORDER = date(2025, 3, 10)


def test_tribunal_order_to_assess_is_confirmed_within_two_weeks():
    assert due_date("tribunal_assess_notify", ORDER) == date(2025, 3, 24)


def test_tribunal_order_to_assess_no_plan_notice_within_ten_weeks():
    assert due_date("tribunal_assess_no_plan", ORDER) == date(2025, 5, 19)


def test_tribunal_order_to_assess_final_plan_within_fourteen_weeks():
    assert due_date("tribunal_assess_final_plan", ORDER) == date(2025, 6, 16)


def test_tribunal_order_to_make_a_plan_draft_within_five_weeks():
    assert due_date("tribunal_make_plan_draft", ORDER) == date(2025, 4, 14)


def test_tribunal_order_to_make_a_plan_final_within_eleven_weeks_on_a_bank_holiday():
    assert due_date("tribunal_make_plan_final", ORDER) == date(2025, 5, 26)


def test_tribunal_order_to_amend_a_plan_within_five_weeks():
    assert due_date("tribunal_amend_plan", ORDER) == date(2025, 4, 14)


def test_tribunal_order_to_amend_section_i_within_two_weeks():
    assert due_date("tribunal_amend_section_i", ORDER) == date(2025, 3, 24)


# --- Month arithmetic ------------------------------------------------------------------


def test_31_january_2025_plus_one_month_is_28_february():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


def test_31_january_2024_plus_one_month_is_29_february_in_a_leap_year():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_months_roll_over_the_year_end_both_ways():
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)


def test_add_weeks_is_seven_days_a_week():
    assert add_weeks(RECEIVED, 6) == date(2025, 2, 17)


# --- Working days ----------------------------------------------------------------------


def test_weekends_and_bank_holidays_are_not_working_days():
    assert is_working_day(date(2025, 4, 17))  # Thursday before Easter
    assert not is_working_day(date(2025, 4, 18))  # Good Friday
    assert not is_working_day(date(2025, 4, 19))  # Saturday
    assert not is_working_day(date(2025, 4, 21))  # Easter Monday
    assert not is_working_day(date(2025, 5, 5))  # Early May bank holiday
    assert not is_working_day(date(2025, 12, 25))
    assert not is_working_day(date(2025, 12, 26))


def test_one_off_bank_holidays_come_from_the_library():
    assert not is_working_day(date(2022, 9, 19))  # State funeral of Queen Elizabeth II
    assert not is_working_day(date(2023, 5, 8))  # Coronation of King Charles III


def test_one_working_day_after_christmas_eve_2025_is_monday_29_december():
    assert add_working_days(date(2025, 12, 24), 1) == date(2025, 12, 29)


def test_one_working_day_after_a_saturday_is_the_monday():
    assert add_working_days(date(2025, 3, 8), 1) == date(2025, 3, 10)


def test_adding_no_working_days_leaves_the_date_alone():
    assert add_working_days(date(2025, 4, 19), 0) == date(2025, 4, 19)


def test_subtracting_working_days_steps_back_over_easter():
    assert subtract_working_days(date(2025, 4, 22), 1) == date(2025, 4, 17)


def test_five_working_days_notice_before_8_may_2025_starts_30_april():
    assert subtract_working_days(date(2025, 5, 8), 5) == date(2025, 4, 30)


def test_working_days_between_counts_over_easter():
    assert working_days_between(date(2025, 4, 17), date(2025, 4, 24)) == 3
    assert working_days_between(date(2025, 4, 24), date(2025, 4, 17)) == -3
    assert working_days_between(date(2025, 4, 17), date(2025, 4, 17)) == 0


# --- Words for pages -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "due", "words"),
    [
        (date(2025, 5, 26), date(2025, 5, 26), "due today"),
        (date(2025, 5, 25), date(2025, 5, 26), "1 day left"),
        (date(2025, 5, 23), date(2025, 5, 26), "3 days left"),
        (date(2025, 5, 27), date(2025, 5, 26), "1 day overdue"),
        (date(2025, 6, 7), date(2025, 5, 26), "12 days overdue"),
    ],
)
def test_days_left_in_words(today, due, words):
    assert days_left_in_words(today, due) == words


# --- Properties ------------------------------------------------------------------------


@given(dates, st.integers(min_value=1, max_value=40))
def test_a_working_day_result_is_never_a_weekend_or_bank_holiday(start, n):
    for result in (add_working_days(start, n), subtract_working_days(start, n)):
        assert result.weekday() < 5
        assert is_working_day(result)


@given(dates, st.integers(min_value=0, max_value=40))
def test_add_working_days_is_strictly_increasing_in_n(start, n):
    assert add_working_days(start, n + 1) > add_working_days(start, n)


@given(dates, st.integers(min_value=0, max_value=40))
def test_working_days_between_undoes_add_working_days(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@given(dates)
def test_twenty_weeks_is_always_140_days(start):
    assert add_weeks(start, 20) - start == timedelta(days=140)
    assert due_date("final_plan", start) - start == timedelta(days=140)


@given(dates, st.integers(min_value=-120, max_value=120))
def test_add_months_never_overflows_and_never_moves_later_in_the_month(start, months):
    result = add_months(start, months)
    assert result.day <= start.day
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months


@given(dates)
def test_every_after_timescale_is_due_after_its_start_and_every_before_one_before(start):
    for timescale in TIMESCALES.values():
        due = timescale.due(start)
        if timescale.amount == 0:  # "immediately" (Reg 44(2)(a), (g)): the same day
            assert due == start
            continue
        assert due > start if timescale.direction == "after" else due < start


@given(dates, st.one_of(st.none(), dates))
def test_appeal_due_is_never_earlier_than_either_period_and_is_a_working_day(decision, cert):
    due = appeal_due(decision, cert)
    assert due >= add_months(decision, 2)
    if cert is not None:
        assert due >= add_months(cert, 1)
    assert is_working_day(due)
    assert due.month != 8


# --- Tribunal orders, conceded appeals, mediation agreements (Regs 33, 42, 44, 45) ----

MADE = date(2026, 3, 2)  # Monday 2 March 2026


@pytest.mark.parametrize(
    ("code", "due", "regulation"),
    [
        ("tribunal_cease_immediately", date(2026, 3, 2), "Reg 44(2)(a)"),
        ("tribunal_reconsider", date(2026, 3, 16), "Reg 44(2)(d)"),
        ("tribunal_continue", date(2026, 3, 2), "Reg 44(2)(g)"),
        ("tribunal_continue_and_amend", date(2026, 4, 6), "Reg 44(2)(h)"),
        # Reg 45 as substituted by SI 2015/359, from the day the authority told the
        # Tribunal it would not oppose.
        ("unopposed_assess_notify", date(2026, 3, 16), "Reg 45(3)"),
        ("unopposed_assess_no_plan", date(2026, 5, 11), "Reg 45(3A)(a)"),
        ("unopposed_assess_final_plan", date(2026, 6, 8), "Reg 45(3A)(b)"),
        ("unopposed_amend_plan", date(2026, 4, 6), "Reg 45(4)"),
        ("mediation_agreement_other", date(2026, 3, 16), "Reg 42(3)"),
        ("mediation_agreement_health", date(2026, 3, 9), "Reg 42(4)"),
        ("mediation_agreement_health_act", date(2026, 3, 16), "Reg 42(3)"),
        ("recommendation_response", date(2026, 4, 6), "SI 2017/1306 reg 6"),
        # Decision notice sent 2 March: the family has until 2 May to contact the
        # mediation adviser.
        ("mediation_adviser_contact", date(2026, 5, 2), "Reg 33; HESC Tribunal Rules r20(1)(c)"),
    ],
)
def test_disagreement_periods_from_a_worked_date(code, due, regulation):
    assert due_date(code, MADE) == due
    assert TIMESCALES[code].regulation == regulation


def test_immediately_reads_as_such_and_admits_no_exception():
    assert TIMESCALES["tribunal_continue"].period == "immediately"
    assert exception_reasons_for("tribunal_cease_immediately") == ()


def test_conceded_appeals_take_the_tribunal_order_exceptions():
    codes = {r.code for r in exception_reasons_for("unopposed_amend_plan")}
    assert "absent_from_area_2_weeks" in codes
