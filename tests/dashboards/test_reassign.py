"""Reassigning cases from the caseloads page: a manager picks some of one caseworker's
cases and another person of the team, confirms, and each case moves with a
`case_reassigned` event in its chronology. Other teams' managers are refused."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from sen_portal.accounts.roles import Role
from sen_portal.casework.models import Child, ChronologyEvent
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(team):
    return UserFactory(role=Role.CASEWORKER, team=team, full_name="Cara Colleague")


@pytest.fixture
def cases(team, caseworker):
    return [
        ChildFactory(team=team, caseworker=caseworker, first_name=name, last_name="Example")
        for name in ("Ann", "Ben", "Cal")
    ]


def url(person) -> str:
    return reverse("dashboards:reassign", args=[person.pk])


def choose(client, person, children, to, **extra):
    data = {"cases": [str(c.pk) for c in children], "to": str(to.pk) if to else "", **extra}
    return client.post(url(person), data)


def test_the_caseloads_page_links_to_reassignment_for_managers_only(
    client, manager, caseworker, cases
):
    client.force_login(manager)
    assert url(caseworker) in client.get(reverse("dashboards:caseloads")).content.decode()
    client.force_login(caseworker)
    assert url(caseworker) not in client.get(reverse("dashboards:caseloads")).content.decode()


def test_the_page_lists_only_that_persons_cases(client, manager, caseworker, colleague, cases,
                                                team):  # fmt: skip
    ChildFactory(team=team, caseworker=colleague, first_name="Not", last_name="Theirs")
    client.force_login(manager)
    page = client.get(url(caseworker)).content.decode()
    assert page.count('name="cases"') == 3
    assert "Not Theirs" not in page
    assert "Cara Colleague (caseworker)" in page
    assert f'<option value="{caseworker.pk}"' not in page  # not to themselves


def test_a_manager_reassigns_after_confirming(client, manager, caseworker, colleague, cases):
    client.force_login(manager)
    ann, ben, cal = cases
    confirm = choose(client, caseworker, [ann, cal], colleague)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Reassign 2 cases to Cara Colleague?" in page
    assert Child.objects.filter(caseworker=colleague).count() == 0  # nothing moved yet
    done = choose(client, caseworker, [ann, cal], colleague, confirmed="yes")
    assert done.status_code == 302 and done.url == reverse("dashboards:caseloads")
    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        "2 cases reassigned from Casey Worker to Cara Colleague"
    ]
    assert set(Child.objects.filter(caseworker=colleague)) == {ann, cal}
    assert Child.objects.get(pk=ben.pk).caseworker == caseworker
    events = ChronologyEvent.objects.filter(kind="case_reassigned").order_by("child__first_name")
    assert [(e.child, e.actor, e.summary) for e in events] == [
        (ann, manager, "Case reassigned from Casey Worker to Cara Colleague"),
        (cal, manager, "Case reassigned from Casey Worker to Cara Colleague"),
    ]


def test_the_success_banner_shows_on_the_caseloads_page(client, manager, caseworker, colleague,
                                                        cases):  # fmt: skip
    client.force_login(manager)
    response = choose(client, caseworker, cases[:1], colleague, confirmed="yes")
    page = client.get(response.url).content.decode()
    assert "govuk-notification-banner--success" in page
    assert "1 case reassigned from Casey Worker to Cara Colleague" in page


@pytest.mark.parametrize(
    ("pick", "to", "message"),
    [
        ("none", "colleague", "Select at least one case to reassign"),
        ("some", None, "Select who the cases go to"),
        ("some", "other_caseworker", "Select a caseworker or manager in the same team"),
    ],
)
def test_choices_are_checked_with_govuk_messages(
    client, manager, caseworker, colleague, other_caseworker, cases, pick, to, message
):
    client.force_login(manager)
    target = {"colleague": colleague, "other_caseworker": other_caseworker, None: None}[to]
    response = choose(client, caseworker, [] if pick == "none" else cases[:2], target,
                      confirmed="yes")  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert not ChronologyEvent.objects.filter(kind="case_reassigned").exists()


def test_a_case_moved_by_someone_else_meanwhile_stops_the_whole_change(
    client, manager, caseworker, colleague, cases
):
    client.force_login(manager)
    ann, ben, _cal = cases
    Child.objects.filter(pk=ben.pk).update(caseworker=colleague)  # another manager, meanwhile
    response = choose(client, caseworker, [ann, ben], colleague, confirmed="yes")
    assert "no longer assigned to this person" in response.content.decode()
    assert Child.objects.get(pk=ann.pk).caseworker == caseworker


def test_another_teams_manager_is_refused(client, other_team, caseworker, colleague, cases):
    stranger = UserFactory(role=Role.MANAGER, team=other_team, full_name="Stella Stranger")
    client.force_login(stranger)
    assert client.get(url(caseworker)).status_code == 404
    response = choose(client, caseworker, cases, colleague, confirmed="yes")
    assert response.status_code == 404
    assert Child.objects.filter(caseworker=caseworker).count() == 3


@pytest.mark.parametrize("persona", ["caseworker", "family", "advice_giver", "editor"])
def test_other_roles_are_refused(client, personas, caseworker, cases, persona):
    client.force_login(personas[persona])
    assert client.get(url(caseworker)).status_code == 403


def test_an_administrator_reassigns_in_any_team_and_returns_to_that_team(
    client, admin_user, caseworker, colleague, cases, team
):
    client.force_login(admin_user)
    done = choose(client, caseworker, cases, colleague, confirmed="yes")
    assert done.url == f"{reverse('dashboards:caseloads')}?team={team.pk}"
    assert Child.objects.filter(caseworker=colleague).count() == 3


def test_a_person_with_no_cases_has_an_empty_state(client, manager, colleague):
    client.force_login(manager)
    assert "Cara Colleague has no cases assigned." in client.get(url(colleague)).content.decode()


def test_the_page_reads_a_flat_number_of_queries(
    client, manager, caseworker, colleague, team, django_assert_max_num_queries
):
    client.force_login(manager)
    for n in range(30):
        ChildFactory(team=team, caseworker=caseworker, last_name=f"Case{n:02d}")
    client.get(url(caseworker))
    # session, user (with the unread count and team), the person, their cases with
    # deadline counts, the people to choose (exists + options); no session save within
    # the minute (issue #22: tightened from 14 to what the page reads)
    with django_assert_max_num_queries(6):
        assert client.get(url(caseworker)).status_code == 200


# --- The service, called directly ---------------------------------------------------------


def test_the_service_changes_nothing_if_one_case_has_moved(manager, caseworker, colleague, cases):
    from django.core.exceptions import ValidationError

    from sen_portal.dashboards.services import cases_reassign

    ann, ben, _cal = cases
    Child.objects.filter(pk=ben.pk).update(caseworker=colleague)
    with pytest.raises(ValidationError, match="1 of the cases you chose is no longer assigned"):
        cases_reassign(acting_user=manager, from_user=caseworker, to_user=colleague,
                       child_ids=[ann.pk, ben.pk])  # fmt: skip
    assert Child.objects.get(pk=ann.pk).caseworker == caseworker
    assert not ChronologyEvent.objects.filter(kind="case_reassigned").exists()


def test_the_service_refuses_another_teams_manager_and_a_target_elsewhere(
    other_team, caseworker, colleague, other_caseworker, manager, cases
):
    from django.core.exceptions import PermissionDenied, ValidationError

    from sen_portal.dashboards.services import cases_reassign

    stranger = UserFactory(role=Role.MANAGER, team=other_team)
    ids = [c.pk for c in cases]
    with pytest.raises(PermissionDenied):
        cases_reassign(acting_user=stranger, from_user=caseworker, to_user=colleague,
                       child_ids=ids)  # fmt: skip
    with pytest.raises(ValidationError, match="same team"):
        cases_reassign(acting_user=manager, from_user=caseworker, to_user=other_caseworker,
                       child_ids=ids)  # fmt: skip
    with pytest.raises(ValidationError, match="same team"):
        cases_reassign(acting_user=manager, from_user=caseworker, to_user=caseworker,
                       child_ids=ids)  # fmt: skip
    assert Child.objects.filter(caseworker=caseworker).count() == 3
