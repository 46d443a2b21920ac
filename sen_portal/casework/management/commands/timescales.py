"""`python manage.py timescales`: statutory dates for planning a case, or for scripts.

    manage.py timescales --received 2025-01-06 --json
    manage.py timescales --review-meeting 2025-03-12
    manage.py timescales --decision 2025-06-02 --certificate 2025-07-20
    manage.py timescales --mediation-contact 2025-04-17
    manage.py timescales --transfer-year 2026 --phase school

Every date comes from sen_portal/timescales.py; this command only reads arguments and
prints. A bad date or a missing partner option is a one-line error and a non-zero exit.
"""

from __future__ import annotations

import datetime
import json
import re

from django.core.management.base import BaseCommand, CommandError

from sen_portal import timescales

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Output key -> (what is due, the rule), for the readable table. Keys that are a single
# timescale read their words from the table; the combined ones say what they combine.
_FROM_TABLE = {
    "decide_whether_to_assess": "decide_whether_to_assess",
    "advice_due": "advice_due",
    "decide_not_to_issue": "decide_not_to_issue",
    "final_plan": "final_plan",
    "review_papers_due": "review_papers",
    "review_report_due": "review_report",
    "review_decision_due": "review_decision",
    "amended_plan_latest": "amended_plan_after_review",
    "next_review_due": "annual_review",
    "certificate_due": "mediation_certificate",
}
_COMBINED = {
    "appeal_due": (
        "Last day for the family to appeal to the Tribunal",
        "HESC Tribunal Rules r20(1)(c), r12",
    ),
    "phase_transfer_due": (
        "Amended plan naming the next school or college (before this date)",
        "Reg 18(1)",
    ),
}


def describe(key: str) -> tuple[str, str]:
    if key in _FROM_TABLE:
        timescale = timescales.TIMESCALES[_FROM_TABLE[key]]
        return timescale.title, timescale.regulation
    return _COMBINED[key]


def parse_date(option: str, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        if not ISO_DATE.match(value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option}: {value!r} is not a real date in the form YYYY-MM-DD"
        ) from None


def compute(
    *,
    received: datetime.date | None = None,
    review_meeting: datetime.date | None = None,
    decision: datetime.date | None = None,
    certificate: datetime.date | None = None,
    mediation_contact: datetime.date | None = None,
    transfer_year: int | None = None,
    phase: str | None = None,
) -> dict[str, datetime.date]:
    dates: dict[str, datetime.date] = {}
    if received:
        dates.update(timescales.request_dates(received))
    if review_meeting:
        dates.update(timescales.review_dates(review_meeting))
    if decision:
        dates["appeal_due"] = timescales.appeal_due(decision, certificate)
    if mediation_contact:
        dates["certificate_due"] = timescales.due_date("mediation_certificate", mediation_contact)
    if transfer_year is not None and phase:
        dates["phase_transfer_due"] = timescales.phase_transfer_due(transfer_year, phase)
    return dates


class Command(BaseCommand):
    help = "Print the statutory deadlines that follow from the dates you give."
    # Pure date arithmetic: no database, no system checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--received", metavar="YYYY-MM-DD", help="The day the LA received the request"
        )
        parser.add_argument(
            "--review-meeting", metavar="YYYY-MM-DD", help="The day of the annual review meeting"
        )
        parser.add_argument(
            "--decision",
            metavar="YYYY-MM-DD",
            help="The day a decision the family may appeal was sent",
        )
        parser.add_argument(
            "--certificate",
            metavar="YYYY-MM-DD",
            help="With --decision: the day the mediation certificate was issued",
        )
        parser.add_argument(
            "--mediation-contact",
            metavar="YYYY-MM-DD",
            help="The day the family contacted the mediation adviser",
        )
        parser.add_argument("--transfer-year", metavar="YYYY", help="The year of a phase transfer")
        parser.add_argument(
            "--phase",
            choices=["school", "post16"],
            help="With --transfer-year: a move between schools, or into post-16",
        )
        parser.add_argument("--json", action="store_true", help="Print a JSON object of ISO dates")

    def handle(self, *args, **options):
        dates = compute(**self.parse(options))
        if options["json"]:
            self.stdout.write(json.dumps({key: day.isoformat() for key, day in dates.items()}))
            return
        rows = [(*describe(key), f"{day:%A} {day.day} {day:%B %Y}") for key, day in dates.items()]
        step_width = max(len("What"), *(len(title) for title, _rule, _due in rows))
        due_width = max(len("Due"), *(len(due) for _title, _rule, due in rows))
        self.stdout.write(f"{'What':<{step_width}}  {'Due':<{due_width}}  Rule")
        for title, rule, due in rows:
            self.stdout.write(f"{title:<{step_width}}  {due:<{due_width}}  {rule}")

    def parse(self, options) -> dict:
        parsed = {
            "received": parse_date("--received", options["received"]),
            "review_meeting": parse_date("--review-meeting", options["review_meeting"]),
            "decision": parse_date("--decision", options["decision"]),
            "certificate": parse_date("--certificate", options["certificate"]),
            "mediation_contact": parse_date("--mediation-contact", options["mediation_contact"]),
            "transfer_year": None,
            "phase": options["phase"],
        }
        if options["transfer_year"] is not None:
            year = options["transfer_year"]
            if not re.fullmatch(r"\d{4}", year):
                raise CommandError(f"--transfer-year: {year!r} is not a year like 2026")
            parsed["transfer_year"] = int(year)
        if parsed["certificate"] and not parsed["decision"]:
            raise CommandError("--certificate needs --decision (the appeal runs from both)")
        if (parsed["transfer_year"] is None) != (parsed["phase"] is None):
            raise CommandError("--transfer-year and --phase go together")
        if not any(parsed[k] for k in parsed if k != "phase"):
            raise CommandError(
                "Give at least one of --received, --review-meeting, --decision, "
                "--mediation-contact or --transfer-year with --phase"
            )
        return parsed
