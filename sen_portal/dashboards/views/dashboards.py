"""Manager dashboards. Thin views: parse the period and the scope (team selector), call
the selectors, render; every table can also be downloaded as CSV
(`?format=csv&table=<name>`), streamed, for the same scope.

Managers see their team (or one person in it), administrators every team or one,
caseworkers the cases assigned to them (scopes.choose_scope). Other roles are refused
by `@allow`.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from sen_portal.access import allow
from sen_portal.casework.selectors import amber_limit
from sen_portal.casework.selectors import deadlines as deadline_selectors
from sen_portal.dashboards import charts, selectors
from sen_portal.dashboards.views.common import (
    DASHBOARD_ROLES,
    PAGE_SIZE,
    chosen_scope,
    csv_response,
    page_context,
    wants_csv,
)

FIRST_YEAR = 2014  # Children and Families Act 2014: the first EHC plans


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
    choice = chosen_scope(request)
    scope = choice.scope
    year, years = _year(request)
    figures = selectors.timeliness_page(scope=scope, year=year)
    summary, trend, advice = figures.summary, figures.trend, figures.advice
    measures = [
        ("New EHC plans issued within 20 weeks", summary[selectors.FINAL_PLAN]),
        ("Decisions whether to assess within 6 weeks", summary[selectors.DECIDE_TO_ASSESS]),
        ("Annual reviews held within 12 months", summary[selectors.ANNUAL_REVIEW]),
    ]
    if wants_csv(request):
        table = request.GET.get("table")
        if table == "summary":
            return csv_response(
                request,
                choice.scope.label,
                f"timeliness-{year}.csv",
                ["Measure", *TIMELINESS_HEADER],
                ([name, *_timeliness_cells(f)] for name, f in measures),
            )
        if table == "trend":
            return csv_response(
                request,
                choice.scope.label,
                f"new-plans-by-month-{year}.csv",
                ["Month", *TIMELINESS_HEADER],
                ([row.month.strftime("%Y-%m"), *_timeliness_cells(row.figures)] for row in trend),
            )
        if table == "advice":
            return csv_response(
                request,
                choice.scope.label,
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
            **page_context(choice, "timeliness", keep=[("year", str(year))]),
            "year": year,
            "years": years,
            "plans": summary[selectors.FINAL_PLAN],
            "measures": measures,
            "trend": trend,
            "chart": chart,
            "advice": advice,
        },
    )


@allow(*DASHBOARD_ROLES)
def action(request):
    """What needs action: counts of each list, one list at a time drilled down to the
    cases (paginated), and advice overdue by agency."""
    choice = chosen_scope(request)
    scope = choice.scope
    today = timezone.localdate()
    amber = amber_limit(today)
    chosen = request.GET.get("list", "overdue")
    if chosen not in selectors.ACTION_LISTS:
        raise Http404("No such list")
    deadlines = selectors.action_list(scope=scope, name=chosen, today=today, amber_until=amber)
    if wants_csv(request):
        if request.GET.get("table") == "advice":
            return csv_response(
                request,
                choice.scope.label,
                "advice-overdue.csv",
                ["Advice", "Overdue", "Most days overdue"],
                (
                    [row["label"], row["count"], row["days_overdue"]]
                    for row in selectors.advice_overdue_by_kind(scope=scope, today=today)
                ),
            )
        return csv_response(
            request,
            choice.scope.label,
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
    # Each deadline named by its subject ("Advice due back: Psychological advice from Dr
    # Ezra"), so one child with two deadlines reads as two things to do: one query per
    # kind of subject on the page.
    names = deadline_selectors.subject_names(list(page.object_list))
    for deadline in page.object_list:
        deadline.subject_name = names.get(deadline.pk, ("", ""))[0]
    return render(
        request,
        "dashboards/action.html",
        {
            **page_context(choice, "action", keep=[("list", chosen)]),
            "today": today,
            "lists": [
                (name, label, counts[name]) for name, label in selectors.ACTION_LISTS.items()
            ],
            "chosen": chosen,
            "chosen_label": selectors.ACTION_LISTS[chosen],
            "page": page,
            "page_query": f"{choice.query}list={chosen}&",
            "advice": selectors.advice_overdue_by_kind(scope=scope, today=today),
            "later_steps": selectors.later_steps(scope=scope, today=today),
        },
    )


@allow(*DASHBOARD_ROLES)
def pipeline(request):
    choice = chosen_scope(request)
    stages = selectors.pipeline(scope=choice.scope, today=timezone.localdate())
    if wants_csv(request):
        return csv_response(
            request,
            choice.scope.label,
            "pipeline.csv",
            ["Stage", "State", "Cases", "Average days in state", "Longest days in state"],
            ([s.stage, s.state, s.count, s.average_days or "", s.max_days or ""] for s in stages),
        )
    chart = charts.horizontal_bar_chart(
        title="Cases in each state today",
        labels=[s.label for s in stages],
        values=[s.count for s in stages],
    )
    return render(
        request,
        "dashboards/pipeline.html",
        {**page_context(choice, "pipeline"), "stages": stages, "chart": chart},
    )


@allow(*DASHBOARD_ROLES)
def caseloads(request):
    choice = chosen_scope(request)
    scope = choice.scope
    people = selectors.caseloads(scope=scope, today=timezone.localdate())
    if wants_csv(request):
        return csv_response(
            request,
            choice.scope.label,
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
            **page_context(choice, "caseloads"),
            "people": people,
            "unassigned": selectors.unassigned_cases(scope=scope),
            "can_reassign": request.user.role in ("manager", "admin"),
        },
    )
