"""Who may do what with a plan, role by role, on plans built once for the module (each case
reads them in a savepoint of its own): the plan page and a section being drafted, and
starting an amendment of a plan in force (only the child's team may)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from plans import services
from plans.models import Plan
from tests.journeys import (
    FINAL_ON,
    at,
    date_fields,
    decided_to_issue,
    fresh,
    make_child,
    make_institutions,
    make_personas,
    make_psychologist,
    on,
    once_per_module,
    put_in_force,
)

pytestmark = pytest.mark.django_db
D = datetime.date

# persona: status code for the plan page
READ = {
    "caseworker": 200,
    "manager": 200,
    "admin": 200,
    "other_caseworker": 404,  # another team's case: not found, not "forbidden"
    "advice_giver": 403,
    "family": 403,
    "editor": 403,
}
WRITE = {**READ, "admin": 403}


@pytest.fixture(scope="module")
def plans_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The personas, Sam's plan being drafted, and a second child's plan in force on
    Monday 7 January 2030 (tests/journeys.py's `plan` and `plan_in_force`)."""

    def build():
        people = make_personas()
        caseworker = people["caseworker"]
        psychologist = make_psychologist()

        def started():
            assessment = decided_to_issue(make_child(people), caseworker, psychologist)
            return services.plan_start(assessment=assessment, acting_user=caseworker)

        drafting = started()
        in_force = started()
        with on(FINAL_ON):
            put_in_force(in_force, caseworker, make_institutions())
        return people, drafting, in_force

    yield from once_per_module(django_db_blocker, tmp_path_factory.mktemp("media"), build)


@pytest.fixture
def shared(plans_once, db):
    """(personas, the plan being drafted, the plan in force), as fixtures give them."""
    people, drafting, in_force = plans_once
    return {name: fresh(user) for name, user in people.items()}, fresh(drafting), fresh(in_force)


@pytest.mark.parametrize("persona,expected", READ.items())
def test_the_plan_page_by_role(client, shared, persona, expected):
    personas, plan, _in_force = shared
    client.force_login(personas[persona])
    assert client.get(reverse("plans:plan_detail", args=[plan.pk])).status_code == expected


@pytest.mark.parametrize("persona,expected", WRITE.items())
def test_editing_a_section_by_role(client, shared, persona, expected):
    personas, plan, _in_force = shared
    client.force_login(personas[persona])
    url = reverse("plans:section", args=[plan.pk, "a"])
    assert client.get(url).status_code == expected
    response = client.post(
        url,
        {
            "a_views": "Changed",
            "a_interests": "",
            "a_aspirations": "",
            "completed": "no",
            "version_field": plan.version,
        },
    )
    assert response.status_code == (302 if expected == 200 else expected)
    plan.refresh_from_db()
    assert (plan.a_views == "Changed") == (expected == 200)


@pytest.mark.parametrize("persona", ["other_caseworker", "advice_giver", "editor", "family"])
def test_only_the_team_may_amend(client, shared, persona, time_machine):
    personas, _drafting, plan_in_force = shared
    at(time_machine, D(2030, 2, 25))
    client.force_login(personas[persona])
    response = client.post(
        reverse("plans:amendment_start", args=[plan_in_force.pk]),
        {**date_fields("on", D(2030, 2, 25)), "reason": "Not mine to amend"},
    )
    assert response.status_code in (403, 404)
    plan_in_force.refresh_from_db()
    assert plan_in_force.status == Plan.Status.IN_FORCE
