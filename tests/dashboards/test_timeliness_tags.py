"""The timeliness page's rows written in Python (issue #22) are what the template's loops
wrote, byte for byte."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template

from sen_portal.dashboards.selectors import AdviceRow, MonthRow, Timeliness
from sen_portal.dashboards.templatetags.timeliness_tags import (
    advice_rows,
    measure_rows,
    month_rows,
)

# dashboards/timeliness.html's three loops before the tags.
FIVE = """
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ f.done }}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ f.within }}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ f.with_exception }}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{% if f.percent_including is None %}–{% else %}{{ f.percent_including|floatformat:1 }}%{% endif %}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{% if f.percent_excluding is None %}–{% else %}{{ f.percent_excluding|floatformat:1 }}%{% endif %}</td>"""  # noqa: E501
MEASURES = Template(
    """{% for name, f in measures %}
    <tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header">{{ name }}</th>"""
    + FIVE
    + """
    </tr>
    {% endfor %}"""
)
MONTHS = Template(
    """{% for row in trend %}
        <tr class="govuk-table__row">
          <th scope="row" class="govuk-table__header">{{ row.month|date:"F" }}</th>
          <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.figures.done }}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.figures.within }}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">{% if row.figures.percent_excluding is None %}–{% else %}{{ row.figures.percent_excluding|floatformat:1 }}%{% endif %}</td>
        </tr>
        {% endfor %}"""  # noqa: E501
)
ADVICE = Template(
    """{% for row in advice %}
    <tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header">{{ row.label }}</th>"""
    + FIVE.replace("f.", "row.figures.")
    + """
    </tr>
    {% endfor %}"""
)

FIGURES = [
    Timeliness(0, 0, 0, 0),  # no percentages: dashes
    Timeliness(4, 3, 1, 3),
    Timeliness(6, 4, 2, 3),  # 66.7% and 75.0%
    Timeliness(3, 0, 3, 0),  # all excepted: 0.0% and a dash
    Timeliness(12345, 10001, 7, 9999),  # no thousands separators (not configured)
]


@pytest.mark.parametrize("figures", [FIGURES[:1], FIGURES, []])
def test_the_measure_rows_are_the_loops_bytes(figures):
    measures = [(f"Measure <{n}> & “more”", f) for n, f in enumerate(figures)]
    assert measure_rows(measures) == MEASURES.render(Context({"measures": measures}))


@pytest.mark.parametrize("figures", [FIGURES[:1], FIGURES, []])
def test_the_month_rows_are_the_loops_bytes(figures):
    trend = [MonthRow(datetime.date(2025, 1 + n, 1), f) for n, f in enumerate(figures)]
    assert month_rows(trend) == MONTHS.render(Context({"trend": trend}))


def test_the_month_rows_name_every_month_as_the_date_filter_does():
    trend = [MonthRow(datetime.date(2025, m, 1), FIGURES[1]) for m in range(1, 13)]
    assert month_rows(trend) == MONTHS.render(Context({"trend": trend}))
    assert ">September</th>" in month_rows(trend)


@pytest.mark.parametrize("figures", [FIGURES[:1], FIGURES, []])
def test_the_advice_rows_are_the_loops_bytes(figures):
    from assessments.models import AdviceRequest

    kinds = AdviceRequest.Kind.choices
    advice = [
        AdviceRow(kinds[n % len(kinds)][0], kinds[n % len(kinds)][1], f)
        for n, f in enumerate(figures)
    ] + [AdviceRow("x", "A <b>label</b> & co", FIGURES[2])]
    assert advice_rows(advice) == ADVICE.render(Context({"advice": advice}))
