"""A GIN index on the search document, on PostgreSQL only.

It is not declared in Service.Meta because SQLite (the `make run` default) has no GIN
indexes; there the column stays empty and search falls back to icontains.
"""

from django.db import migrations

INDEX = "local_offer_service_search_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON local_offer_service USING gin (search_document)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("local_offer", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
