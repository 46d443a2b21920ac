"""The caseload's rows written in Python (issue #22) are what the template loop wrote:
same bytes, same escaping, for a caseworker and for an administrator (team column)."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template

from sen_portal.casework.templatetags.caseload_tags import caseload_rows
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

# The loop casework/child_list.html had before the tag.
LOOP = Template(
    """{% for child in page.object_list %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="{% url 'casework:child_detail' child.pk %}">{{ child.last_name }}, {{ child.first_name }}</a></td>
      <td class="govuk-table__cell">{{ child.la_reference }}</td>
      <td class="govuk-table__cell">{{ child.stage|capfirst|default:"No request yet" }}</td>
      <td class="govuk-table__cell">{% if child.next_due %}<strong class="govuk-tag govuk-tag--{{ child.next_due.colour }}">{{ child.next_due.tag }}</strong><br>{{ child.next_due.title }}<br><span class="govuk-body-s">{{ child.next_due.due_on|date:"j M Y" }}: {{ child.next_due.when|lower }}</span>{% else %}None running{% endif %}</td>
      <td class="govuk-table__cell">{{ child.date_of_birth|date:"j M Y" }}</td>
      <td class="govuk-table__cell">{{ child.caseworker|default:"Not assigned" }}</td>
      {% if user.role == "admin" %}<td class="govuk-table__cell">{{ child.team.name }}</td>{% endif %}
    </tr>
    {% endfor %}"""  # noqa: E501
)


@pytest.mark.parametrize("role", ["caseworker", "admin"])
def test_the_rows_are_the_loops_bytes(team, caseworker, role):
    team.name = 'Team <North> & "East"'
    team.save()
    quiet = ChildFactory(team=team, caseworker=None, last_name="O'Brien <b>", first_name="Å&")
    quiet.stage, quiet.next_due = "", None
    busy = ChildFactory(team=team, caseworker=caseworker)
    busy.stage = "eHC needs assessment: gathering advice"
    busy.next_due = {
        "title": "Final EHC plan issued <20 weeks>",
        "due_on": datetime.date(2026, 3, 9),
        "tag": "Overdue",
        "colour": "red",
        "when": "3 Days overdue",
    }

    class User:
        pass

    user = User()
    user.role = role

    class Page:
        object_list = [quiet, busy]

    expected = LOOP.render(Context({"page": Page, "user": user}))
    assert caseload_rows([quiet, busy], role) == expected
    assert ("Team &lt;North&gt;" in expected) == (role == "admin")
    assert "O&#x27;Brien &lt;b&gt;" in expected
