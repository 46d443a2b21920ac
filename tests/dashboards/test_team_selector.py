"""The team selector: administrators choose a team (or all), managers one person of
their own team, caseworkers nothing; the choice is kept in the CSV links, the
pagination and the links between dashboards."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from sen_portal.accounts.roles import Role
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db

d = datetime.date
TODAY = datetime.datetime(2025, 7, 9, 10, 0, tzinfo=datetime.UTC)
DASHBOARDS = ["timeliness", "action", "pipeline", "caseloads", "sen2_check"]


@pytest.fixture
def overdue(team, other_team, caseworker, other_caseworker, make_deadline):
    """Two overdue decisions in the north team (one each for two caseworkers) and one in
    the south team."""
    second = UserFactory(role=Role.CASEWORKER, team=team, full_name="Sasha Second")
    for worker, name in ((caseworker, "Nora North"), (second, "Nia North")):
        child = ChildFactory(team=team, caseworker=worker, first_name=name.split()[0],
                             last_name="North")  # fmt: skip
        make_deadline(child, "decide_whether_to_assess", started_on=d(2025, 4, 1))
    child = ChildFactory(team=other_team, caseworker=other_caseworker, first_name="Sid",
                         last_name="South")  # fmt: skip
    make_deadline(child, "decide_whether_to_assess", started_on=d(2025, 4, 1))
    return second


def action_page(client, **params):
    with time_machine.travel(TODAY, tick=False):
        return client.get(reverse("dashboards:action"), params)


def listed(response) -> int:
    return response.context["page"].paginator.count


def test_an_administrator_sees_all_teams_then_chooses_one(client, admin_user, overdue,
                                                          other_team):  # fmt: skip
    client.force_login(admin_user)
    everyone = action_page(client)
    assert listed(everyone) == 3
    page = everyone.content.decode()
    assert '<option value="" selected>All teams</option>' in page
    assert f'<option value="{other_team.pk}">South locality SEN team</option>' in page
    assert 'name="caseworker"' not in page  # no person to choose without a team
    south = action_page(client, team=other_team.pk)
    assert listed(south) == 1
    assert "Dashboards · South locality SEN team" in south.content.decode()


def test_an_administrators_choice_is_kept_in_csv_links_and_other_dashboards(
    client, admin_user, overdue, other_team
):
    client.force_login(admin_user)
    page = action_page(client, team=other_team.pk, list="overdue").content.decode()
    kept = f"team={other_team.pk}&amp;"
    assert f'href="?{kept}list=overdue&amp;format=csv"' in page
    assert f'href="{reverse("dashboards:pipeline")}?{kept}"' in page
    with time_machine.travel(TODAY, tick=False):
        csv = client.get(reverse("dashboards:action"), {"team": other_team.pk, "format": "csv"})
    rows = b"".join(csv.streaming_content).decode().splitlines()
    assert len(rows) == 2 and "Sid South" in rows[1]


def test_a_manager_chooses_a_person_of_their_team(client, manager, overdue, caseworker):
    client.force_login(manager)
    page = action_page(client).content.decode()
    assert 'name="team"' not in page  # their team is the only one they see
    assert f'<option value="{overdue.pk}">Sasha Second</option>' in page
    assert "Morgan Manager (manager)" in page
    assert listed(action_page(client)) == 2
    one = action_page(client, caseworker=caseworker.pk)
    assert listed(one) == 1
    assert "Dashboards · North locality SEN team · Casey Worker" in one.content.decode()
    assert f"caseworker={caseworker.pk}&amp;list=overdue&amp;format=csv" in one.content.decode()


def test_a_manager_cannot_choose_another_team(client, manager, other_team, overdue):
    client.force_login(manager)
    for name in DASHBOARDS:
        url = reverse(f"dashboards:{name}")
        assert client.get(url, {"team": other_team.pk}).status_code == 404
        assert client.get(url, {"team": "nonsense"}).status_code == 404


def test_a_person_of_another_team_is_ignored(client, manager, other_caseworker, overdue):
    client.force_login(manager)
    response = action_page(client, caseworker=other_caseworker.pk)
    assert listed(response) == 2
    assert "Dashboards · North locality SEN team<" in response.content.decode().replace(
        "</span>", "<"
    )


def test_caseworkers_choose_nothing_and_see_their_own_cases(
    client, caseworker, other_team, overdue
):
    client.force_login(caseworker)
    response = action_page(client, team=other_team.pk, caseworker=overdue.pk)
    assert listed(response) == 1
    page = response.content.decode()
    assert 'name="team"' not in page and 'name="caseworker"' not in page


@pytest.mark.parametrize("name", DASHBOARDS)
def test_every_dashboard_offers_the_selector(client, admin_user, team, name):
    client.force_login(admin_user)
    page = client.get(reverse(f"dashboards:{name}"), {"team": team.pk}).content.decode()
    assert 'id="scope-team"' in page and 'id="scope-caseworker"' in page
    assert re.search(rf'<option value="{team.pk}" selected>', page)


def test_the_pages_keep_their_own_parameters_when_the_scope_changes(client, admin_user, team):
    client.force_login(admin_user)
    page = client.get(reverse("dashboards:timeliness"), {"year": 2024}).content.decode()
    assert '<input type="hidden" name="year" value="2024">' in page
    page = client.get(reverse("dashboards:sen2_check"),
                      {"census_date": "2026-01-15", "team": team.pk}).content.decode()  # fmt: skip
    assert '<input type="hidden" name="census_date" value="2026-01-15">' in page
    assert f'<input type="hidden" name="team" value="{team.pk}">' in page


def test_an_administrators_chosen_team_costs_the_same_for_3_or_30_cases(
    client, admin_user, team, caseworker, make_deadline, make_advice
):
    from tests.dashboards.test_query_counts import count_queries, populate

    client.force_login(admin_user)
    url = f"{reverse('dashboards:action')}?team={team.pk}&caseworker={caseworker.pk}"
    with time_machine.travel(TODAY, tick=False):
        populate(team, caseworker, make_deadline, make_advice, 3)
        client.get(url)
        small = count_queries(client, url)
        populate(team, caseworker, make_deadline, make_advice, 27)
        large = count_queries(client, url)
    # session and user with the unread notifications count (2), the teams (1, which also
    # names the chosen team), the team's people (1; no session save within the minute, no
    # request transaction), the page's own (4), reviews, phase transfers and
    # disagreements (3)
    assert small == large == 2 + 1 + 1 + 4 + 3
