"""Each deadline carries its case's team (Deadline.team, which the dashboards read), kept
by the database (casework 0003_deadline_team): on insert, on any change of case or
team, when the case moves team, and when a move and an insert race."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.db import connection, transaction

from sen_portal.casework.models import Child, Deadline
from sen_portal.casework.sweep import sweep_deadlines
from tests.casework.deadlines.conftest import on_day
from tests.factories import ChildFactory

d = datetime.date


def team_of(deadline) -> int | None:
    return Deadline.objects.values_list("team_id", flat=True).get(pk=deadline.pk)


@pytest.mark.django_db
def test_a_new_deadline_takes_its_cases_team_whatever_was_written(
    child, team, other_team, make_deadline
):
    deadline = make_deadline(child, started_on=d(2025, 1, 6))
    assert team_of(deadline) == team.pk
    # Written with another team (the application never writes it): the case's wins.
    wrong = Deadline.objects.create(
        child=child, team=other_team, code="annual_review", started_on=d(2025, 1, 6),
        due_on=d(2026, 1, 6),
    )  # fmt: skip
    assert team_of(wrong) == team.pk


@pytest.mark.django_db
def test_rows_written_in_bulk_or_in_raw_sql_take_their_cases_team(child, team, other_team):
    other = ChildFactory(team=other_team)
    Deadline.objects.bulk_create(
        Deadline(child=case, code="annual_review", started_on=d(2025, 1, 6), due_on=d(2026, 1, 6))
        for case in (child, other)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO casework_deadline (created_at, updated_at, child_id, subject_id, code,"
            " started_on, due_on, status, exception_reason, exception_note)"
            " VALUES (now(), now(), %s, '', 'final_plan', %s, %s, 'open', '', '')",
            [other.pk, d(2025, 1, 6), d(2025, 5, 26)],
        )
    rows = Deadline.objects.values_list("child_id", "team_id")
    assert sorted(rows, key=str) == sorted(
        [(child.pk, team.pk), (other.pk, other_team.pk), (other.pk, other_team.pk)], key=str
    )


@pytest.mark.django_db
def test_an_update_that_moves_the_row_or_its_team_is_put_right(
    child, team, other_team, make_deadline
):
    deadline = make_deadline(child, started_on=d(2025, 1, 6))
    other = ChildFactory(team=other_team)
    # Moved to another case: that case's team.
    Deadline.objects.filter(pk=deadline.pk).update(child=other)
    assert team_of(deadline) == other_team.pk
    # The team written directly: the case's team again.
    Deadline.objects.filter(pk=deadline.pk).update(team=team)
    assert team_of(deadline) == other_team.pk
    # An instance loaded without its team (as create() leaves it) saved back whole.
    deadline.child = other
    deadline.team_id = None
    deadline.save()
    assert team_of(deadline) == other_team.pk


@pytest.mark.django_db
def test_the_sweeps_set_based_update_keeps_the_team(child, team, make_deadline):
    deadline = make_deadline(child, started_on=d(2025, 1, 6))
    with on_day(deadline.due_on + datetime.timedelta(days=2)):
        sweep_deadlines()
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.BREACHED
    assert deadline.team_id == team.pk


@pytest.mark.django_db
def test_a_case_moving_team_carries_all_its_deadlines_and_no_one_elses(
    child, team, other_team, make_deadline
):
    open_one = make_deadline(child, started_on=d(2025, 1, 6))
    met_one = make_deadline(child, "annual_review", started_on=d(2023, 1, 6), met_on=d(2023, 12, 1))
    neighbour = make_deadline(ChildFactory(team=team), started_on=d(2025, 1, 6))
    child.team = other_team
    child.save()
    assert [team_of(x) for x in (open_one, met_one, neighbour)] == [
        other_team.pk,
        other_team.pk,
        team.pk,
    ]
    Child.objects.filter(pk=child.pk).update(team=team)  # and back, bypassing the model
    assert [team_of(x) for x in (open_one, met_one)] == [team.pk, team.pk]


# --- A move and an insert at the same moment: real transactions on two connections ----


def run_together(*targets) -> None:
    """Each target in its own thread (and connection); their failures fail the test."""
    errors: list[BaseException] = []

    def run(target):
        try:
            target()
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors


def written_while_the_case_moves(write, child, other_team):
    """``write()`` in a transaction that holds on for half a second while another
    connection moves ``child`` to ``other_team``: the move must wait for the write (the
    team trigger locks the case row). What ``write`` made, once both are done."""
    inserted, moved = threading.Event(), threading.Event()
    made = []

    def insert():
        with transaction.atomic():
            made.append(write())
            inserted.set()
            time.sleep(0.5)  # the move waits for this transaction (the case row is locked)
            assert not moved.is_set()

    def move():
        inserted.wait(10)
        Child.objects.filter(pk=child.pk).update(team=other_team)
        moved.set()

    run_together(insert, move)
    assert moved.is_set()
    return made[0]


def _met_deadline(child):
    # A met deadline: no live row, so the next-deadline triggers take no lock on the case;
    # only the team trigger does.
    return Deadline.objects.create(
        child=child, code="annual_review", started_on=d(2024, 1, 8), due_on=d(2025, 1, 8),
        status=Deadline.Status.MET, met_on=d(2024, 12, 2),
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_deadline_written_while_its_case_moves_team_ends_in_the_new_team(team, other_team):
    child = ChildFactory(team=team)
    made = written_while_the_case_moves(lambda: _met_deadline(child), child, other_team)
    assert team_of(made) == other_team.pk


@pytest.mark.django_db(transaction=True)
def test_a_deadline_written_just_after_its_case_moved_reads_the_new_team(team, other_team):
    child = ChildFactory(team=team)
    moving, inserted = threading.Event(), threading.Event()
    made = []

    def move():
        with transaction.atomic():
            Child.objects.filter(pk=child.pk).update(team=other_team)
            moving.set()
            time.sleep(0.5)  # the insert waits for the move to commit
            assert not inserted.is_set()

    def insert():
        moving.wait(10)
        made.append(_met_deadline(child))
        inserted.set()

    run_together(move, insert)
    assert inserted.is_set()
    assert team_of(made[0]) == other_team.pk
