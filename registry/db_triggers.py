"""The database triggers that refuse changes to published versions and items.

Installed by migration 0002 and re-asserted after every ``migrate`` (post_migrate, see
registry.apps): on SQLite, any later migration that rebuilds one of these tables (adding a
column does) silently drops its triggers, so they are recreated idempotently.
PostgreSQL refuses UPDATE and DELETE; SQLite refuses UPDATE (Django's test flush on SQLite
empties tables with DELETE; PostgreSQL's uses TRUNCATE, which row triggers do not see).
"""

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


def ensure_immutability_triggers(connection) -> None:
    existing = set(connection.introspection.table_names())
    tables = [t for t in TABLES if t in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            for table in tables:
                cursor.execute(
                    "SELECT 1 FROM pg_trigger WHERE tgname = %s AND NOT tgisinternal",
                    [f"{table}_immutable"],
                )
                if cursor.fetchone() is None:
                    cursor.execute(
                        f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                        "FOR EACH ROW EXECUTE FUNCTION registry_refuse_change();"
                    )
        elif connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_immutable BEFORE UPDATE ON {table} "
                    "BEGIN SELECT RAISE(ABORT, '已发布的清单版本及其事项不可修改'); END;"
                )
