"""Who may read a proposal to cease and record a consultation on it, role by role, on one
proposal built once for the module (each case reads it in a savepoint of its own)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plans import services as plan_services
from tests.journeys import (
    FINAL_ON,
    PROPOSED_ON,
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
    propose_to_cease,
    put_in_force,
)

pytestmark = pytest.mark.django_db

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
def proposal_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The personas and the proposal to cease Sam's plan in force, built once for the
    role tests below (each reads them in a savepoint of its own)."""

    def build():
        people = make_personas()
        caseworker = people["caseworker"]
        assessment = decided_to_issue(make_child(people), caseworker, make_psychologist())
        plan = plan_services.plan_start(assessment=assessment, acting_user=caseworker)
        with on(FINAL_ON):
            put_in_force(plan, caseworker, make_institutions())
        with on(PROPOSED_ON):
            return people, propose_to_cease(plan, caseworker)

    yield from once_per_module(django_db_blocker, tmp_path_factory.mktemp("media"), build)


@pytest.fixture
def shared(proposal_once, db, time_machine):
    """(personas, proposal) as the `personas` and `proposal` fixtures give them, the clock
    on the day of the proposal."""
    at(time_machine, PROPOSED_ON)
    people, proposal = proposal_once
    return {name: fresh(user) for name, user in people.items()}, fresh(proposal)


@pytest.mark.parametrize("persona,expected", READ.items())
def test_the_proposal_page_by_role(client, shared, persona, expected):
    personas, proposal = shared
    client.force_login(personas[persona])
    assert client.get(reverse("ceasing:detail", args=[proposal.pk])).status_code == expected


@pytest.mark.parametrize("persona,expected", WRITE.items())
def test_recording_a_consultation_by_role(client, shared, persona, expected):
    personas, proposal = shared
    client.force_login(personas[persona])
    url = reverse("ceasing:consult", args=[proposal.pk])
    assert client.get(url).status_code == expected
    response = client.post(
        url, {"party": "family", "name": "Pat Parent", **date_fields("consulted_on", PROPOSED_ON)}
    )
    assert response.status_code == (302 if expected == 200 else expected)
    assert proposal.consultations.exists() == (expected == 200)
