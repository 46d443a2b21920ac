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
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from sen_portal import dates

register = template.Library()

# Stand-in ids, reversed once and replaced in each row's link.
_ID = "987654321"
_UUID = "98765432-1234-4321-8765-432112345678"


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

    def __init__(self, name: str, *before, uuid: bool = False):
        stand_in = _UUID if uuid else _ID
        self.head, self.tail = reverse(name, args=[*before, stand_in]).rsplit(stand_in, 1)

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


# --- The case's own cards ---------------------------------------------------------------


def _or(value, default: str) -> str:
    """``{{ value|default:"..." }}``."""
    return _e(value) if value else default


def _row(key: str, value: str) -> str:
    return (
        '          <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">'
        f'{key}</dt><dd class="govuk-summary-list__value">{value}</dd></div>\n'
    )


def child_card_html(child) -> SafeString:
    """The "Child or young person" summary card."""
    address = "".join(
        f"{_e(line)}<br>"
        for line in (child.address_line_1, child.address_line_2, child.town)
        if line
    )
    if child.upn:
        upn = _e(child.upn)
    elif child.upn_unknown_reason:
        upn = (
            f"None: {_e(str(child.get_upn_unknown_reason_display()).lower())}"
            f" ({_e(child.upn_unknown_reason)})"
        )
    else:
        upn = "Not recorded"
    html = (
        '<div class="govuk-summary-card">\n'
        '      <div class="govuk-summary-card__title-wrapper">\n'
        '        <h2 class="govuk-summary-card__title">Child or young person</h2>\n'
        '        <ul class="govuk-summary-card__actions"><li class="govuk-summary-card__action">'
        f'<a class="govuk-link" href="{_e(reverse("casework:child_edit", args=[child.pk]))}">'
        'Change<span class="govuk-visually-hidden"> case details</span></a></li></ul>\n'
        "      </div>\n"
        '      <div class="govuk-summary-card__content">\n'
        '        <dl class="govuk-summary-list">\n'
        + _row("Date of birth", f"{_day(child.date_of_birth)} (age {child.age})")
        + _row("Sex", _or(child.get_sex_display(), "Not recorded"))
        + _row("Ethnicity", _or(child.get_ethnicity_display(), "Not recorded"))
        + _row("Address", address + _or(child.postcode, "Not recorded"))
        + _row("UPN", upn)
        + _row("ULN", _or(child.uln, "Not recorded"))
        + _row("NHS number", _or(child.nhs_number, "Not recorded"))
        + _row("Team", _e(child.team.name))
        + _row("Caseworker", _or(child.caseworker, "Not assigned"))
        + "        </dl>\n      </div>\n    </div>"
    )
    return mark_safe(html)  # noqa: S308 - every value in it went through conditional_escape


def documents_card_html(documents, *, child, may_run_case: bool) -> SafeString:
    """The "Documents" summary card: the latest documents, each a download link."""
    parts = [
        '<div class="govuk-summary-card" id="documents">\n'
        '      <div class="govuk-summary-card__title-wrapper">\n'
        '        <h2 class="govuk-summary-card__title">Documents</h2>\n        '
    ]
    if may_run_case:
        upload = _e(reverse("casework:document_upload", args=[child.pk]))
        parts.append(
            '<ul class="govuk-summary-card__actions"><li class="govuk-summary-card__action">'
            f'<a class="govuk-link" href="{upload}">Upload a document</a></li></ul>'
        )
    parts.append('\n      </div>\n      <div class="govuk-summary-card__content">\n        ')
    if documents:
        download = _Link("documents:document_download", child.pk, uuid=True)
        parts.append('\n        <ul class="govuk-list">\n          ')
        for document in documents:
            parts += [
                '\n          <li><a class="govuk-link" href="',
                _e(download(document.pk)),
                '">',
                _e(document.title),
                '</a> <span class="govuk-body-s">(',
                _e(document.get_file_type_display()),
                ", ",
                _e(filesizeformat(document.size)),
                ", ",
                _day(document.created_at),
            ]
            if document.step_label:
                parts += [", belongs to ", _e(document.step_label)]
            if document.shared_with_family:
                parts.append(", shared with the family")
            parts.append(")</span></li>\n          ")
        parts.append("\n        </ul>\n        ")
    else:
        parts.append(
            '\n        <p class="govuk-body">No documents yet. Evidence, advice reports and '
            "decision letters appear here.</p>\n        "
        )
    parts.append("\n      </div>\n    </div>")
    return mark_safe("".join(parts))  # noqa: S308 - every value went through conditional_escape


