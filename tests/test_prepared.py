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


def test_several_markers_each_written_wherever_it_comes_back(
    team, other_team, manager, caseworker, make_deadline, make_advice
):
    # The timeliness page's UNION ALL: the team and the year's bounds in both branches.
    import datetime

    from sen_portal.dashboards import selectors

    d = datetime.date
    for year, owner in ((2024, team), (2025, team), (2025, other_team)):
        child = ChildFactory(team=owner, caseworker=caseworker if owner == team else None)
        make_deadline(child, started_on=d(year, 1, 6), met_on=d(year, 3, 3))
        make_advice(owner, kind="health", requested_on=d(year, 1, 6),
                    received_on=d(year, 2, 3), child=child)  # fmt: skip
    for scope in (
        selectors.Scope("all"),
        selectors.scope_for(manager),
        selectors.scope_for(caseworker),
        selectors.Scope("one", team_id=team.pk, caseworker_id=caseworker.pk),
    ):
        for year in (2024, 2025):
            prepared, values = selectors._timeliness_read(scope, year)
            orm = selectors._timeliness_rows(scope, *selectors.year_bounds(year))
            key = lambda row: (row["key"], str(row["month"]))  # noqa: E731
            assert sorted(prepared.values(values), key=key) == sorted(orm, key=key)
            assert orm  # something counted in every scope and year


def test_a_marker_the_query_does_not_have_is_refused():
    from sen_portal.accounts.models import User
    from sen_portal.prepared import Prepared

    prepared = Prepared(lambda a, b: User.objects.filter(pk=a), markers=(-1, -2))
    with pytest.raises(ValueError, match="every marker"):
        prepared.values((1, 2))
    with pytest.raises(TypeError):
        Prepared(lambda a: User.objects.filter(pk=a))


# Server-side prepared statements (PostgreSQL plans a statement each time it is sent; a
# PREPAREd one is planned once per connection): the case page's reads went from 8.3 ms to
# 5.5 ms in-process, 0.47x to 0.63x of the anchor in the perf kit.


def _statements_on_the_connection() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, statement FROM pg_prepared_statements")
        return dict(cursor.fetchall())


def _a_read_by_name():
    from sen_portal.accounts.models import User
    from sen_portal.prepared import Prepared

    # A new Prepared (its own SQL): no earlier test has prepared it on this connection.
    return Prepared(
        lambda name: User.objects.filter(full_name=name).only("pk", "full_name").order_by("pk"),
        marker="\x00marker",
    )


def test_a_read_is_prepared_once_per_connection_then_executed(caseworker):
    read = _a_read_by_name()
    with CaptureQueriesContext(connection) as queries:
        assert read.objects(caseworker.full_name) == [caseworker]
        assert read.objects("Nobody Example") == []
    # Preparing reads no rows, so a query budget does not count it: two reads, two queries,
    # each an EXECUTE of the one statement.
    from sen_portal.prepared import statement

    name = queries[0]["sql"].split()[1]
    assert [q["sql"].split(" (")[0] for q in queries] == [f"EXECUTE {name}"] * 2
    on_server = _statements_on_the_connection()[name]
    assert on_server.startswith(f"PREPARE {name} (text) AS SELECT")
    assert '"accounts_user"."full_name" = $1' in on_server
    assert statement(queries[1]["sql"]) == read.sql("x")[0]  # the ORM's SQL, for a log


def test_a_new_connection_prepares_again_and_a_rolled_back_transaction_keeps_it(caseworker):
    from django.db import transaction

    read = _a_read_by_name()
    assert read.objects(caseworker.full_name) == [caseworker]
    # PostgreSQL keeps a prepared statement through a rollback (it is not transactional),
    # and the read does not prepare it a second time ("already exists").
    with pytest.raises(RuntimeError), transaction.atomic():
        assert read.objects(caseworker.full_name) == [caseworker]
        raise RuntimeError
    assert read.objects(caseworker.full_name) == [caseworker]


@pytest.mark.django_db(transaction=True)
def test_a_connection_opened_again_has_no_statements_and_the_read_prepares_them(team):
    from tests.factories import UserFactory

    user = UserFactory(team=team, full_name="Pat Prepared")
    read = _a_read_by_name()
    assert read.objects(user.full_name) == [user]
    connection.close()
    assert _statements_on_the_connection() == {}
    assert read.objects(user.full_name) == [user]
    assert len(_statements_on_the_connection()) == 1


def test_placeholders_numbered_and_a_literal_percent_kept():
    from sen_portal.prepared import _numbered

    assert _numbered("a = %s AND b LIKE '5%%' AND c = %s") == "a = $1 AND b LIKE '5%' AND c = $2"


