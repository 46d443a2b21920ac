"""Reads behind the manager dashboards. Every figure is an aggregate computed by
PostgreSQL (Count with filter, TruncMonth, Avg/Max): no loop in Python ever walks the
rows, so each page costs the same number of queries whatever the volume.

Dashboards only read the workflows (DESIGN.md): statutory timeliness comes from the
`Deadline` rows the workflows open and meet (casework), advice from `AdviceRequest`,
the pipeline from the workflows' own state and date columns.

Who sees what (`Scope`):
- an administrator sees every team;
- a manager sees their own team;
- a caseworker sees their own slice: the cases assigned to them.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncDate, TruncMonth

from assessments.models import AdviceRequest, AssessmentRequest, NeedsAssessment
from plans.models import Plan, PlanAmendment
from reviews.models import Review
from sen_portal import timescales
from sen_portal.accounts.models import User
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework.models import Child, Deadline
from sen_portal.prepared import Prepared

Status = Deadline.Status

# The time limits reported on the timeliness page, in page order.
FINAL_PLAN = "final_plan"  # Reg 13(2): 20 weeks from the request
DECIDE_TO_ASSESS = "decide_whether_to_assess"  # Reg 5(1): 6 weeks from the request
ANNUAL_REVIEW = "annual_review"  # CFA s44(1): 12 months from the plan or last review
TIMELINESS_CODES = (FINAL_PLAN, DECIDE_TO_ASSESS, ANNUAL_REVIEW)


@dataclass(frozen=True)
class Scope:
    """Which cases a dashboard counts, and how to say so on the page."""

    label: str
    team_id: int | None = None
    caseworker_id: int | None = None

    def children(self, prefix: str = "") -> Q:
        """A filter on a query whose path to `Child` is ``prefix`` (e.g. "child__")."""
        condition = Q()
        if self.team_id is not None:
            condition &= Q(**{f"{prefix}team_id": self.team_id})
        if self.caseworker_id is not None:
            condition &= Q(**{f"{prefix}caseworker_id": self.caseworker_id})
        return condition

    def rows(self, child: str) -> Q:
        """A filter on deadlines or advice requests, which carry their case's team
        (``team``, kept by the database): the team from the row's own column (one team's
        index range), the person through the case at ``child`` (e.g. "child__")."""
        condition = Q()
        if self.team_id is not None:
            condition &= Q(team_id=self.team_id)
        if self.caseworker_id is not None:
            condition &= Q(**{f"{child}caseworker_id": self.caseworker_id})
        return condition


def scope_for(user: User) -> Scope:
    if user.role == Role.ADMIN:
        return Scope(label="All teams")
    if user.role == Role.MANAGER:
        return Scope(label=user.team.name, team_id=user.team_id)
    if user.role == Role.CASEWORKER:
        return Scope(label="Cases assigned to you", caseworker_id=user.pk)
    raise ValueError(f"{user.role} has no dashboard")


def percentage(part: int, whole: int) -> float | None:
    """Rounded to one decimal place as the DfE publishes it; None when nothing counted."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


@dataclass(frozen=True)
class Timeliness:
    """How many steps were done in the period and how many within the time limit,
    counted both ways the DfE counts them (SEN2 "Week20" exception flag)."""

    done: int
    within: int
    with_exception: int
    within_without_exception: int

    @property
    def late(self) -> int:
        return self.done - self.within

    @property
    def without_exception(self) -> int:
        return self.done - self.with_exception

    @property
    def percent_including(self) -> float | None:
        """Within the limit / all: exception cases stay in both."""
        return percentage(self.within, self.done)

    @property
    def percent_excluding(self) -> float | None:
        """The DfE headline: cases with an exception recorded are removed from both the
        numerator and the denominator."""
        return percentage(self.within_without_exception, self.without_exception)


ON_TIME = Q(met_on__lte=F("due_on"))
ROW = Value(1)  # what the counts count: every row, without reading a column
HAS_EXCEPTION = ~Q(exception_reason="")