def family_card_html(members, *, child) -> SafeString:
    """The "Family" summary card: each family member recorded on the case."""
    add = _e(reverse("casework:family_member_add", args=[child.pk]))
    parts = [
        '<div class="govuk-summary-card">\n'
        '      <div class="govuk-summary-card__title-wrapper">\n'
        '        <h2 class="govuk-summary-card__title">Family</h2>\n'
        '        <ul class="govuk-summary-card__actions"><li class="govuk-summary-card__action">'
        f'<a class="govuk-link" href="{add}">Add<span class="govuk-visually-hidden"> a family '
        "member</span></a></li></ul>\n"
        "      </div>\n"
        '      <div class="govuk-summary-card__content">\n        '
    ]
    if members:
        parts.append('\n        <dl class="govuk-summary-list">\n          ')
        for member in members:
            parts += [
                '\n          <div class="govuk-summary-list__row">\n'
                '            <dt class="govuk-summary-list__key">',
                _e(member.full_name),
                '</dt>\n            <dd class="govuk-summary-list__value">\n              ',
                _e(member.get_relationship_display()),
            ]
            if member.is_main_contact:
                parts.append(' <strong class="govuk-tag govuk-tag--blue">Main contact</strong>')
            parts.append("<br>\n              ")
            parts.append(
                "Has parental responsibility"
                if member.parental_responsibility
                else "No parental responsibility"
            )
            parts.append("\n              ")
            if member.email:
                parts += ["<br>", _e(member.email)]
            if member.phone:
                parts += ["<br>", _e(member.phone)]
            parts.append("\n            </dd>\n          </div>\n          ")
        parts.append("\n        </dl>\n        ")
    else:
        parts.append(
            '\n        <p class="govuk-body">No family members recorded yet.</p>\n        '
        )
    parts.append("\n      </div>\n    </div>")
    return mark_safe("".join(parts))  # noqa: S308 - every value went through conditional_escape


@register.simple_tag(takes_context=True)
def child_card(context) -> SafeString:
    return child_card_html(context["child"])


@register.simple_tag(takes_context=True)
def documents_card(context) -> SafeString:
    return documents_card_html(
        context["documents"], child=context["child"], may_run_case=context["may_run_case"]
    )


@register.simple_tag(takes_context=True)
def family_card(context) -> SafeString:
    return family_card_html(context["family_members"], child=context["child"])


