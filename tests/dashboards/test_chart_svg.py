"""The bar chart's SVG written in Python (issue #22) is what the template wrote."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from sen_portal.dashboards import charts
from sen_portal.dashboards.templatetags.chart_tags import bar_chart

# dashboards/includes/bar_chart.html before the tag.
TEMPLATE = Template(
    """<figure class="govuk-!-margin-0 govuk-!-margin-bottom-4">
  <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{ chart.width }} {{ chart.height }}" width="100%" role="img" aria-hidden="true" focusable="false" font-family="Arial, sans-serif" font-size="18">
    {% for y, value in chart.ticks %}
    <line x1="{{ chart.left }}" x2="{{ chart.width }}" y1="{{ y }}" y2="{{ y }}" stroke="#b1b4b6" stroke-width="1"/>
    <text x="{{ chart.left|add:'-6' }}" y="{{ y }}" text-anchor="end" dominant-baseline="middle" fill="#505a5f">{{ value }}</text>
    {% endfor %}
    {% for category in chart.categories %}
    {% for bar in category.bars %}<rect x="{{ bar.x }}" y="{{ bar.y }}" width="{{ bar.width }}" height="{{ bar.height }}" fill="{{ bar.colour }}"><title>{{ category.label }}: {{ bar.value }}</title></rect>{% endfor %}
    <text x="{{ category.centre }}" y="{{ chart.height|add:'-8' }}" text-anchor="middle" fill="#0b0c0c">{{ category.label|truncatechars:12 }}</text>
    {% endfor %}
  </svg>
  <figcaption class="govuk-body-s govuk-!-margin-top-2">{{ chart.title }}.{% for colour, name in chart.legend %} <svg width="12" height="12" aria-hidden="true" focusable="false"><rect width="12" height="12" fill="{{ colour }}"/></svg> {{ name }}{% endfor %}. The same figures are in the table.</figcaption>
</figure>
"""  # noqa: E501
)


@pytest.mark.parametrize(
    "series",
    [
        [("Issued", [0] * 12), ("Within 20 weeks", [0] * 12)],
        [("Issued", [3, 17, 0, 250, 1, 9, 12, 77, 5, 6, 1000, 2]), ("Within", [1] * 12)],
        [('Plans <new> & "old"', [1, 2, 3])],
    ],
)
def test_the_svg_is_the_templates_bytes(series):
    labels = ["Jan", "Febuary-long-label", "Mar <&>"] + [f"M{n}" for n in range(9)]
    chart = charts.bar_chart(
        title="New EHC plans <issued>", labels=labels[: len(series[0][1])], series=series
    )
    assert bar_chart(chart) + "\n" == TEMPLATE.render(Context({"chart": chart}))