def _timeliness_counts(on_time: Q = ON_TIME, exception: Q = HAS_EXCEPTION) -> dict:
    # COUNT(1), not COUNT(id): the id is not in deadline_met_idx, and reading it would
    # turn the index-only scan into a visit of the table.
    return {
        "done": Count(ROW),
        "within": Count(ROW, filter=on_time),
        "with_exception": Count(ROW, filter=exception),
        "within_without_exception": Count(ROW, filter=on_time & ~exception),
    }


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _sum(rows: list[Timeliness]) -> Timeliness:
    return Timeliness(
        done=sum(row.done for row in rows),
        within=sum(row.within for row in rows),
        with_exception=sum(row.with_exception for row in rows),
        within_without_exception=sum(row.within_without_exception for row in rows),
    )


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    figures: Timeliness

    @property
    def label(self) -> str:
        return f"{calendar.month_abbr[self.month.month]} {self.month.year}"


@dataclass(frozen=True)
class AdviceRow:
    kind: str
    label: str
    figures: Timeliness


@dataclass(frozen=True)
class TimelinessPage:
    """Everything the timeliness page shows for one scope and year."""

    summary: dict[str, Timeliness]  # by timescale code (TIMELINESS_CODES)
    trend: list[MonthRow]  # new EHC plans, each month of the year
    advice: list[AdviceRow]  # by agency, in the order of AdviceRequest.Kind


def _timeliness_rows(scope: Scope, start: datetime.date, end: datetime.date) -> QuerySet:
    """The reported time limits met in the period, by code and month, then the advice
    received in it, by kind (month NULL): one UNION ALL, each branch one team's range of
    its index (deadline_team_met_idx, advice_team_received_idx) when the scope is a team,
    the council's (deadline_met_idx, advice_received_idx) when it is every team."""
    deadlines = (
        Deadline.objects.filter(
            scope.rows("child__"),
            status=Status.MET,
            code__in=TIMELINESS_CODES,
            met_on__gte=start,
            met_on__lte=end,
        )
        .annotate(key=F("code"), month=TruncMonth("met_on", output_field=DateField()))
        .values("key", "month")
        .annotate(**_timeliness_counts())
        .order_by()
    )
    advice = (
        AdviceRequest.objects.filter(
            scope.rows("assessment__child__"),
            status=AdviceRequest.Status.RECEIVED,
            received_on__gte=start,
            received_on__lte=end,
        )
        .annotate(key=F("kind"), month=Value(None, output_field=DateField()))
        .values("key", "month")
        .annotate(**_timeliness_counts(on_time=Q(received_on__lte=F("due_on"))))
        .order_by()
    )
    return deadlines.union(advice, all=True)


# Compiled once per process for each shape of scope (every team; a team; a team's
# person; a caseworker's own cases): each request only runs the SQL with its values.
# The markers are values no constant of the query has.
_TEAM, _PERSON = -5_222_001, -5_222_002
_START, _END = datetime.date(1901, 2, 3), datetime.date(1902, 3, 4)


def _prepared_timeliness(with_team: bool, with_person: bool) -> Prepared:
    markers = (*((_TEAM,) if with_team else ()), *((_PERSON,) if with_person else ()))

    def build(*values):
        team = values[0] if with_team else None
        person = values[-3] if with_person else None
        return _timeliness_rows(Scope("", team, person), values[-2], values[-1])

    return Prepared(build, markers=(*markers, _START, _END))


_TIMELINESS = {
    (team, person): _prepared_timeliness(team, person)
    for team in (False, True)
    for person in (False, True)
}


def _timeliness_read(scope: Scope, year: int) -> tuple[Prepared, tuple]:
    with_team, with_person = scope.team_id is not None, scope.caseworker_id is not None
    values = (
        *((scope.team_id,) if with_team else ()),
        *((scope.caseworker_id,) if with_person else ()),
        *year_bounds(year),
    )
    return _TIMELINESS[with_team, with_person], values


def timeliness_sql(*, scope: Scope, year: int) -> tuple[str, list]:
    """The SQL and parameters of ``timeliness_page``'s one query (to EXPLAIN it)."""
    prepared, values = _timeliness_read(scope, year)
    return prepared.sql(values)


