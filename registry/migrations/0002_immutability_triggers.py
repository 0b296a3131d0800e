"""Database triggers that refuse changes to published versions and items.

PostgreSQL refuses UPDATE and DELETE. SQLite (the embedded demo database)
refuses UPDATE; DELETE stays guarded by the model and queryset only, because
Django's test flush on SQLite empties tables with DELETE (on PostgreSQL it
uses TRUNCATE, which row triggers do not see).
"""

from django.db import migrations

TABLES = ("registry_listversion", "registry_listitem")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION registry_refuse_change() RETURNS trigger AS $$
BEGIN
    -- No percent sign anywhere here: the SQL passes through a DB-API driver.
    RAISE EXCEPTION USING
        MESSAGE = '已发布的清单版本及其事项不可修改或删除（' || TG_TABLE_NAME || '）',
        ERRCODE = 'restrict_violation';
END
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION registry_refuse_change();"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, '已发布的清单版本及其事项不可修改'); END;"
            )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table};")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable;")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS registry_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
