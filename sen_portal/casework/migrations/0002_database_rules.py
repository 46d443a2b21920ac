"""Rules the database keeps whatever the client: the chronology is append-only, and each
case's earliest live deadline (Child.next_due_on, next_due_code) is kept in the same
transaction as the deadline rows. Hand-written SQL, kept when the migrations were squashed
(issue #16); PostgreSQL and SQLite (the `make run` default) each get their own."""

from django.db import migrations

# The chronology: a correction is a new event, never an edit.
CHRONOLOGY_POSTGRES_UP = """
CREATE OR REPLACE FUNCTION casework_chronology_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'casework_chronologyevent is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER casework_chronology_append_only
    BEFORE UPDATE OR DELETE ON casework_chronologyevent
    FOR EACH ROW EXECUTE FUNCTION casework_chronology_append_only();
"""
CHRONOLOGY_POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS casework_chronology_append_only ON casework_chronologyevent;
DROP FUNCTION IF EXISTS casework_chronology_append_only();
"""
CHRONOLOGY_SQLITE_UP = [
    """CREATE TRIGGER casework_chronology_no_update BEFORE UPDATE ON casework_chronologyevent
       BEGIN SELECT RAISE(ABORT, 'casework_chronologyevent is append-only'); END;""",
    """CREATE TRIGGER casework_chronology_no_delete BEFORE DELETE ON casework_chronologyevent
       BEGIN SELECT RAISE(ABORT, 'casework_chronologyevent is append-only'); END;""",
]
CHRONOLOGY_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS casework_chronology_no_update;",
    "DROP TRIGGER IF EXISTS casework_chronology_no_delete;",
]

# The next deadline per case.
# Each case's earliest live deadline (Child.next_due_on, next_due_code), kept by the
# database in the same transaction as the deadline rows, whoever writes them. "Live" is
# Deadline.LIVE as it stands today (a change to it is a new migration).
LIVE = "('open', 'breached', 'excepted')"

NEXT_DEADLINE_POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION casework_child_next_deadline(children uuid[]) RETURNS void AS $$
BEGIN
    IF coalesce(array_length(children, 1), 0) = 0 THEN
        RETURN;
    END IF;
    -- Lock the cases first, in a fixed order: a concurrent change to the same case's
    -- deadlines waits here, and the UPDATE below (a new statement, so a new snapshot
    -- under READ COMMITTED) then sees it.
    PERFORM 1 FROM casework_child WHERE id = ANY(children) ORDER BY id FOR UPDATE;
    UPDATE casework_child AS c
       SET next_due_on = n.due_on, next_due_code = coalesce(n.code, '')
      FROM unnest(children) AS t(child_id)
      LEFT JOIN LATERAL (
            SELECT d.due_on, d.code FROM casework_deadline AS d
             WHERE d.child_id = t.child_id AND d.status IN {LIVE}
             ORDER BY d.due_on, d.id LIMIT 1
      ) AS n ON true
     WHERE c.id = t.child_id
       AND (c.next_due_on IS DISTINCT FROM n.due_on
            OR c.next_due_code IS DISTINCT FROM coalesce(n.code, ''));
END;
$$ LANGUAGE plpgsql;

-- One trigger per statement (not per row): the sweep's set-based UPDATE of thousands of
-- rows costs one pass over its transition tables, and only the cases whose live set,
-- due dates or kinds changed are recomputed (open -> missed changes nothing).
CREATE OR REPLACE FUNCTION casework_deadline_inserted() RETURNS trigger AS $$
BEGIN
    PERFORM casework_child_next_deadline(ARRAY(
        SELECT DISTINCT child_id FROM new_rows WHERE status IN {LIVE}));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION casework_deadline_updated() RETURNS trigger AS $$
BEGIN
    PERFORM casework_child_next_deadline(ARRAY(
        SELECT DISTINCT v.child_id FROM (
            SELECT n.child_id AS new_child_id, o.child_id AS old_child_id
              FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
             WHERE (n.status IN {LIVE}) IS DISTINCT FROM (o.status IN {LIVE})
                OR n.due_on IS DISTINCT FROM o.due_on
                OR n.code IS DISTINCT FROM o.code
                OR n.child_id IS DISTINCT FROM o.child_id
        ) AS changed, LATERAL (VALUES (changed.new_child_id), (changed.old_child_id)) AS v(child_id)
    ));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION casework_deadline_deleted() RETURNS trigger AS $$
BEGIN
    PERFORM casework_child_next_deadline(ARRAY(
        SELECT DISTINCT child_id FROM old_rows WHERE status IN {LIVE}));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER casework_deadline_next_insert AFTER INSERT ON casework_deadline
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION casework_deadline_inserted();
CREATE TRIGGER casework_deadline_next_update AFTER UPDATE ON casework_deadline
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION casework_deadline_updated();
CREATE TRIGGER casework_deadline_next_delete AFTER DELETE ON casework_deadline
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION casework_deadline_deleted();
"""  # noqa: S608 - only the constant LIVE is formatted in
NEXT_DEADLINE_POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS casework_deadline_next_insert ON casework_deadline;
DROP TRIGGER IF EXISTS casework_deadline_next_update ON casework_deadline;
DROP TRIGGER IF EXISTS casework_deadline_next_delete ON casework_deadline;
DROP FUNCTION IF EXISTS casework_deadline_inserted();
DROP FUNCTION IF EXISTS casework_deadline_updated();
DROP FUNCTION IF EXISTS casework_deadline_deleted();
DROP FUNCTION IF EXISTS casework_child_next_deadline(uuid[]);
"""

# SQLite (make run): row triggers, recomputing the case(s) of the changed row.
_SQLITE_REFRESH = f"""
    UPDATE casework_child SET
        next_due_on = (SELECT d.due_on FROM casework_deadline AS d
                        WHERE d.child_id = casework_child.id AND d.status IN {LIVE}
                        ORDER BY d.due_on, d.id LIMIT 1),
        next_due_code = coalesce((SELECT d.code FROM casework_deadline AS d
                        WHERE d.child_id = casework_child.id AND d.status IN {LIVE}
                        ORDER BY d.due_on, d.id LIMIT 1), '')
