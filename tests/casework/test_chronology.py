import pytest
from django.db import DatabaseError, connection, transaction

from sen_portal.casework.models import ChronologyEvent, ChronologyIsAppendOnly
from sen_portal.casework.services import chronology_record


@pytest.fixture
def event(child, caseworker):
    return chronology_record(
        child=child, actor=caseworker, kind="note", summary="Called the family"
    )


def test_an_event_cannot_be_changed_through_the_model(event):
    event.summary = "Something else"
    with pytest.raises(ChronologyIsAppendOnly):
        event.save()


def test_an_event_cannot_be_deleted_through_the_model(event):
    with pytest.raises(ChronologyIsAppendOnly):
        event.delete()


def test_events_cannot_be_changed_or_deleted_in_bulk(event):
    with pytest.raises(ChronologyIsAppendOnly):
        ChronologyEvent.objects.filter(pk=event.pk).update(summary="x")
    with pytest.raises(ChronologyIsAppendOnly):
        ChronologyEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE casework_chronologyevent SET summary = 'rewritten' WHERE id = %s",
        "DELETE FROM casework_chronologyevent WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_event(event, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert ChronologyEvent.objects.get(pk=event.pk).summary == "Called the family"


def test_a_system_event_has_no_actor(child):
    event = chronology_record(child=child, actor=None, kind="deadline_breached", summary="x")
    assert event.actor is None


def test_an_event_can_point_at_the_workflow_object_it_is_about(child, caseworker, family_member):
    event = chronology_record(
        child=child, actor=caseworker, kind="x", summary="x", subject=family_member
    )
    assert ChronologyEvent.objects.get(pk=event.pk).subject == family_member
