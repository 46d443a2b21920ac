"""Each advice request carries its case's team (AdviceRequest.team, which the dashboards
read), kept by the database (assessments 0003_advice_team): on insert, on any change of
assessment or team, when the case moves team or the assessment changes case, and when a
move and an insert race."""

from __future__ import annotations

import datetime

import pytest

from assessments.models import AdviceRequest, NeedsAssessment
from tests.casework.deadlines.test_deadline_team import written_while_the_case_moves
from tests.factories import ChildFactory

d = datetime.date


def team_of(advice) -> int | None:
    return AdviceRequest.objects.values_list("team_id", flat=True).get(pk=advice.pk)


@pytest.mark.django_db
def test_a_new_request_takes_its_cases_team_whatever_was_written(team, other_team, make_advice):
    advice = make_advice(team, kind="health", requested_on=d(2025, 1, 6))
    assert team_of(advice) == team.pk
    advice.team_id = other_team.pk  # the application never writes it: the case's wins
    advice.save()
    assert team_of(advice) == team.pk
    AdviceRequest.objects.filter(pk=advice.pk).update(team=None)
    assert team_of(advice) == team.pk


@pytest.mark.django_db
def test_a_request_moved_to_another_assessment_takes_that_cases_team(team, other_team, make_advice):
    advice = make_advice(team, kind="health", requested_on=d(2025, 1, 6))
    elsewhere = make_advice(other_team, kind="education", requested_on=d(2025, 1, 6))
    AdviceRequest.objects.filter(pk=advice.pk).update(assessment=elsewhere.assessment)
    assert team_of(advice) == other_team.pk


@pytest.mark.django_db
def test_a_case_moving_team_carries_its_advice_and_no_one_elses(team, other_team, make_advice):
    child = ChildFactory(team=team)
    asked = make_advice(team, kind="health", requested_on=d(2025, 1, 6), child=child)
    received = AdviceRequest.objects.create(
        assessment=asked.assessment, kind="education", addressee="A school", questions="?",
        requested_on=d(2025, 1, 6), due_on=d(2025, 2, 17), status=AdviceRequest.Status.RECEIVED,
        received_on=d(2025, 2, 1), needs="Needs", outcomes="Outcomes", provision="Provision",
    )  # fmt: skip
    neighbour = make_advice(team, kind="health", requested_on=d(2025, 1, 6))
    child.team = other_team
    child.save()
    assert [team_of(x) for x in (asked, received, neighbour)] == [
        other_team.pk,
        other_team.pk,
        team.pk,
    ]


@pytest.mark.django_db
def test_an_assessment_changing_case_carries_its_advice(team, other_team, make_advice):
    advice = make_advice(team, kind="health", requested_on=d(2025, 1, 6))
    NeedsAssessment.objects.filter(pk=advice.assessment_id).update(
        child=ChildFactory(team=other_team)
    )
    assert team_of(advice) == other_team.pk


@pytest.mark.django_db(transaction=True)
def test_advice_written_while_its_case_moves_team_ends_in_the_new_team(
    team, other_team, make_advice
):
    child = ChildFactory(team=team)
    first = make_advice(team, kind="health", requested_on=d(2025, 1, 6), child=child)
    made = written_while_the_case_moves(
        lambda: AdviceRequest.objects.create(
            assessment=first.assessment,
            kind="education",
            addressee="A school",
            questions="?",
            requested_on=d(2025, 1, 6),
            due_on=d(2025, 2, 17),
        ),
        child,
        other_team,
    )
    assert [team_of(first), team_of(made)] == [other_team.pk, other_team.pk]
