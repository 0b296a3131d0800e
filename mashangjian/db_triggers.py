"""The triggers that mark the county-months whose statistics figures a write to a case changed.

Every write to ``mashangjian_case`` reaches the database by one of several paths: the raw INSERT
of a submission (``services/case_insert.py``), ``save()``, ``QuerySet.update()``, deletes, a
bench's COPY. Row triggers on INSERT, UPDATE and DELETE see them all: each records the
(county, local month of ``submitted_at``) of the row before (OLD) and after (NEW) in
``mashangjian_casefiguresmark`` and nothing else; the counting stays in Python
(``selectors/stat_groups.py``), done by the refresh (``services/case_figures.py``).

The month is the one the ORM's ``TruncMonth("submitted_at")`` gives in ``Asia/Shanghai``
(UTC+8 all year, no daylight saving): PostgreSQL ``AT TIME ZONE 'Asia/Shanghai'``; SQLite stores
UTC text, so ``date(x, '+8 hours', 'start of month')``. ``tests/mashangjian/test_case_figures.py``
checks both at a month's boundary (23:30 and 00:30 local).

Installed by migration 0006 and re-asserted after every ``migrate`` (post_migrate, see
mashangjian.apps): SQLite drops a table's triggers when a later migration rebuilds the table.
"""

from __future__ import annotations

from django.conf import settings

CASES = "mashangjian_case"
MARKS = "mashangjian_casefiguresmark"
ZONE = "Asia/Shanghai"
FUNCTION = "mashangjian_case_figures_mark"
TRIGGER = "mashangjian_case_figures"
SQLITE_TRIGGERS = {
    f"{TRIGGER}_insert": ("INSERT", ("NEW",)),
    f"{TRIGGER}_update": ("UPDATE", ("OLD", "NEW")),
    f"{TRIGGER}_delete": ("DELETE", ("OLD",)),
}


def _month(vendor: str, submitted_at: str) -> str:
    """SQL for the first day of the local month of ``submitted_at`` (a column)."""
    if vendor == "postgresql":
        return f"(date_trunc('month', {submitted_at} AT TIME ZONE '{ZONE}'))::date"
    return f"date({submitted_at}, '+8 hours', 'start of month')"


def _pg_mark(row: str) -> str:
    return (
        f"INSERT INTO {MARKS} (county_id, month, xact) VALUES ({row}.county_id, "  # noqa: S608 - fixed names, no values
        f"{_month('postgresql', f'{row}.submitted_at')}, "
        "pg_current_xact_id()::text::bigint) ON CONFLICT DO NOTHING;"
    )


# No percent sign anywhere here: the SQL passes through a DB-API driver.
PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        {_pg_mark("OLD")}
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.county_id, NEW.submitted_at)
            IS DISTINCT FROM (OLD.county_id, OLD.submitted_at)) THEN
        {_pg_mark("NEW")}
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""


def _sqlite_mark(row: str) -> str:
    return (
        f"INSERT OR IGNORE INTO {MARKS} (county_id, month, xact) VALUES ({row}.county_id, "  # noqa: S608 - fixed names, no values
        f"{_month('sqlite', f'{row}.submitted_at')}, 0);"
    )


def ensure_case_figures_triggers(connection) -> None:
    """Create the triggers where they are missing (idempotent)."""
    if settings.TIME_ZONE != ZONE:  # pragma: no cover - the month rule below is UTC+8's
        raise RuntimeError(f"码上减统计的月份按 {ZONE} 计算，TIME_ZONE 为 {settings.TIME_ZONE}")
    existing = set(connection.introspection.table_names())
    if not {CASES, MARKS} <= existing:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            cursor.execute(
                "SELECT 1 FROM pg_trigger WHERE tgname = %s AND NOT tgisinternal", [TRIGGER]
            )
            if cursor.fetchone() is None:
                cursor.execute(
                    f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {CASES} "
                    f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
                )
        elif connection.vendor == "sqlite":
            for name, (event, rows) in SQLITE_TRIGGERS.items():
                body = " ".join(_sqlite_mark(row) for row in rows)
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {CASES} "
                    f"BEGIN {body} END;"
                )


def mark_every_month(connection) -> None:
    """Mark every county-month that has cases (cases stored before the triggers existed): the
    next refresh computes their figures."""
    if connection.vendor not in ("postgresql", "sqlite"):  # pragma: no cover
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {MARKS} (county_id, month, xact) "  # noqa: S608 - fixed names
            f"SELECT DISTINCT county_id, {_month(connection.vendor, 'submitted_at')}, 0 "
            f"FROM {CASES}"
        )


def drop_case_figures_triggers(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {CASES}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
