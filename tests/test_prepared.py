"""Querysets compiled once per process (sen_portal.prepared, issue #22) give what the
ORM gives for the same queryset."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sen_portal.accounts.backends import SIGNED_IN_USER, UserBackend, _signed_in_user
from sen_portal.casework import stages
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_the_prepared_user_is_the_orm_user_with_team_and_annotations(caseworker):
    prepared = SIGNED_IN_USER.get(caseworker.pk)
    orm = _signed_in_user(caseworker.pk).get()
    fields = [f.attname for f in type(orm)._meta.concrete_fields]
    assert [getattr(prepared, f) for f in fields] == [getattr(orm, f) for f in fields]
    assert prepared.confirmed_totp_ids == orm.confirmed_totp_ids
    assert prepared.unread_notifications == orm.unread_notifications
    with CaptureQueriesContext(connection) as queries:
        assert prepared.team.name == caseworker.team.name  # read with the user
    assert len(queries) == 0
    assert prepared._state.db == "default" and not prepared._state.adding


def test_the_prepared_user_reads_one_row_per_request_and_none_when_gone(caseworker):
    backend = UserBackend()
    SIGNED_IN_USER.get(caseworker.pk)  # compiled
    with CaptureQueriesContext(connection) as queries:
        user = backend.get_user(str(caseworker.pk))  # the session keeps it as text
    assert user == caseworker and len(queries) == 1
    assert backend.get_user(caseworker.pk + 1000) is None
    assert backend.get_user("not a number") is None


def test_the_page_stages_are_the_same_prepared_or_not(team, caseworker):
    children = ChildFactory.create_batch(3, team=team, caseworker=caseworker)
    ids = [child.pk for child in children]
    unprepared = {
        row["pk"]: stages._stage_words(row) for row in stages._page_stages(stages.Q(pk__in=ids))
    }
    assert stages.stage_names_for(children) == unprepared
    assert set(unprepared) == set(ids)
    assert stages.stage_names_for(children[:1]) == {ids[0]: unprepared[ids[0]]}
    assert stages.stage_names_for([]) == {}


def test_the_case_reads_give_the_orm_rows_with_their_child_and_no_further_queries(caseworker):
    # The case page's reads (issue #22, round three): same rows as the related managers.
    from sen_portal.casework import selectors
    from tests.factories import FamilyMemberFactory

    child = ChildFactory(team=caseworker.team, caseworker=caseworker)
    FamilyMemberFactory(child=child, full_name="Ann Example")
    FamilyMemberFactory(child=child, full_name="Bob Example", is_main_contact=True)
    case = selectors.child_detail(child_id=str(child.pk))
    orm = type(child).objects.select_related("team", "caseworker").get(pk=child.pk)
    fields = [f.attname for f in type(orm)._meta.concrete_fields]
    assert [getattr(case, f) for f in fields] == [getattr(orm, f) for f in fields]
    members = selectors.family_members_for_child(child=case)
    assert members == list(orm.family_members.all())
    with CaptureQueriesContext(connection) as queries:
        assert case.team == orm.team and case.caseworker == orm.caseworker
        assert list(case.family_members.all()) == members  # as prefetch_related leaves it
        assert all(member.child is case for member in members)
    assert len(queries) == 0


def test_a_case_that_is_not_there_or_not_an_id_is_refused_as_the_orm_refuses_it():
    import uuid

    from django.core.exceptions import ValidationError

    from sen_portal.casework import selectors
    from sen_portal.casework.models import Child

    with pytest.raises(Child.DoesNotExist):
        selectors.child_detail(child_id=uuid.uuid4())
    with pytest.raises(ValidationError):
        selectors.child_detail(child_id="not-a-case")


def test_reads_together_give_what_each_read_gives_on_its_own(caseworker, child):
    """The case page's reads in one UNION ALL (each read's columns in typed slots) give
    the same objects, in the same order, as each read's own query."""
    from sen_portal.casework import panels, selectors, services
    from sen_portal.casework.models import RecordAccess
    from sen_portal.casework.services import chronology_record
    from sen_portal.prepared import objects_together, preloaded
    from tests.factories import FamilyMemberFactory

    FamilyMemberFactory.create_batch(3, child=child)
    for code in ("decide_whether_to_assess", "final_plan"):
        services.deadlines.deadline_open(
            child=child, code=code, start=child.created_at.date(), acting_user=caseworker
        )
    for n in range(5):
        chronology_record(child=child, actor=caseworker, kind="note", summary=f"Note {n}")
    reads = [*selectors.case_page_reads(), *panels.reads()]

    def rows(objects):
        return [
            [getattr(o, f.attname) for f in type(o)._meta.concrete_fields] for o in objects
        ]

    alone = [rows(read.objects(child.pk)) for read in reads]
    logged = services.record_access_log_statement(user=caseworker, child=child, path="/x/")
    with CaptureQueriesContext(connection) as queries:
        together = objects_together(reads, child.pk, before=logged)
    assert len(queries) == 1
    assert [rows(objects) for objects in together] == alone
    assert any(alone) and RecordAccess.objects.filter(child=child, path="/x/").count() == 1
    with preloaded(reads, child.pk):
        with CaptureQueriesContext(connection) as queries:
            assert rows(reads[0].objects(child.pk)) == alone[0]
        assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:  # not kept after the block
        reads[0].objects(child.pk)
    assert len(queries) == 1
