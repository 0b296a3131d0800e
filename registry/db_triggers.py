"""The database triggers that refuse changes to published versions, their items and stored checks.

Installed by migration 0002 and re-asserted after every ``migrate`` (post_migrate, see
registry.apps): on SQLite, any later migration that rebuilds one of these tables (adding a
column does) silently drops its triggers, so they are recreated idempotently.

What the database refuses, on both PostgreSQL and SQLite:

- UPDATE and DELETE of a row of ``IMMUTABLE_TABLES`` (row triggers). One UPDATE is let through
  on a stored check: ``user_id`` set to NULL and nothing else, which is what deleting a user
  account does (``on_delete=SET_NULL``); the check itself stays as it was.
- TRUNCATE of any of them, ``CASCADE`` from another table included (PostgreSQL, a statement
  trigger: row triggers do not see TRUNCATE; SQLite has no TRUNCATE).

The one way past the DELETE/TRUNCATE guard is ``flush_allowed``: Django's ``flush`` command
(registry/management/commands/flush.py) uses it only where ``settings.REGISTRY_ALLOW_FLUSH`` is
on, i.e. in the test settings, so transactional tests can empty their throwaway database. It
sets a session flag (PostgreSQL ``registry.allow_flush``; on SQLite a Python flag read by the
SQL function ``registry_flush_allowed()`` that every Django connection registers); a raw
DELETE or TRUNCATE from any other session or tool is refused.
"""

from __future__ import annotations

from contextlib import contextmanager

# Published versions and items; stored admission checks and the versions they cite.
IMMUTABLE_TABLES = (
    "registry_listversion",
    "registry_listitem",
    "registry_assignmentcheck",
    "registry_assignmentcheck_versions",
)
# The column a stored check may lose (SET NULL when the user account is deleted).
NULLABLE_ON_DELETE = {"registry_assignmentcheck": "user_id"}
MESSAGE = "已发布的清单版本及其事项、已保存的审查记录不可修改或删除"


def _pg_function(name: str, *, let_through: str, message: str) -> str:
    # No percent sign anywhere here: the SQL passes through a DB-API driver.
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
{let_through}
    RAISE EXCEPTION USING
        MESSAGE = '{message}（' || TG_TABLE_NAME || '）',
        ERRCODE = 'restrict_violation';
END
$$ LANGUAGE plpgsql;
"""


PG_FUNCTIONS = (
    # Row trigger; with an argument (a column), an UPDATE that only sets it to NULL passes.
    _pg_function(
        "registry_refuse_change",
        let_through="""
    IF TG_OP = 'UPDATE' AND TG_NARGS = 1 THEN
        IF NEW IS DISTINCT FROM OLD AND (to_jsonb(NEW) ->> TG_ARGV[0]) IS NULL
           AND (to_jsonb(NEW) - TG_ARGV[0]) = (to_jsonb(OLD) - TG_ARGV[0]) THEN
            RETURN NEW;
        END IF;
    END IF;""",
        message=MESSAGE,
    ),
    # Statement trigger on TRUNCATE; only a session inside ``flush_allowed`` passes.
    _pg_function(
        "registry_refuse_truncate",
        let_through="""
    IF current_setting('registry.allow_flush', true) = 'on' THEN
        RETURN NULL;
    END IF;""",
        message=f"{MESSAGE}，不能清空",
    ),
)

_flushing = False


def sqlite_flush_allowed() -> int:
    return int(_flushing)


@contextmanager
def flush_allowed(connection):
    """Let ``connection`` empty the guarded tables for the duration (Django's flush only)."""
    global _flushing
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('registry.allow_flush', 'on', false)")
    _flushing = True
    try:
        yield
    finally:
        _flushing = False
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('registry.allow_flush', 'off', false)")


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """connection_created receiver: the function the SQLite DELETE triggers call."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("registry_flush_allowed", 0, sqlite_flush_allowed)


def ensure_immutability_triggers(connection) -> None:
    existing = set(connection.introspection.table_names())
    tables = [t for t in IMMUTABLE_TABLES if t in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _ensure_postgresql(cursor, tables)
        elif connection.vendor == "sqlite":
            _ensure_sqlite(connection, cursor, tables)


def _ensure_postgresql(cursor, tables: list[str]) -> None:
    for function in PG_FUNCTIONS:
        cursor.execute(function)
    for table in tables:
        column = NULLABLE_ON_DELETE.get(table)
        argument = f"'{column}'" if column else ""
        triggers = {
            f"{table}_immutable": (
                f"BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW "
                f"EXECUTE FUNCTION registry_refuse_change({argument})"
            ),
            f"{table}_no_truncate": (
                f"BEFORE TRUNCATE ON {table} FOR EACH STATEMENT "
                "EXECUTE FUNCTION registry_refuse_truncate()"
            ),
        }
        for name, body in triggers.items():
            cursor.execute(
                "SELECT 1 FROM pg_trigger WHERE tgname = %s AND NOT tgisinternal", [name]
            )
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE TRIGGER {name} {body}")


def _ensure_sqlite(connection, cursor, tables: list[str]) -> None:
    refuse = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for table in tables:
        column = NULLABLE_ON_DELETE.get(table)
        when = ""
        if column:
            # Rebuilt every time: the condition lists the table's columns, which may have grown.
            others = [
                c.name
                for c in connection.introspection.get_table_description(cursor, table)
                if c.name != column
            ]
            same = " AND ".join(f'NEW."{c}" IS OLD."{c}"' for c in others)
            when = f'WHEN NOT (NEW."{column}" IS NULL AND {same}) '
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable")
        cursor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_immutable BEFORE UPDATE ON {table} "
            f"{when}{refuse};"
        )
        cursor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
            f"WHEN NOT registry_flush_allowed() {refuse};"
        )