def next_step_html(next_step, *, has_deadlines: bool) -> SafeString:
    """The "What to do next" banner: the open deadline due soonest, and how many more."""
    parts = [
        "\n"
        '<div class="govuk-notification-banner" role="region" aria-labelledby="next-step-title"'
        ' data-module="govuk-notification-banner" id="next-step">\n'
        '  <div class="govuk-notification-banner__header">\n'
        '    <h2 class="govuk-notification-banner__title" id="next-step-title">What to do next'
        "</h2>\n"
        "  </div>\n"
        '  <div class="govuk-notification-banner__content">\n    '
    ]
    if next_step:
        row = next_step.row
        d = row.deadline
        title = _e(d.title)
        if row.named:
            title = f"{title}: {_e(row.named)}"
        if row.url:
            title = f'<a class="govuk-notification-banner__link" href="{_e(row.url)}">{title}</a>'
        parts += [
            '\n    <p class="govuk-notification-banner__heading">\n      ',
            title,
            '\n    </p>\n    <p class="govuk-body"><strong class="govuk-tag govuk-tag--',
            _e(row.colour),
            '">',
            _e(row.tag),
            '</strong> Due <time datetime="',
            d.due_on.isoformat(),
            '">',
            _day(d.due_on),
            "</time>. ",
            _e(row.when),
            ".</p>\n    ",
        ]
        if next_step.others:
            parts.append('<p class="govuk-body govuk-!-margin-bottom-0">')
            if next_step.overdue > 1:
                parts.append(f"{next_step.overdue} deadlines are overdue. ")
            others = next_step.others
            parts.append(
                f'<a class="govuk-link" href="#deadlines">{others} more statutory '
                f"deadline{'' if others == 1 else 's'} still to meet</a>.</p>"
            )
        parts.append("\n    ")
    else:
        parts.append(
            '\n    <p class="govuk-body govuk-!-margin-bottom-0">No statutory deadline is open '
            "on this case."
        )
        if has_deadlines:
            parts.append(
                ' <a class="govuk-link" href="#deadline-history">See the deadlines met</a>.'
            )
        parts.append("</p>\n    ")
    parts.append("\n  </div>\n</div>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value went through conditional_escape


def letters_card_html(letters, *, child) -> SafeString:
    """The "Letters" summary card: the latest letters, their addressees and their sending."""
    parts = [
        '<div class="govuk-summary-card" id="letters">\n'
        '  <div class="govuk-summary-card__title-wrapper">\n'
        '    <h2 class="govuk-summary-card__title">Letters</h2>\n'
        "  </div>\n"
        '  <div class="govuk-summary-card__content">\n    '
    ]
    if letters:
        download = _Link("documents:document_download", child.pk, uuid=True)
        parts.append(
            '\n    <div class="app-table-scroll" role="region" aria-label="Letters on this case"'
            ' tabindex="0">\n'
            '    <table class="govuk-table">\n'
            '      <caption class="govuk-table__caption govuk-visually-hidden">Letters on this '
            "case, newest first</caption>\n"
            '      <thead class="govuk-table__head">\n'
            '        <tr class="govuk-table__row">\n'
            '          <th scope="col" class="govuk-table__header">Letter</th>\n'
            '          <th scope="col" class="govuk-table__header">To</th>\n'
            '          <th scope="col" class="govuk-table__header">Sent</th>\n'
            "        </tr>\n"
            "      </thead>\n"
            '      <tbody class="govuk-table__body">\n        '
        )
        for letter in letters:
            title = _e(letter.title)
            if letter.document_id:
                title = (
                    f'<a class="govuk-link" href="{_e(download(letter.document_id))}">{title}</a>'
                )
            parts += [
                '\n        <tr class="govuk-table__row">\n          <td class="govuk-table__cell">',
                title,
                '<br><span class="govuk-body-s">Dated ',
                _day(letter.dated_on),
            ]
            if letter.act_by:
                parts += ["; ", _e(letter.act_by_what), " by ", _day(letter.act_by)]
            parts += [
                '</span></td>\n          <td class="govuk-table__cell">',
                _e(letter.addressee_names),
            ]
            if letter.copies:
                names = ", ".join(_e(person["name"]) for person in letter.copies)
                parts.append(f'<br><span class="govuk-body-s">Copy to {names}</span>')
            parts.append('</td>\n          <td class="govuk-table__cell">')
            if not letter.document_id:
                parts.append('<strong class="govuk-tag govuk-tag--grey">Being made</strong>')
            elif letter.sent_on:
                parts += [
                    "Emailed " if letter.delivery == "email" else "Posted ",
                    _day(letter.sent_on),
                    '<br><span class="govuk-body-s">Served ',
                    _day(letter.service_on),
                    "</span>",
                ]
            else:
                parts.append('<strong class="govuk-tag govuk-tag--yellow">To post</strong>')
            parts.append("</td>\n        </tr>\n        ")
        parts.append("\n      </tbody>\n    </table>\n    </div>\n    ")
    else:
        parts.append(
            '\n    <p class="govuk-body">No letters yet. Every notice the law requires is '
            "written here when its decision is made.</p>\n    "
        )
    parts.append("\n  </div>\n</div>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value went through conditional_escape


@register.simple_tag(takes_context=True)
def next_step_banner(context) -> SafeString:
    return next_step_html(context["next_step"], has_deadlines=bool(context["deadline_rows"]))


@register.simple_tag(takes_context=True)
def letters_card(context) -> SafeString:
    return letters_card_html(context["letters"], child=context["child"])
