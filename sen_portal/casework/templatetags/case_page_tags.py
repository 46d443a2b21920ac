"""The case page's repeated rows, written in Python (issue #22).

Rendering the case page's rows through Django templates (an include per deadline, a
variable lookup per field, a ``{% url %}`` per link, a ``date`` filter per date) was half
of the page's CPU. These functions write the same HTML, byte for byte, as the templates
did (tests/casework/test_case_page_tags.py renders both and compares them): GOV.UK
markup unchanged, every value escaped with ``conditional_escape`` as autoescape did.

Dates are written as the ``date`` filter wrote them ("j F Y", in local time for a
datetime); links are reversed once a page and filled in per row.
"""

from __future__ import annotations

import datetime

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from sen_portal import dates

register = template.Library()

# A stand-in id, reversed once and replaced in each row's link.
_ID = "987654321"


def _e(value) -> str:
    return conditional_escape(value)


def _day(value: datetime.date | datetime.datetime | None) -> str:
    """``value|date:"j F Y"``."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return dates.long_date(value)


class _Link:
    """``reverse(name, args=[*before, id])`` for many ids, with one ``reverse``."""

    def __init__(self, name: str, *before):
        self.head, self.tail = reverse(name, args=[*before, _ID]).rsplit(_ID, 1)

    def __call__(self, pk) -> str:
        return f"{self.head}{pk}{self.tail}"


# --- Statutory deadlines ---------------------------------------------------------------


def deadline_rows_html(rows, *, child, may_record_exceptions: bool) -> SafeString:
    """Each ``DeadlineRow`` as ``casework/includes/deadline_row.html`` wrote it: a GOV.UK
    summary list row with its tag, due date, exception and "Record exception" link."""
    exception_link = _Link("casework:deadline_exception", child.pk)
    html = "".join(_deadline_row(row, may_record_exceptions, exception_link) for row in rows)
    return mark_safe(html)  # noqa: S308 - every value in it went through conditional_escape


def _deadline_row(row, may_record_exceptions: bool, exception_link: _Link) -> str:
    d = row.deadline
    timescale = d.timescale
    title = _e(timescale.title)
    named = _e(row.named) if row.named else ""
    has_exception = d.has_exception
    actions = may_record_exceptions and d.can_record_exception
    parts = [
        '\n<div class="govuk-summary-list__row',
        "" if actions else " govuk-summary-list__row--no-actions",
        '">\n  <dt class="govuk-summary-list__key">\n    ',
        title,
    ]
    if named:
        parts.append('<span class="govuk-!-display-block govuk-!-font-weight-regular">')
        if row.url:
            parts += ['<a class="govuk-link" href="', _e(row.url), '">', named, "</a>"]
        else:
            parts.append(named)
        parts.append("</span>")
    parts += [
        '\n    <span class="govuk-hint govuk-!-display-block govuk-!-font-size-16 '
        'govuk-!-margin-top-1 govuk-!-margin-bottom-0">',
        _e(timescale.period),
        ", ",
        _e(timescale.regulation),
        '</span>\n  </dt>\n  <dd class="govuk-summary-list__value">\n'
        '    <strong class="govuk-tag govuk-tag--',
        _e(row.colour),
        '">',
        _e(row.tag),
        '</strong>\n    <p class="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">'
        'Due <time datetime="',
        d.due_on.isoformat(),
        '">',
        _day(d.due_on),
        "</time>. ",
        _e(row.when),
        ".</p>\n    ",
    ]
    if has_exception:
        parts += [
            '\n    <p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">\n'
            "      <strong>Exception:</strong> ",
            _e(d.exception_reason_label),
            ",\n      ",
        ]
        if d.exception_ends_on:
            parts += [_day(d.exception_starts_on), " to ", _day(d.exception_ends_on)]
        else:
            parts += ["from ", _day(d.exception_starts_on)]
        parts.append(".\n      ")
        if d.exception_recorded_by:
            parts += ["Recorded by ", _e(d.exception_recorded_by), "."]
        parts.append("\n    </p>\n    ")
    parts.append("\n  </dd>\n  ")
    if actions:
        parts += [
            '\n  <dd class="govuk-summary-list__actions">\n    <a class="govuk-link" href="',
            exception_link(d.pk),
            '">',
            "Change exception" if has_exception else "Record exception",
            '<span class="govuk-visually-hidden"> for ',
            _e(timescale.title.lower()),
        ]
        if named:
            parts += [", ", named]
        parts.append("</span></a>\n  </dd>\n  ")
    parts.append("\n</div>\n\n")
    return "".join(parts)


@register.simple_tag(takes_context=True)
def deadline_rows(context, rows) -> SafeString:
    return deadline_rows_html(
        rows, child=context["child"], may_record_exceptions=context["may_record_exceptions"]
    )


# --- The chronology (case history) ----------------------------------------------------


def timeline_html(events, *, heading: str = "h3") -> SafeString:
    """Each ``ChronologyEvent`` as an MOJ timeline item, as the case page's loop wrote
    them (``heading``: the level of each item's title; the history page's is ``h2``)."""
    html = "".join(_timeline_item(event, heading) for event in events)
    return mark_safe(html)  # noqa: S308 - every value in it went through conditional_escape


def _timeline_item(event, heading: str) -> str:
    occurred_at = event.occurred_at
    if timezone.is_aware(occurred_at):
        occurred_at = timezone.localtime(occurred_at)
    actor = event.actor
    parts = [
        '\n      <div class="moj-timeline__item">\n        <div class="moj-timeline__header">\n'
        f'          <{heading} class="moj-timeline__title">',
        _e(event.summary),
        f'</{heading}>\n          <p class="moj-timeline__byline">by ',
        _e(actor) if actor else "the system",
        '</p>\n        </div>\n        <p class="moj-timeline__date"><time datetime="',
        occurred_at.isoformat(),
        '">',
        _e(dates.govuk_datetime(occurred_at)),
        "</time></p>\n        ",
    ]
    if event.note:
        parts += [
            '<div class="moj-timeline__description">',
            linebreaks(event.note, autoescape=True),
            "</div>",
        ]
    parts.append("\n      </div>\n      ")
    return "".join(parts)


@register.simple_tag
def timeline(events, heading: str = "h3") -> SafeString:
    return timeline_html(events, heading=heading)
