"""Pipeline (cases per state and for how long) and caseloads per caseworker."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from assessments.models import AssessmentRequest
from sen_portal.casework.models import Deadline
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

d = datetime.date
TODAY = datetime.datetime(2025, 7, 9, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def request_for(child, received_on, recorded_by):
    return AssessmentRequest.objects.create(
        child=child,
        requester="school",
        requester_name="A fictional head teacher",
        received_on=received_on,
        reasons="Fictional reasons",
        recorded_by=recorded_by,
    )


def test_the_pipeline_counts_requests_and_how_long_they_have_waited(
    client, frozen, team, other_team, manager, caseworker
):
    request_for(ChildFactory(team=team), d(2025, 6, 29), caseworker)  # 10 days
    request_for(ChildFactory(team=team), d(2025, 6, 19), caseworker)  # 20 days
    request_for(ChildFactory(team=team), d(2025, 6, 18), caseworker)  # 21 days
    request_for(ChildFactory(team=other_team), d(2025, 1, 1), caseworker)  # another team
    client.force_login(manager)
    response = client.get(reverse("dashboards:pipeline"))
    stages = {(s.stage, s.state): s for s in response.context["stages"]}
    received = stages[("Requests for assessment", "Received")]
    assert (received.count, received.average_days, received.max_days) == (3, 17, 21)
    gathering = stages[("Needs assessments", "Gathering advice")]
    assert (gathering.count, gathering.average_days) == (0, None)


def test_the_pipeline_downloads_as_csv(client, frozen, team, manager, caseworker):
    request_for(ChildFactory(team=team), d(2025, 6, 29), caseworker)
    client.force_login(manager)
    response = client.get(reverse("dashboards:pipeline"), {"format": "csv"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[1] == "Requests for assessment,Received,1,10,10"


def deadline(child, due_on, status=Deadline.Status.OPEN, code="final_plan"):
    return Deadline.objects.create(
        child=child,
        code=code,
        started_on=due_on - datetime.timedelta(weeks=20),
        due_on=due_on,
        status=status,
        met_on=due_on if status == Deadline.Status.MET else None,
    )


def test_caseloads_count_cases_and_deadlines_per_caseworker(
    client, frozen, team, other_team, manager, caseworker, other_caseworker
):
    first = ChildFactory(team=team, caseworker=caseworker)
    second = ChildFactory(team=team, caseworker=caseworker)
    deadline(first, d(2025, 7, 1))  # overdue
    deadline(second, d(2025, 8, 1))
    deadline(second, d(2025, 6, 1), status=Deadline.Status.MET)  # done: not counted
    # Passed, open, but not the council's to miss (timescales.whose_date): the family's
    # 15 days on a draft ended; the psychologist's advice is late (chased).
    deadline(first, d(2025, 7, 3), code="draft_representations")
    deadline(second, d(2025, 7, 4), code="advice_due")
    ChildFactory(team=team)  # unassigned
    ChildFactory(team=other_team, caseworker=other_caseworker)
    client.force_login(manager)
    response = client.get(reverse("dashboards:caseloads"))
    rows = {p.full_name: (p.cases, p.open_deadlines, p.overdue) for p in response.context["people"]}
    assert rows == {"Casey Worker": (2, 4, 1), "Morgan Manager": (0, 0, 0)}
    assert response.context["unassigned"] == 1
    csv_lines = (
        b"".join(client.get(reverse("dashboards:caseloads"), {"format": "csv"}).streaming_content)
        .decode()
        .splitlines()
    )
    assert "Casey Worker,North locality SEN team,Caseworker,2,4,1" in csv_lines
    assert not any("Otto" in line for line in csv_lines)
