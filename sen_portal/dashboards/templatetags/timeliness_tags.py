"""The timeliness page's table rows written in Python (issue #22: once its figures were
one query, the three tables' rows, each number and percentage through the template
engine's lookups and filters, were most of what was left of the page's time). Each tag
writes what its template loop wrote, byte for byte (tested against it): the same
filters (``floatformat``, ``date``) and the same localisation of numbers as ``{{ }}``.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date, floatformat
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from sen_portal.dashboards.selectors import AdviceRow, MonthRow, Timeliness

register = template.Library()


def _percent(value: float | None) -> str:
    # {% if value is None %}–{% else %}{{ value|floatformat:1 }}%{% endif %}
    return "–" if value is None else f"{floatformat(value, 1)}%"


def _row(header: str, cells: list[str], indent: str) -> str:
    """One ``<tr>`` as the loop wrote it, with the whitespace around it."""
    tds = "".join(
        f'\n{indent}  <td class="govuk-table__cell govuk-table__cell--numeric">{cell}</td>'
        for cell in cells
    )
    return (
        f'\n{indent}<tr class="govuk-table__row">'
        f'\n{indent}  <th scope="row" class="govuk-table__header">{conditional_escape(header)}</th>'
        f"{tds}\n{indent}</tr>\n{indent}"
    )


def _all_five(f: Timeliness) -> list[str]:
    return [
        localize(f.done),
        localize(f.within),
        localize(f.with_exception),
        _percent(f.percent_including),
        _percent(f.percent_excluding),
    ]


@register.simple_tag
def measure_rows(measures: list[tuple[str, Timeliness]]) -> SafeString:
    """The "Statutory time limits met" table's rows: (name, figures) each."""
    rows = (_row(name, _all_five(f), "    ") for name, f in measures)
    return mark_safe("".join(rows))  # noqa: S308 - the header escaped, the rest numbers


@register.simple_tag
def month_rows(trend: list[MonthRow]) -> SafeString:
    """ "New EHC plans issued each month": the month's name, issued, within 20 weeks and
    the percentage excluding exceptions."""
    rows = (
        _row(
            date(row.month, "F"),
            [
                localize(row.figures.done),
                localize(row.figures.within),
                _percent(row.figures.percent_excluding),
            ],
            "        ",
        )
        for row in trend
    )
    return mark_safe("".join(rows))  # noqa: S308 - the header escaped, the rest numbers


@register.simple_tag
def advice_rows(advice: list[AdviceRow]) -> SafeString:
    """ "Advice received in the year", by agency."""
    rows = (_row(row.label, _all_five(row.figures), "    ") for row in advice)
    return mark_safe("".join(rows))  # noqa: S308 - the header escaped, the rest numbers
