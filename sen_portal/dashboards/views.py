"""Manager dashboards. Thin views: parse the period, call the selectors, render; every
table can also be downloaded as CSV (`?format=csv&table=<name>`), streamed.

Managers see their team, administrators every team, caseworkers the cases assigned to
them (selectors.scope_for). Other roles are refused by `@allow`.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from sen_portal.access import allow
from sen_portal.accounts.roles import Role
from sen_portal.casework import deadline_selectors
from sen_portal.dashboards import charts, selectors, sen2

DASHBOARD_ROLES = (Role.MANAGER, Role.ADMIN, Role.CASEWORKER)
PAGE_SIZE = 25
FIRST_YEAR = 2014  # Children and Families Act 2014: the first EHC plans


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"


def _year(request) -> tuple[int, list[int]]:
    this_year = timezone.localdate().year
    years = list(range(this_year, FIRST_YEAR - 1, -1))
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    return (year if year in years else this_year), years


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _timeliness_cells(figures: selectors.Timeliness) -> list:
    return [
        figures.done,
        figures.within,
        figures.with_exception,
        _percent(figures.percent_including),
        _percent(figures.percent_excluding),
    ]


TIMELINESS_HEADER = [
    "Done",
    "Within the time limit",
    "With an exception",
    "% within, including exceptions",
    "% within, excluding exceptions",
]


@allow(*DASHBOARD_ROLES)
def timeliness(request):
    scope = selectors.scope_for(request.user)
    year, years = _year(request)
    summary = selectors.timeliness_summary(scope=scope, year=year)
    trend = selectors.final_plan_trend(scope=scope, year=year)
    advice = selectors.advice_timeliness(scope=scope, year=year)
    measures = [
        ("New EHC plans issued within 20 weeks", summary[selectors.FINAL_PLAN]),
        ("Decisions whether to assess within 6 weeks", summary[selectors.DECIDE_TO_ASSESS]),
        ("Annual reviews held within 12 months", summary[selectors.ANNUAL_REVIEW]),
    ]
    if _wants_csv(request):
        table = request.GET.get("table")
        if table == "summary":
            return csv_response(
                f"timeliness-{year}.csv",
                ["Measure", *TIMELINESS_HEADER],
                ([name, *_timeliness_cells(f)] for name, f in measures),
            )
        if table == "trend":
            return csv_response(
                f"new-plans-by-month-{year}.csv",
                ["Month", *TIMELINESS_HEADER],
                ([row.month.strftime("%Y-%m"), *_timeliness_cells(row.figures)] for row in trend),
            )
        if table == "advice":
            return csv_response(
                f"advice-within-6-weeks-{year}.csv",
                ["Advice", *TIMELINESS_HEADER],
                ([row.label, *_timeliness_cells(row.figures)] for row in advice),
            )
        raise Http404("No such table")
    chart = charts.bar_chart(
        title=f"New EHC plans issued each month in {year}",
        labels=[row.label.split()[0] for row in trend],
        series=[
            ("Issued", [row.figures.done for row in trend]),
            ("Within 20 weeks", [row.figures.within for row in trend]),
        ],
    )
    return render(
        request,
        "dashboards/timeliness.html",
        {
            "scope": scope,
            "year": year,
            "years": years,
            "plans": summary[selectors.FINAL_PLAN],
            "measures": measures,
            "trend": trend,
            "chart": chart,
            "advice": advice,
            "section": "timeliness",
        },
    )


@allow(*DASHBOARD_ROLES)
def action(request):
    """What needs action: counts of each list, one list at a time drilled down to the
    cases (paginated), and advice overdue by agency."""
    scope = selectors.scope_for(request.user)
    today = timezone.localdate()
    amber = deadline_selectors.amber_limit(today)
    chosen = request.GET.get("list", "overdue")
    if chosen not in selectors.ACTION_LISTS:
        raise Http404("No such list")
    deadlines = selectors.action_list(scope=scope, name=chosen, today=today, amber_until=amber)
    if _wants_csv(request):
        if request.GET.get("table") == "advice":
            return csv_response(
                "advice-overdue.csv",
                ["Advice", "Overdue", "Most days overdue"],
                (
                    [row["label"], row["count"], row["days_overdue"]]
                    for row in selectors.advice_overdue_by_kind(scope=scope, today=today)
                ),
            )
        return csv_response(
            f"deadlines-{chosen}.csv",
            ["LA reference", "Name", "Caseworker", "Deadline", "Due"],
            (
                [
                    d.child.la_reference,
                    d.child.full_name,
                    d.child.caseworker.full_name if d.child.caseworker else "",
                    d.title,
                    d.due_on.isoformat(),
                ]
                for d in deadlines.iterator(chunk_size=2000)
            ),
        )
    counts = selectors.action_counts(scope=scope, today=today, amber_until=amber)
    page = Paginator(deadlines, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboards/action.html",
        {
            "scope": scope,
            "today": today,
            "lists": [
                (name, label, counts[name]) for name, label in selectors.ACTION_LISTS.items()
            ],
            "chosen": chosen,
            "chosen_label": selectors.ACTION_LISTS[chosen],
            "page": page,
            "page_query": f"list={chosen}&",
            "advice": selectors.advice_overdue_by_kind(scope=scope, today=today),
            "section": "action",
        },
    )


@allow(*DASHBOARD_ROLES)
def pipeline(request):
    scope = selectors.scope_for(request.user)
    stages = selectors.pipeline(scope=scope, today=timezone.localdate())
    if _wants_csv(request):
        return csv_response(
            "pipeline.csv",
            ["Stage", "State", "Cases", "Average days in state", "Longest days in state"],
            ([s.stage, s.state, s.count, s.average_days or "", s.max_days or ""] for s in stages),
        )
    chart = charts.horizontal_bar_chart(
        title="Cases in each state today",
        labels=[f"{s.short_stage}: {s.state.lower()}" for s in stages],
        values=[s.count for s in stages],
    )
    return render(
        request,
        "dashboards/pipeline.html",
        {"scope": scope, "stages": stages, "chart": chart, "section": "pipeline"},
    )


@allow(*DASHBOARD_ROLES)
def caseloads(request):
    scope = selectors.scope_for(request.user)
    people = selectors.caseloads(scope=scope, today=timezone.localdate())
    if _wants_csv(request):
        return csv_response(
            "caseloads.csv",
            ["Name", "Team", "Role", "Cases", "Open deadlines", "Overdue"],
            (
                [
                    p.full_name,
                    p.team.name if p.team else "",
                    p.get_role_display(),
                    p.cases,
                    p.open_deadlines,
                    p.overdue,
                ]
                for p in people.iterator(chunk_size=500)
            ),
        )
    return render(
        request,
        "dashboards/caseloads.html",
        {
            "scope": scope,
            "people": people,
            "unassigned": selectors.unassigned_cases(scope=scope),
            "section": "caseloads",
        },
    )


def _census_date(request) -> datetime.date:
    """The census date asked for, else the third Thursday of January this year (the
    SEN2 reference date falls mid-January)."""
    try:
        return datetime.date.fromisoformat(request.GET.get("census_date", ""))
    except ValueError:
        january = datetime.date(timezone.localdate().year, 1, 1)
        first_thursday = january + datetime.timedelta(days=(3 - january.weekday()) % 7)
        return first_thursday + datetime.timedelta(weeks=2)


@allow(Role.MANAGER, Role.ADMIN)
def sen2_check(request):
    """The SEN2 validation report: each case in the return that would be rejected, with a
    link to fix it. The return itself is written by `manage.py sen2_export`."""
    scope = selectors.scope_for(request.user)
    census = _census_date(request)
    children = sen2.children_with_problems(scope=scope, census_date=census)
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboards/sen2_check.html",
        {
            "scope": scope,
            "census_date": census,
            "page": page,
            "problems": list(sen2.problems(page.object_list)),
            "page_query": f"census_date={census.isoformat()}&",
            "section": "sen2",
        },
    )
