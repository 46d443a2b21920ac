"""`python manage.py timescales`: statutory dates for planning a case, or for scripts.

    manage.py timescales --received 2025-01-06 --json
    manage.py timescales --review-meeting 2025-03-12
    manage.py timescales --decision 2025-06-02 --certificate 2025-07-20
    manage.py timescales --mediation-contact 2025-04-17
    manage.py timescales --transfer-year 2026 --phase school
    manage.py timescales --plan-issued 2026-03-10
    manage.py timescales --reassessment 2026-03-02
    manage.py timescales --order continue_and_amend --order-date 2026-03-02
    manage.py timescales --born 2010-10-15

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
    "first_review_due": "annual_review",
    "reassessment_decision_due": "reassessment_decision",
}
# --order KIND: timescales.ORDER_KINDS (what the Tribunal ordered, what the authority
# conceded, a mediation agreement or a recommendation: the timescales each one starts).
ORDER_KINDS = timescales.ORDER_KINDS
_COMBINED = {
    "appeal_due": (
        "Last day for the family to appeal to the Tribunal",
        "HESC Tribunal Rules r20(1)(c), r12",
    ),
    "phase_transfer_due": (
        "Amended plan naming the next school or college (last lawful day)",
        "Reg 18(1)",
    ),
    "reassessment_final_plan_latest": (
        "Plan after reassessment, if the decision to reassess is sent on its last day",
        "Reg 25(1), Reg 27(2)",
    ),
    "mediation_adviser_contact_due": (
        "Family contacts a mediation adviser",
        "Reg 33; HESC Tribunal Rules r20(1)(c)",
    ),
    "school_leaving_date": (
        "School leaving date: the last day of compulsory school age",
        "Education Act 1996 s8(3); SI 1997/1970",
    ),
    "young_person_from": (
        "The young person holds the rights from",
        "CFA s83(2); Education Act 1996 s8(3)",
    ),
    "young_person_until": ("The last day as a young person (under 25)", "CFA s83(2)"),
}


def describe(key: str) -> tuple[str, str]:
    code = _FROM_TABLE.get(key, key)
    if code in timescales.TIMESCALES:
        timescale = timescales.TIMESCALES[code]
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
    plan_issued: datetime.date | None = None,
    reassessment: datetime.date | None = None,
    order: str | None = None,
    order_date: datetime.date | None = None,
    born: datetime.date | None = None,
) -> dict[str, datetime.date]:
    dates: dict[str, datetime.date] = {}
    if received:
        dates.update(timescales.request_dates(received))
    if review_meeting:
        dates.update(timescales.review_dates(review_meeting))
    if decision:
        dates["mediation_adviser_contact_due"] = timescales.due_date(
            "mediation_adviser_contact", decision
        )
        dates["appeal_due"] = timescales.appeal_due(decision, certificate)
    if mediation_contact:
        dates["certificate_due"] = timescales.due_date("mediation_certificate", mediation_contact)
    if transfer_year is not None and phase:
        dates["phase_transfer_due"] = timescales.phase_transfer_due(transfer_year, phase)
    if plan_issued:
        # CFA s44(1): the last day of the 12 months starting with the day it was made.
        dates["first_review_due"] = timescales.due_date("annual_review", plan_issued)
    if reassessment:
        # The same function opens the workflow's deadlines (assessments.services).
        dates.update(timescales.reassessment_dates(reassessment))
    if order and order_date:
        for code in ORDER_KINDS[order]:
            dates[code] = timescales.due_date(code, order_date)
    if born:
        dates["school_leaving_date"] = timescales.school_leaving_date(born)
        dates["young_person_from"] = timescales.young_person_from(born)
        dates["young_person_until"] = timescales.young_person_until(born)
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
        parser.add_argument(
            "--plan-issued",
            metavar="YYYY-MM-DD",
            help="The day the final plan was issued: the first annual review",
        )
        parser.add_argument(
            "--reassessment",
            metavar="YYYY-MM-DD",
            help="The day the LA received a request for a reassessment",
        )
        parser.add_argument(
            "--order",
            choices=sorted(ORDER_KINDS),
            help="With --order-date: a tribunal order, conceded appeal, mediation "
            "agreement or recommendation",
        )
        parser.add_argument(
            "--order-date",
            metavar="YYYY-MM-DD",
            help="With --order: the day it was made (or the LA told the Tribunal)",
        )
        parser.add_argument(
            "--born",
            metavar="YYYY-MM-DD",
            help="Date of birth: when the young person's own rights begin and end",
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
            "plan_issued": parse_date("--plan-issued", options["plan_issued"]),
            "reassessment": parse_date("--reassessment", options["reassessment"]),
            "order": options["order"],
            "order_date": parse_date("--order-date", options["order_date"]),
            "born": parse_date("--born", options["born"]),
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
        if (parsed["order"] is None) != (parsed["order_date"] is None):
            raise CommandError("--order and --order-date go together")
        if not any(parsed[k] for k in parsed if k not in ("phase", "order")):
            raise CommandError(
                "Give at least one of --received, --review-meeting, --decision, "
                "--mediation-contact, --transfer-year with --phase, --plan-issued, "
                "--reassessment, --order with --order-date or --born"
            )
        return parsed