def timeliness_page(*, scope: Scope, year: int) -> TimelinessPage:
    """Each reported time limit met in the calendar year (SEN2 covers a calendar year);
    new EHC plans issued each month of it with how many within 20 weeks (Reg 13(2)); and
    advice received in it, within 6 weeks of being asked for (Reg 8(1)), by agency (an
    exception accepted under Reg 8(2) is counted like the 20-week exception). One query
    (issue #22): at most 36 rows of deadlines by code and month and one row per kind of
    advice, summed here. "Met" is the date the step was done, so a new EHC plan counts
    in the year its final plan was issued; months with no plans are shown as zero."""
    prepared, values = _timeliness_read(scope, year)
    by_code: dict[str, list[Timeliness]] = {code: [] for code in TIMELINESS_CODES}
    plans_by_month: dict[datetime.date, Timeliness] = {}
    advice: dict[str, Timeliness] = {}
    for row in prepared.values(values):
        key, month = row.pop("key"), row.pop("month")
        figures = Timeliness(**row)
        if month is None:
            advice[key] = figures
            continue
        by_code[key].append(figures)
        if key == FINAL_PLAN:
            plans_by_month[month] = figures
    empty = Timeliness(0, 0, 0, 0)
    months = [datetime.date(year, m, 1) for m in range(1, 13)]
    return TimelinessPage(
        summary={code: _sum(by_code[code]) for code in TIMELINESS_CODES},
        trend=[MonthRow(month, plans_by_month.get(month, empty)) for month in months],
        advice=[
            AdviceRow(kind, label, advice[kind])
            for kind, label in AdviceRequest.Kind.choices
            if kind in advice
        ],
    )


# --- What needs action -----------------------------------------------------------------

ACTION_LISTS = {
    "overdue": "Overdue",
    "week": "Due this week",
    "amber": "At risk (due soon)",
    "chase": "Another body’s date passed (to chase)",
}


STILL_TO_DO = [Status.OPEN, Status.BREACHED]

# Whose date it is (timescales.whose_date): only the council's dates are its breaches
# (the sweep records nothing else as missed). Overdue, due this week and at risk count
# the council's own steps; a school's, an adviser's or a health body's date that has
# passed is listed apart, to chase; a family's date that has passed ended (their 15 days,
# Reg 13(1); the 2 months to contact a mediation adviser, Reg 33) and is in no list.
COUNCILS = Q(code__in=timescales.COUNCIL_CODES)
OTHER_BODIES = Q(
    code__in=[
        code
        for code, party in timescales.WHOSE_DATE.items()
        if party is timescales.Party.OTHER_BODY
    ]
)


def _due_ranges(*, today: datetime.date, amber_until: datetime.date) -> dict[str, Q]:
    sunday = today + datetime.timedelta(days=6 - today.weekday())
    return {
        "overdue": COUNCILS & Q(due_on__lt=today),
        "week": COUNCILS & Q(due_on__gte=today, due_on__lte=sunday),
        "amber": COUNCILS & Q(due_on__gte=today, due_on__lte=amber_until),
        "chase": OTHER_BODIES & Q(due_on__lt=today),
    }


def action_filters(*, today: datetime.date, amber_until: datetime.date) -> dict[str, Q]:
    """Steps still to do. Overdue: the council's steps past their due day, whether or
    not the sweep has marked them missed yet. Due this week: the council's, from today
    to Sunday. At risk: the council's, due from today to the amber limit the case pages
    use (DEADLINE_AMBER_WORKING_DAYS working days). To chase: another body's date
    (advice, Reg 8(1); a school's reply; a health body's notice, Reg 42(4)) that has
    passed. A deadline with an exception recorded is left out: its time limit does not
    apply."""
    still_to_do = Q(status__in=STILL_TO_DO)
    return {
        name: still_to_do & due
        for name, due in _due_ranges(today=today, amber_until=amber_until).items()
    }


