"""A caseworker's home is today's work (issue #21, item 4): their cases with a deadline
overdue, due today or in the next 7 days, and what others did since they last opened
each case, each a link; the page's queries do not grow with the caseload."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sen_portal.casework.services import chronology_record
from tests.casework.deadlines.conftest import at, open_on
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 5, 13)  # a Tuesday


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(at(TODAY, 10), tick=False)


def home(client):
    return client.get(reverse("home")).content.decode()


def test_home_lists_my_cases_with_something_due_grouped_by_when(
    client, caseworker, child, team, other_caseworker
):
    # Decide whether to assess: 6 weeks. Started 24 March: due 5 May, overdue.
    open_on(D(2025, 3, 24), child=child, code="decide_whether_to_assess", start=D(2025, 3, 24))
    soon = ChildFactory(team=team, caseworker=caseworker, first_name="Amara", last_name="Due")
    # Started 1 April: due 13 May, today.
    open_on(D(2025, 4, 1), child=soon, code="decide_whether_to_assess", start=D(2025, 4, 1))
    later = ChildFactory(team=team, caseworker=caseworker, first_name="Leo", last_name="Later")
    # Started 7 April: due 19 May, in 6 days.
    open_on(D(2025, 4, 7), child=later, code="decide_whether_to_assess", start=D(2025, 4, 7))
    far = ChildFactory(team=team, caseworker=caseworker, first_name="Far", last_name="Away")
    open_on(TODAY, child=far, code="decide_whether_to_assess", start=TODAY)
    theirs = ChildFactory(
        team=team, caseworker=other_caseworker, first_name="Not", last_name="Mine"
    )
    open_on(D(2025, 3, 24), child=theirs, code="decide_whether_to_assess", start=D(2025, 3, 24))

    client.force_login(caseworker)
    page = home(client)
    assert "Today's work" in page
    overdue = page[page.index('id="overdue"') : page.index('id="due-today"')]
    today = page[page.index('id="due-today"') : page.index('id="due-this-week"')]
    week = page[page.index('id="due-this-week"') :]
    assert "Sam Example" in overdue
    assert reverse("casework:child_detail", args=[child.pk]) in overdue
    assert "Amara Due" in today
    assert "Leo Later" in week and "due Monday 19 May" in week
    assert "Far Away" not in page
    assert "Not Mine" not in page


def test_home_shows_what_others_did_since_i_last_opened_the_case(
    client, caseworker, child, advice_giver, family_user, time_machine
):
    chronology_record(
        child=child, actor=advice_giver, kind="advice_submitted", summary="Advice received"
    )
    chronology_record(child=child, actor=caseworker, kind="note", summary="My own note")
    client.force_login(caseworker)
    page = home(client)
    changes = page[page.index('id="changes"') :]
    assert "Advice received" in changes
    assert "My own note" not in changes

    # Opening the case page (which logs the access) makes it old news...
    client.get(reverse("casework:child_detail", args=[child.pk]))
    assert 'id="changes"' not in home(client)
    # ...until someone else does something new.
    time_machine.move_to(at(TODAY, 11), tick=False)
    chronology_record(
        child=child, actor=family_user, kind="family_comment", summary="Comments from the family"
    )
    client.force_login(caseworker)  # an hour later the idle session has ended: signed in again
    assert "Comments from the family" in home(client)


def test_home_queries_do_not_grow_with_the_caseload(
    client, caseworker, team, advice_giver, django_assert_max_num_queries
):
    for n in range(25):
        case = ChildFactory(team=team, caseworker=caseworker, last_name=f"Case{n}")
        open_on(D(2025, 4, 1), child=case, code="decide_whether_to_assess", start=D(2025, 4, 1))
        chronology_record(child=case, actor=advice_giver, kind="x", summary=f"Change {n}")
    client.force_login(caseworker)
    home(client)
    with django_assert_max_num_queries(5):
        page = home(client)
    assert page.count("Change ") == 25
