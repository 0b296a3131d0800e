"""Inserting a new case and its first history row: the write on the submission hot path.

On PostgreSQL this is one statement, built once from the models' metadata::

    WITH c AS (INSERT INTO case (...) VALUES (...) ON CONFLICT (number) DO NOTHING RETURNING *)
    INSERT INTO historical_case (id, <tracked columns>, history_date, ...) SELECT c.id, c.… FROM c
    RETURNING id

The history row is copied from the row just stored (what simple-history's signal would copy from
the instance), and a number collision (40 random bits) inserts nothing and returns no row, so the
caller draws another number without a savepoint. The ORM would need six round trips for the same
(savepoint, insert, release, history insert) and most of the CPU of a submission.

Elsewhere (SQLite: no data-modifying CTE) the ORM does it: a savepoint per attempt, ``bulk_create``
and simple-history's ``bulk_history_create``. ``tests/mashangjian/services/test_case_insert.py``
checks that both give the same rows.
"""

from __future__ import annotations

import functools

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ..models import Case

REASON = "提交反映"


@functools.cache
def _pg_statement() -> tuple[str, tuple]:
    qn = connection.ops.quote_name
    meta = Case._meta
    fields = tuple(f for f in meta.local_concrete_fields if not f.primary_key)
    if any(f.generated or f.has_db_default() for f in fields):  # pragma: no cover - guard
        raise NotImplementedError("case_insert: generated or db_default fields need the ORM path")
    history = Case.history.model
    tracked = [
        (history._meta.get_field(f.name).column, meta.get_field(f.name).column)
        for f in history.tracked_fields
    ]
    hist_columns = [h for h, _ in tracked] + [
        "history_date",
        "history_change_reason",
        "history_type",
        "history_user_id",
    ]
    select = [f"c.{qn(c)}" for _, c in tracked] + ["%s", "%s", "'+'", "NULL"]
    sql = (
        f"WITH c AS (INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608 - column and table names from model meta, quoted; values are parameters
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({qn(meta.get_field('number').column)}) DO NOTHING RETURNING *) "
        f"INSERT INTO {qn(history._meta.db_table)} ({', '.join(qn(c) for c in hist_columns)}) "
        f"SELECT {', '.join(select)} FROM c RETURNING {qn(history._meta.get_field('id').column)}"
    )
    return sql, fields


def _insert_pg(case: Case) -> bool:
    sql, fields = _pg_statement()
    params = [f.get_db_prep_save(f.pre_save(case, True), connection) for f in fields]
    params += [timezone.now(), REASON]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False  # the number is taken
    case.pk = row[0]
    case._state.adding = False
    case._state.db = connection.alias
    return True


def _insert_orm(case: Case) -> bool:
    try:
        with transaction.atomic():  # the savepoint a number collision rolls back to
            Case.objects.bulk_create([case])
    except IntegrityError:
        case.pk = None
        return False
    # The row simple-history's post_save signal would write. A submission never records the
    # logged-in user, if any: the reporter is anonymous to the timeline.
    _case_history().bulk_history_create([case], default_change_reason=REASON)
    return True


@functools.cache
def _case_history():
    """Case.history builds a manager class on every access; one is enough for inserts."""
    return Case.history


def case_insert(case: Case, *, new_number) -> None:
    """Store a new case with a fresh number from ``new_number()`` and its first history row.
    Must run inside a transaction (the caller's)."""
    insert = _insert_pg if connection.vendor == "postgresql" else _insert_orm
    for _attempt in range(5):
        case.number = new_number()
        if insert(case):
            return
    raise RuntimeError("无法生成案件编号")  # pragma: no cover - five collisions in a row