def test_behind_a_transaction_pooler_reads_are_sent_unprepared(monkeypatch):
    # Django's setting for PgBouncer's transaction mode: each transaction may have
    # another server connection, without the statements prepared on the last.
    from sen_portal.prepared import execute

    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    with CaptureQueriesContext(connection) as queries:
        assert execute(connection, "SELECT %s + 1", [41]) == [(42,)]
    assert queries[0]["sql"] == "SELECT 41 + 1"


def test_a_value_of_no_known_type_is_sent_unprepared(caseworker):
    import datetime

    from sen_portal.prepared import execute

    naive = datetime.datetime(2026, 12, 6, 9, 0)  # noqa: DTZ001 - no zone: no type to say
    for value in (None, naive, [], [1, None]):
        with CaptureQueriesContext(connection) as queries:
            execute(connection, "SELECT %s IS NOT NULL", [value])
        assert queries[0]["sql"].startswith("SELECT ")
    with CaptureQueriesContext(connection) as queries:
        assert execute(connection, "SELECT %s + 1", [41]) == [(42,)]
        # An array of one type (the caseload's stages: ``id = ANY(%s)``).
        assert execute(connection, "SELECT 2 = ANY(%s)", [[1, 2, 3]]) == [(True,)]
    assert [q["sql"][:8] for q in queries] == ["EXECUTE "] * 2


# What the unprepared read does, the prepared one does too: after a migration alters a
# column it reads, when PREPARE fails, and for an id no bigint can be (found in review).


def _a_read_by_name_and(field: str):
    from sen_portal.accounts.models import User
    from sen_portal.prepared import Prepared

    # Its own SQL, so no other test shares (or is harmed by) its prepared statement.
    return Prepared(
        lambda name: (
            User.objects.filter(full_name=name).only("pk", "full_name", field).order_by("pk")
        ),
        marker="\x00review marker",
    )


def test_a_column_altered_after_preparing_does_not_break_the_read(caseworker):
    # A migration that widens a selected column (a CharField's max_length) while a
    # process keeps its connections (CONN_MAX_AGE): an unprepared read just works; a
    # prepared one fails with "cached plan must not change result type" on every
    # EXECUTE on that connection until it is closed.
    import contextlib

    from django.db import NotSupportedError, transaction

    read = _a_read_by_name_and("email")
    assert read.objects(caseworker.full_name) == [caseworker]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the factories' deferred FKs
        cursor.execute('ALTER TABLE "accounts_user" ALTER COLUMN "full_name" TYPE varchar(400)')
    # Inside a transaction the first read after the change may fail once (its
    # transaction is aborted); the next one must not.
    with contextlib.suppress(NotSupportedError), transaction.atomic():
        read.objects(caseworker.full_name)
    assert read.objects(caseworker.full_name) == [caseworker]


def test_a_failing_prepare_raises_djangos_database_error(caseworker):
    # The PREPARE runs on the driver's raw cursor, outside Django's error wrapper: its
    # failure is a psycopg2 exception (not django.db.DatabaseError, which callers and
    # Django itself catch) and does not set connection.errors_occurred.
    from django.db import DatabaseError, DataError, transaction

    read = _a_read_by_name_and("is_active")
    with pytest.raises(DatabaseError), transaction.atomic():
        with pytest.raises(DataError), connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")
        read.objects(caseworker.full_name)  # the transaction is aborted: this fails


def test_an_id_beyond_bigint_finds_nothing_as_the_unprepared_read_does():
    from sen_portal.accounts.models import User
    from sen_portal.prepared import Prepared

    read = Prepared(lambda pk: User.objects.filter(pk=pk).only("pk"), marker=-9_191_919)
    assert list(User.objects.filter(pk=2**63)) == []
    assert read.get(2**63) is None  # prepared as bigint: "bigint out of range"


def test_the_querys_own_constants_are_written_into_the_statement(caseworker):
    # Only the read's values are parameters: the plan PostgreSQL keeps for the statement
    # knows the constants (the timeliness read's status = 'met' and its codes: a partial
    # index is usable by the one plan, not only by a plan made for every read).
    from sen_portal.accounts.models import User
    from sen_portal.prepared import Prepared

    User.objects.filter(pk=caseworker.pk).update(full_name="Ann 50% Example")
    read = Prepared(
        lambda pk: User.objects.filter(pk=pk, full_name__contains="50%", is_active=True).only("pk"),
        marker=-7_654_321,
    )
    with CaptureQueriesContext(connection) as queries:
        assert read.objects(caseworker.pk) == [caseworker]
    name, values = queries[0]["sql"].split(" ", 2)[1:]
    assert values == f"({caseworker.pk})"  # the one value; the constants are in the SQL
    on_server = _statements_on_the_connection()[name]
    assert "LIKE '%50\\%%'" in on_server and '"accounts_user"."is_active"' in on_server
    User.objects.filter(pk=caseworker.pk).update(full_name="Ann 50 Example")
    assert read.objects(caseworker.pk) == []  # the % in the pattern is a percent sign
