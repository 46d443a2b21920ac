"""`manage.py timescales`: the statutory calendar on the command line."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def run_json(*args: str) -> dict:
    out = StringIO()
    call_command("timescales", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_a_request_received_on_6_january_2025_gives_the_worked_example_dates():
    dates = run_json("--received", "2025-01-06")
    assert dates == {
        "decide_whether_to_assess": "2025-02-17",  # 6 weeks (Reg 5(1))
        "advice_due": "2025-02-17",  # 6 weeks from the same day (Reg 8(1))
        "decide_not_to_issue": "2025-04-28",  # 16 weeks (Reg 10(1))
        "final_plan": "2025-05-26",  # 20 weeks, a bank holiday, not moved (Reg 13(2))
    }


def test_a_review_meeting_gives_papers_before_and_report_and_decision_after():
    dates = run_json("--review-meeting", "2025-03-12")
    assert dates["review_papers_due"] == "2025-02-26"
    assert dates["review_report_due"] == "2025-03-26"
    assert dates["review_decision_due"] == "2025-04-09"


def test_the_appeal_deadline_is_the_later_of_two_months_and_one_month_after_the_certificate():
    # 2 months after 2 June 2025 is 2 August... which is in August, so the Tribunal's
    # rules move it to the first working day after 31 August: Monday 1 September.
    assert run_json("--decision", "2025-06-02")["appeal_due"] == "2025-09-01"
    # Decision 3 March 2025 -> 3 May 2025 is a Saturday, and Monday 5 May a bank holiday.
    assert run_json("--decision", "2025-03-03")["appeal_due"] == "2025-05-06"
    # With a certificate on 20 April: 1 month is Tuesday 20 May, later than 3 May, so it wins.
    assert run_json("--decision", "2025-03-03", "--certificate", "2025-04-20") == {
        # Reg 33: the family contacts a mediation adviser within 2 months of the notice.
        "mediation_adviser_contact_due": "2025-05-03",
        "appeal_due": "2025-05-20",
    }


def test_the_mediation_certificate_is_due_3_working_days_after_contact():
    # Thursday 17 April 2025: Good Friday and Easter Monday are bank holidays, so 3
    # working days are 22, 23 and 24 April.
    assert run_json("--mediation-contact", "2025-04-17") == {"certificate_due": "2025-04-24"}


@pytest.mark.parametrize(
    ("phase", "expected"), [("school", "2026-02-14"), ("post16", "2026-03-30")]
)
def test_a_phase_transfer_gives_its_fixed_date(phase, expected):
    assert run_json("--transfer-year", "2026", "--phase", phase) == {"phase_transfer_due": expected}


def test_options_combine_into_one_object():
    dates = run_json("--received", "2025-01-06", "--mediation-contact", "2025-04-17")
    assert dates["final_plan"] == "2025-05-26" and dates["certificate_due"] == "2025-04-24"


def test_without_json_it_prints_a_readable_table_with_the_rules():
    out = StringIO()
    call_command("timescales", "--received", "2025-01-06", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["What", "Due", "Rule"]
    assert any(
        "Decide whether to assess" in line
        and "Monday 17 February 2025" in line
        and "Reg 5(1)" in line
        for line in lines
    )
    assert any("Issue the final plan" in line and "Monday 26 May 2025" in line for line in lines)


@pytest.mark.parametrize(
    "args",
    [
        ["--received", "2025-02-30"],
        ["--received", "06/01/2025"],
        ["--received", "20250106"],
        ["--review-meeting", "soon"],
        ["--certificate", "2025-04-20"],  # without --decision
        ["--transfer-year", "2026"],  # without --phase
        ["--transfer-year", "next", "--phase", "school"],
        [],  # nothing to work from
    ],
)
def test_bad_input_is_a_command_error(args):
    with pytest.raises(CommandError):
        call_command("timescales", *args)


def _manage(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sen_portal.settings.test"}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "timescales", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def test_from_the_shell_a_bad_date_exits_non_zero_with_a_one_line_message():
    result = _manage("--received", "2025-02-30", "--json")
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "CommandError: --received: '2025-02-30' is not a real date in the form YYYY-MM-DD"
    ]


def test_from_the_shell_an_unknown_option_exits_non_zero():
    result = _manage("--recieved", "2025-01-06")
    assert result.returncode != 0
    assert "unrecognized arguments: --recieved" in result.stderr


def test_from_the_shell_json_goes_to_stdout():
    result = _manage("--received", "2025-01-06", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["final_plan"] == "2025-05-26"


def test_plan_issued_gives_the_first_review_on_the_last_day_of_12_months():
    # CFA s44(1): 12 months starting with 10 March 2026 end on 9 March 2027.
    assert run_json("--plan-issued", "2026-03-10") == {"first_review_due": "2027-03-09"}


def test_reassessment_gives_the_15_day_decision_and_the_latest_plan():
    # Received Monday 2 March 2026: decide by 17 March (Reg 25(1), within 15 days); a
    # decision sent that day gives the plan by 23 June 2026 (14 weeks, Reg 27(2)).
    assert run_json("--reassessment", "2026-03-02") == {
        "reassessment_decision_due": "2026-03-17",
        "reassessment_final_plan_latest": "2026-06-23",
    }


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("cease", {"tribunal_cease_immediately": "2026-03-02"}),
        ("reconsider", {"tribunal_reconsider": "2026-03-16"}),
        ("continue_and_amend", {"tribunal_continue": "2026-03-02",
                                "tribunal_continue_and_amend": "2026-04-06"}),
        ("unopposed_assess", {"unopposed_assess_notify": "2026-03-16",
                              "unopposed_assess_no_plan": "2026-05-11",
                              "unopposed_assess_final_plan": "2026-06-08"}),
        ("unopposed_amend", {"unopposed_amend_plan": "2026-04-06"}),
        ("mediation_agreement", {"mediation_agreement_other": "2026-03-16",
                                 "mediation_agreement_health": "2026-03-09",
                                 "mediation_agreement_health_act": "2026-03-16"}),
        ("recommendation", {"recommendation_response": "2026-04-06"}),
    ],
)  # fmt: skip
def test_an_order_gives_the_periods_it_starts(kind, expected):
    assert run_json("--order", kind, "--order-date", "2026-03-02") == expected


def test_born_gives_when_the_young_persons_rights_begin_and_end():
    assert run_json("--born", "2010-10-15") == {
        "school_leaving_date": "2027-06-25",
        "young_person_from": "2027-06-26",
        "young_person_until": "2035-10-14",
    }
    assert run_json("--born", "2010-08-20")["young_person_from"] == "2026-06-27"


def test_order_needs_its_date():
    with pytest.raises(CommandError, match="--order and --order-date go together"):
        call_command("timescales", "--order", "cease")


def test_the_readable_table_names_each_new_key():
    out = StringIO()
    call_command("timescales", "--born", "2010-10-15", "--order", "cease", "--order-date",
                 "2026-03-02", "--plan-issued", "2026-03-10", "--reassessment", "2026-03-02",
                 stdout=out)  # fmt: skip
    text = out.getvalue()
    for words in ("The young person holds the rights from", "Reg 44(2)(a)", "CFA s44(1)",
                  "Reg 27(2)", "Saturday 26 June 2027"):  # fmt: skip
        assert words in text
