"""The database itself refuses to change or delete a chronology event, whatever the client."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION casework_chronology_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'casework_chronologyevent is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER casework_chronology_append_only
    BEFORE UPDATE OR DELETE ON casework_chronologyevent
    FOR EACH ROW EXECUTE FUNCTION casework_chronology_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS casework_chronology_append_only ON casework_chronologyevent;
DROP FUNCTION IF EXISTS casework_chronology_append_only();
"""
SQLITE_UP = [
    """CREATE TRIGGER casework_chronology_no_update BEFORE UPDATE ON casework_chronologyevent
       BEGIN SELECT RAISE(ABORT, 'casework_chronologyevent is append-only'); END;""",
    """CREATE TRIGGER casework_chronology_no_delete BEFORE DELETE ON casework_chronologyevent
       BEGIN SELECT RAISE(ABORT, 'casework_chronologyevent is append-only'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS casework_chronology_no_update;",
    "DROP TRIGGER IF EXISTS casework_chronology_no_delete;",
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
            _run({"postgresql": [POSTGRES_UP], "sqlite": SQLITE_UP}),
            _run({"postgresql": [POSTGRES_DOWN], "sqlite": SQLITE_DOWN}),
        ),
    ]
