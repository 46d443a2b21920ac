"""Each deadline carries its case's team (Deadline.team), kept by the database so that a
manager's dashboards read one team's index range instead of the council's deadlines
joined to the cases (issue #22). Hand-written SQL, PostgreSQL and SQLite (the `make run`
default) each their own, as in 0002_database_rules:

- on insert, and on an update that changes the row's case or team, the row's team is
  set from its case (whatever the client wrote: the application never writes it, and a
  stale instance saved back cannot leave an old team behind). PostgreSQL locks the case
  row (FOR UPDATE, as the next-deadline triggers do) so that a concurrent move of the
  case to another team either waits for this row or is seen by it;
- when a case changes team, all its deadlines follow, history included.

The existing rows are filled with one UPDATE before the triggers exist.
"""

import django.db.models.deletion
from django.db import migrations, models

FILL_POSTGRES = """
UPDATE casework_deadline AS d SET team_id = c.team_id
  FROM casework_child AS c
 WHERE c.id = d.child_id AND d.team_id IS DISTINCT FROM c.team_id;
"""
FILL_SQLITE = """
UPDATE casework_deadline SET team_id = (
    SELECT c.team_id FROM casework_child AS c WHERE c.id = casework_deadline.child_id);
"""

TEAM_POSTGRES_UP = """
CREATE OR REPLACE FUNCTION casework_deadline_team() RETURNS trigger AS $$
BEGIN
    -- The case's team, its row locked: a move of the case to another team waits for
    -- this transaction (and then carries this row with the case's others), or has
    -- committed and is read here.
    SELECT c.team_id INTO NEW.team_id FROM casework_child AS c
     WHERE c.id = NEW.child_id FOR UPDATE;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER casework_deadline_team_insert BEFORE INSERT ON casework_deadline
    FOR EACH ROW EXECUTE FUNCTION casework_deadline_team();
-- Only when the case or the team is written with another value: the sweep's set-based
-- UPDATE of the status fires nothing.
CREATE TRIGGER casework_deadline_team_update BEFORE UPDATE OF child_id, team_id
    ON casework_deadline FOR EACH ROW
    WHEN (NEW.child_id IS DISTINCT FROM OLD.child_id OR NEW.team_id IS DISTINCT FROM OLD.team_id)
    EXECUTE FUNCTION casework_deadline_team();

CREATE OR REPLACE FUNCTION casework_child_team_deadlines() RETURNS trigger AS $$
BEGIN
    UPDATE casework_deadline SET team_id = NEW.team_id
     WHERE child_id = NEW.id AND team_id IS DISTINCT FROM NEW.team_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER casework_child_team_deadlines AFTER UPDATE OF team_id ON casework_child
    FOR EACH ROW WHEN (NEW.team_id IS DISTINCT FROM OLD.team_id)
    EXECUTE FUNCTION casework_child_team_deadlines();
"""
TEAM_POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS casework_child_team_deadlines ON casework_child;
DROP TRIGGER IF EXISTS casework_deadline_team_insert ON casework_deadline;
DROP TRIGGER IF EXISTS casework_deadline_team_update ON casework_deadline;
DROP FUNCTION IF EXISTS casework_child_team_deadlines();
DROP FUNCTION IF EXISTS casework_deadline_team();
"""

# SQLite: a BEFORE trigger cannot change the row, so the row is corrected just after
# (in the same statement; one writer at a time, so nothing to lock).
_SQLITE_CASE_TEAM = "(SELECT c.team_id FROM casework_child AS c WHERE c.id = NEW.child_id)"
TEAM_SQLITE_UP = [
    f"""CREATE TRIGGER casework_deadline_team_insert AFTER INSERT ON casework_deadline
        BEGIN UPDATE casework_deadline SET team_id = {_SQLITE_CASE_TEAM} WHERE id = NEW.id; END;""",  # noqa: S608 - a constant subquery
    f"""CREATE TRIGGER casework_deadline_team_update
        AFTER UPDATE OF child_id, team_id ON casework_deadline
        WHEN NEW.team_id IS NOT {_SQLITE_CASE_TEAM}
        BEGIN UPDATE casework_deadline SET team_id = {_SQLITE_CASE_TEAM} WHERE id = NEW.id; END;""",  # noqa: S608 - a constant subquery
    """CREATE TRIGGER casework_child_team_deadlines AFTER UPDATE OF team_id ON casework_child
        WHEN NEW.team_id IS NOT OLD.team_id
        BEGIN UPDATE casework_deadline SET team_id = NEW.team_id
               WHERE child_id = NEW.id AND team_id IS NOT NEW.team_id; END;""",
]
TEAM_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS casework_child_team_deadlines;",
    "DROP TRIGGER IF EXISTS casework_deadline_team_insert;",
    "DROP TRIGGER IF EXISTS casework_deadline_team_update;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("casework", "0002_database_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="team",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.team",
            ),
        ),
        migrations.RunPython(
            _run({"postgresql": [FILL_POSTGRES], "sqlite": [FILL_SQLITE]}),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            _run({"postgresql": [TEAM_POSTGRES_UP], "sqlite": TEAM_SQLITE_UP}),
            _run({"postgresql": [TEAM_POSTGRES_DOWN], "sqlite": TEAM_SQLITE_DOWN}),
        ),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("status__in", ["open", "breached"])),
                fields=["team", "due_on"],
                include=("code",),
                name="deadline_team_to_do_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("status", "met")),
                fields=["team", "code", "met_on"],
                include=("due_on", "exception_reason"),
                name="deadline_team_met_idx",
            ),
        ),
    ]
