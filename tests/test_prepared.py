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