"""  # noqa: S608 - only the constant LIVE is formatted in
NEXT_DEADLINE_SQLITE_UP = [
    f"""CREATE TRIGGER casework_deadline_next_insert AFTER INSERT ON casework_deadline
        BEGIN {_SQLITE_REFRESH} WHERE id = NEW.child_id; END;""",
    f"""CREATE TRIGGER casework_deadline_next_update
        AFTER UPDATE OF status, due_on, code, child_id ON casework_deadline
        BEGIN {_SQLITE_REFRESH} WHERE id IN (NEW.child_id, OLD.child_id); END;""",
    f"""CREATE TRIGGER casework_deadline_next_delete AFTER DELETE ON casework_deadline
        BEGIN {_SQLITE_REFRESH} WHERE id = OLD.child_id; END;""",
]
NEXT_DEADLINE_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS casework_deadline_next_insert;",
    "DROP TRIGGER IF EXISTS casework_deadline_next_update;",
    "DROP TRIGGER IF EXISTS casework_deadline_next_delete;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)  # the SQL holds a literal %

    return run


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": [CHRONOLOGY_POSTGRES_UP], "sqlite": CHRONOLOGY_SQLITE_UP}),
            _run({"postgresql": [CHRONOLOGY_POSTGRES_DOWN], "sqlite": CHRONOLOGY_SQLITE_DOWN}),
        ),
        migrations.RunPython(
            _run({"postgresql": [NEXT_DEADLINE_POSTGRES_UP], "sqlite": NEXT_DEADLINE_SQLITE_UP}),
            _run(
                {"postgresql": [NEXT_DEADLINE_POSTGRES_DOWN], "sqlite": NEXT_DEADLINE_SQLITE_DOWN}
            ),
        ),
    ]
