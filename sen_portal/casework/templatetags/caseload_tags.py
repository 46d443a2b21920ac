"""The caseload's rows, written in Python (issue #22: the caseload's 25 rows were most
of its time in the template engine: a URL, two dates and a dozen variables each).

``{% caseload_rows page.object_list user.role %}`` writes exactly what the loop in
``casework/child_list.html`` wrote, escaped the same way: each value goes through
``conditional_escape``, the dates through the ``date`` filter's own formatter (the
locale's month names), the case's link through ``reverse`` once per page.
"""

from __future__ import annotations

import uuid

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.text import capfirst

register = template.Library()

_MARKER = uuid.UUID(int=0)


def _date(value) -> str:
    return date_format(value, "j M Y") if value else ""


@register.simple_tag
def caseload_rows(children, role: str) -> SafeString:
    """One table row a case: name (linked), LA reference, stage, next statutory deadline
    (tag, title, due date and days left), date of birth, caseworker, and for an
    administrator (who sees every team's cases) the team."""
    show_team = role == "admin"
    link = reverse("casework:child_detail", args=[_MARKER])
    e = conditional_escape
    out = []
    for child in children:
        url = link.replace(str(_MARKER), str(child.pk))
        due = child.next_due
        if due:
            next_due = (
                f'<strong class="govuk-tag govuk-tag--{e(due["colour"])}">{e(due["tag"])}</strong>'
                f"<br>{e(due['title'])}<br>"
                f'<span class="govuk-body-s">{e(_date(due["due_on"]))}: {e(due["when"].lower())}'
                "</span>"
            )
        else:
            next_due = "None running"
        stage = capfirst(child.stage) or "No request yet"
        caseworker = child.caseworker or "Not assigned"
        team = f'<td class="govuk-table__cell">{e(child.team.name)}</td>' if show_team else ""
        out.append(
            '\n    <tr class="govuk-table__row">\n'
            f'      <td class="govuk-table__cell"><a class="govuk-link" href="{e(url)}">'
            f"{e(child.last_name)}, {e(child.first_name)}</a></td>\n"
            f'      <td class="govuk-table__cell">{e(child.la_reference)}</td>\n'
            f'      <td class="govuk-table__cell">{e(stage)}</td>\n'
            f'      <td class="govuk-table__cell">{next_due}</td>\n'
            f'      <td class="govuk-table__cell">{e(_date(child.date_of_birth))}</td>\n'
            f'      <td class="govuk-table__cell">{e(caseworker)}</td>\n'
            f"      {team}\n"
            "    </tr>\n    "
        )
    return SafeString("".join(out))