def action_counts(*, scope: Scope, today: datetime.date, amber_until: datetime.date) -> dict:
    """The lists' counts in one query over the steps still to do that fall due by the
    last day any list looks at (deadline_team_to_do_idx for a team, deadline_to_do_idx
    for every team; both carry the code, whose date it is), so the cost follows the team's
    open deadlines, not the years of met ones nor the other teams'."""
    ranges = _due_ranges(today=today, amber_until=amber_until)
    last_day = max(today + datetime.timedelta(days=6 - today.weekday()), amber_until)
    return (
        Deadline.objects.filter(scope.rows("child__"))
        .filter(status__in=STILL_TO_DO, due_on__lte=last_day)
        .aggregate(**{name: Count(ROW, filter=due) for name, due in ranges.items()})
    )


def action_list(
    *, scope: Scope, name: str, today: datetime.date, amber_until: datetime.date
) -> QuerySet[Deadline]:
    condition = action_filters(today=today, amber_until=amber_until)[name]
    return (
        Deadline.objects.filter(scope.rows("child__"))
        .filter(condition)
        .select_related("child", "child__caseworker")
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class LaterStep:
    label: str
    count: int
    url_name: str
    query: str = ""


def later_steps(*, scope: Scope, today: datetime.date) -> list[LaterStep]:
    """What needs action in the life of issued plans: reviews whose meeting is overdue,
    phase transfers past their Reg 18 date with no school named, and disagreements still
    open. One count query each."""
    from disagreements.selectors import open_disagreements
    from reviews.selectors import phase_transfers_not_named, reviews_overdue

    return [
        LaterStep(
            "Annual review meetings overdue",
            reviews_overdue(on=today).filter(scope.children("child__")).count(),
            "reviews:review_list",
            "when=overdue",
        ),
        LaterStep(
            "Phase transfers past their date with no school or college named",
            phase_transfers_not_named(on=today)
            .filter(scope.children("child__"), due_on__lt=today)
            .count(),
            "reviews:phase_transfers",
        ),
        LaterStep(
            "Disagreements open (mediation or appeal)",
            open_disagreements().filter(scope.children("child__")).count(),
            "disagreements:list",
        ),
    ]


def advice_overdue_by_kind(*, scope: Scope, today: datetime.date) -> list[dict]:
    """Advice still awaited after its due day, by agency: one grouped query."""
    rows = (
        AdviceRequest.objects.filter(
            scope.rows("assessment__child__"),
            status=AdviceRequest.Status.REQUESTED,
            due_on__lt=today,
        )
        .values("kind")
        .annotate(count=Count("pk"), oldest_due=Max(Value(today) - F("due_on")))
        .order_by()
    )
    labels = dict(AdviceRequest.Kind.choices)
    found = {row["kind"]: row for row in rows}
    return [
        {
            "kind": kind,
            "label": labels[kind],
            "count": found[kind]["count"],
            "days_overdue": found[kind]["oldest_due"].days,
        }
        for kind in labels
        if kind in found
    ]


# --- Pipeline --------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    stage: str
    state: str
    count: int
    average_days: int | None
    max_days: int | None
    # The case list's filter for the cases counted ("<model key>:<state>", casework.stages).
    filter_key: str = ""

    @property
    def short_stage(self) -> str:
        return {
            "Requests for assessment": "Request",
            "Needs assessments": "Assessment",
            "EHC plans": "Plan",
            "Annual reviews": "Review",
        }.get(self.stage, self.stage)

    @property
    def label(self) -> str:
        """The same words in the chart and in the table."""
        return f"{self.short_stage}: {self.state.lower()}"


def _since(today: datetime.date, entered: dict[str, str]):
    """Days since each state was entered, from the workflow's own date columns."""
    entered_on = Case(
        *(
            When(status=state, then=F(field) if isinstance(field, str) else field)
            for state, field in entered.items()
        ),
        output_field=DateField(),
    )
    return ExpressionWrapper(Value(today) - entered_on, output_field=DurationField())


_open_amendment = PlanAmendment.objects.filter(plan=OuterRef("pk"), outcome="")

# Only the states still moving; closed states (declined, withdrawn, in force) are not
# a pipeline. Each maps to the column that records when the case entered it.
PIPELINE = (
    (
        "Requests for assessment",
        AssessmentRequest,
        "child__",
        {AssessmentRequest.Status.RECEIVED: "received_on"},
    ),
    (
        "Needs assessments",
        NeedsAssessment,
        "child__",
        {
            NeedsAssessment.Status.GATHERING_ADVICE: "started_on",
            NeedsAssessment.Status.ADVICE_COMPLETE: "advice_completed_on",
        },
    ),
    (
        "EHC plans",
        Plan,
        "child__",
        {
            Plan.Status.DRAFTING: TruncDate("created_at"),
            # Consulting records no date of its own: counted from the draft, which it
            # follows directly.
            Plan.Status.DRAFT_ISSUED: "draft_issued_on",
            Plan.Status.CONSULTING: "draft_issued_on",
            Plan.Status.FINAL_ISSUED: "final_issued_on",
            # An amendment's dates are on the plan's one open amendment.
            Plan.Status.AMENDING: Subquery(_open_amendment.values("started_on")[:1]),
            Plan.Status.AMENDMENT_PROPOSED: Subquery(
                _open_amendment.values("proposals_issued_on")[:1]
            ),
        },
    ),
    (
        "Annual reviews",
        Review,
        "child__",
        {
            # A review waiting for its meeting counts from the day it was started.
            Review.Status.DUE: TruncDate("created_at"),
            Review.Status.SCHEDULED: TruncDate("created_at"),
            Review.Status.HELD: "held_on",
            Review.Status.REPORT_RECEIVED: "report_received_on",
        },
    ),
)


def pipeline(*, scope: Scope, today: datetime.date) -> list[Stage]:
    """How many cases sit in each open state and for how long: one grouped query per
    workflow (four in all)."""
    stages = []
    for stage, model, prefix, entered in PIPELINE:
        since = _since(today, entered)
        rows = (
            model.objects.filter(scope.children(prefix), status__in=list(entered))
            .values("status")
            .annotate(count=Count("pk"), average=Avg(since), longest=Max(since))
            .order_by()
        )
        found = {row["status"]: row for row in rows}
        labels = dict(model.Status.choices)
        for state in entered:
            row = found.get(state)
            stages.append(
                Stage(
                    stage=stage,
                    state=labels[state],
                    count=row["count"] if row else 0,
                    average_days=round(row["average"].total_seconds() / 86400)
                    if row and row["average"] is not None
                    else None,
                    max_days=row["longest"].days if row and row["longest"] is not None else None,
                    filter_key=f"{model._meta.app_label}_{model._meta.model_name}:{state}",
                )
            )
    return stages


# --- Caseloads -------------------------------------------------------------------------


def caseloads(*, scope: Scope, today: datetime.date) -> QuerySet[User]:
    """Cases and live deadlines per caseworker and manager in scope: one query (counts
    distinct, because the children and deadlines joins fan out)."""
    users = User.objects.filter(role__in=CASE_ROLES, is_active=True)
    if scope.caseworker_id is not None:
        users = users.filter(pk=scope.caseworker_id)
    elif scope.team_id is not None:
        users = users.filter(team_id=scope.team_id)
    return (
        users.select_related("team")
        # Join only the live deadlines (the join's ON clause filters them): closed ones
        # are most of the table and would only be discarded by the counts.
        .annotate(
            live=FilteredRelation(
                "assigned_children__deadlines",
                condition=Q(
                    assigned_children__deadlines__status__in=[Status.OPEN, Status.BREACHED]
                ),
            )
        )
        .annotate(
            cases=Count("assigned_children", distinct=True),
            open_deadlines=Count("live", distinct=True),
            # The council's own steps past their day (whose_date): not a family's
            # window that ended, nor another body's date.
            overdue=Count(
                "live",
                filter=Q(live__due_on__lt=today, live__code__in=timescales.COUNCIL_CODES),
                distinct=True,
            ),
        )
        .order_by("team__name", "full_name")
    )


def unassigned_cases(*, scope: Scope) -> int | None:
    """Cases in the team with no caseworker (not asked for a caseworker's own slice)."""
    if scope.caseworker_id is not None:
        return None
    return Child.objects.filter(scope.children(), caseworker__isnull=True).count()
