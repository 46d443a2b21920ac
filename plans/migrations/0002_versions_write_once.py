"""The database itself refuses to change or delete an issued plan version or its PDF
record, whatever the client: they are what the family was sent."""

from django.db import migrations

TABLES = ("plans_planversion", "plans_planversionpdf")

POSTGRES_UP = [
    """
CREATE OR REPLACE FUNCTION plans_write_once() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is write-once: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
] + [
    f"""CREATE TRIGGER {table}_write_once BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION plans_write_once();"""
    for table in TABLES
]
POSTGRES_DOWN = [f"DROP TRIGGER IF EXISTS {table}_write_once ON {table};" for table in TABLES] + [
    "DROP FUNCTION IF EXISTS plans_write_once();"
]
SQLITE_UP = [
    f"""CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} is write-once'); END;"""
    for table in TABLES
    for op in ("UPDATE", "DELETE")
]
SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {table}_no_{op.lower()};"
    for table in TABLES
    for op in ("UPDATE", "DELETE")
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)  # the SQL holds a literal %

    return run


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
