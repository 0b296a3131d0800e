"""The monthly statistics figures (``CaseMonthFigures``), kept exact by recomputing every
county-month a write marked.

A write to a case, by any path, leaves a mark (county, local month) through the database
triggers (``mashangjian/db_triggers.py``). Before the figures are read, ``case_figures_refresh``
takes the marks of the counties read and recomputes those county-months from the case table with
the live path's own grouped queries (``selectors/stat_groups.py``: the same ``_stats_group`` and
``_STAT_CONDITIONS``), so the figures of whole months equal live aggregation. Nothing is counted
here: this module only moves the groups the live queries return into rows.

``case_figures_rebuild`` (``manage.py refresh_case_figures``) recomputes every month, for after
a restore of the case table alone or a TRUNCATE (which no row trigger sees).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Case, CaseFiguresMark, CaseMonthFigures
from ..selectors.stat_groups import (
    ALL_DIMENSIONS,
    STAT_COUNTS,
    month_after,
    stat_counts,
    submitted_between,
)

# The key space of the refresh's advisory locks (PostgreSQL): one lock per county.
_LOCK_BASE = 0x4D534A46 << 32  # "MSJF"


def _marked_counties(counties: Collection[int] | None) -> list[int]:
    marks = CaseFiguresMark.objects.all()
    if counties is not None:
        marks = marks.filter(county_id__in=counties)
    return sorted(marks.values_list("county_id", flat=True).distinct())


def _lock(counties: Iterable[int]) -> None:
    """Serialise refreshes of the same county (PostgreSQL; SQLite has one writer at a time):
    in ascending order, so two refreshes never wait for each other in a cycle."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for county in sorted(counties):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_BASE + county])


def _take_marks(counties: Collection[int]) -> set[tuple[int, datetime.date]]:
    """Delete the marks of ``counties`` and return their (county, month) pairs, in ONE
    statement: the marks taken are exactly the marks deleted (see ``case_figures_refresh``)."""
    if not counties:
        return set()
    table = CaseFiguresMark._meta.db_table
    delete = (
        f"DELETE FROM {table} WHERE county_id IN ({', '.join(['%s'] * len(counties))}) "  # noqa: S608 - fixed names; values are parameters
        "RETURNING county_id, month"
    )
    if connection.vendor == "postgresql":  # one row per pair, not per writing transaction
        delete = f"WITH taken AS ({delete}) SELECT DISTINCT county_id, month FROM taken"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(delete, list(counties))
        rows = cursor.fetchall()
    return {
        (county, month if isinstance(month, datetime.date) else datetime.date.fromisoformat(month))
        for county, month in rows
    }


def _months_filter(months: list[datetime.date]) -> Q:
    """Cases submitted in ``months`` (first days): one range per run of consecutive months."""
    q = Q(pk__in=[])
    runs: list[list[datetime.date]] = []
    for month in sorted(months):
        if runs and month_after(runs[-1][1]) == month:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    for first, last in runs:
        q |= submitted_between(first, month_after(last) - datetime.timedelta(days=1))
    return q


def _recompute(county_id: int, months: list[datetime.date] | None) -> int:
    """Replace the figures of ``county_id`` for ``months`` (``None``: every month) by the groups
    the live queries count now (one pass on PostgreSQL). Returns the rows written."""
    cases = Case.objects.filter(county_id=county_id)
    figures = CaseMonthFigures.objects.filter(county_id=county_id)
    if months is not None:
        cases = cases.filter(_months_filter(months))
        figures = figures.filter(month__in=months)
    counted = stat_counts(cases=cases, dimensions=list(ALL_DIMENSIONS), by_month=True)
    rows = [
        (
            county_id,
            connection.ops.adapt_datefield_value(timezone.localtime(group["stat_month"]).date()),
            dimension,
            None if dimension == "month" else group["stat_group"],
            *(group[name] for name in STAT_COUNTS),
        )
        for dimension, groups in counted.items()
        for group in groups
    ]
    figures.delete()
    _insert(rows)
    return len(rows)


def _insert(rows: list[tuple]) -> None:
    """Write figure rows as plain values (a rebuild writes ~15 000 for a million cases; the
    ORM's bulk_create spends seconds preparing them field by field): on PostgreSQL one
    statement of arrays, elsewhere one prepared statement run for each row."""
    if not rows:
        return
    qn = connection.ops.quote_name
    columns = ["county_id", "month", "dimension", "group", *STAT_COUNTS]
    into = f"INSERT INTO {qn(CaseMonthFigures._meta.db_table)} ({', '.join(map(qn, columns))}) "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            types = ["bigint", "date", "text", "bigint", *["integer"] * len(STAT_COUNTS)]
            arrays = ", ".join(f"%s::{t}[]" for t in types)
            columns_of_rows = [list(c) for c in zip(*rows, strict=True)]
            cursor.execute(f"{into}SELECT * FROM unnest({arrays})", columns_of_rows)  # noqa: S608 - fixed names; values are parameters
        else:
            cursor.executemany(f"{into}VALUES ({', '.join(['%s'] * len(columns))})", rows)  # noqa: S608 - fixed names; values are parameters


def case_figures_refresh(*, counties: Collection[int] | None) -> int:
    """Recompute the figures of every marked county-month of ``counties`` (``None``: every
    county); returns the number of county-months recomputed. No mark: one small query.

    Concurrency (PostgreSQL, READ COMMITTED; SQLite has one writer at a time). The invariant:
    a write's change is in the figures once its mark is gone. It holds because

    - each writer's mark is its own row (``xact``, the writing transaction), committed with its
      change or not at all. Had writers shared one mark per county-month (INSERT … ON CONFLICT
      DO NOTHING on (county, month)), a writer finding the mark already there would rely on it;
      a refresh taking that mark after the write but before the writer's commit would count
      without the change, and nothing would mark it again: a lost update.
    - the refresh deletes the marks it takes in one statement (``_take_marks``), and so only
      marks committed before that statement; the recount runs in later statements, whose
      snapshots include every change those marks stand for. A writer committing during the
      refresh leaves its own mark, invisible to the DELETE, for the next refresh.
    - refreshes of the same county are serialised by an advisory lock per county (taken in
      ascending order) for the whole transaction: otherwise two refreshes could each delete the
      county-month's old rows and insert their own, doubling them. A refresh that finds the
      marks it saw already taken waits for the one that took them and then reads its rows.

    Writers never wait for the refresh nor for each other (their marks differ by ``xact``).
    Inside a request (``ATOMIC_REQUESTS``) the recount, and the lock, end with the request."""
    marked = _marked_counties(counties)
    if not marked:
        return 0
    with transaction.atomic():
        _lock(marked)
        by_county: dict[int, list[datetime.date]] = defaultdict(list)
        for county, month in _take_marks(marked):
            by_county[county].append(month)
        for county in sorted(by_county):
            _recompute(county, by_county[county])
    return sum(len(months) for months in by_county.values())


def case_figures_rebuild(*, counties: Collection[int] | None = None) -> int:
    """Recompute every month of ``counties`` (``None``: every county with cases, figures or
    marks) from the case table; returns the number of figure rows written."""
    with transaction.atomic():
        present: set[int] = set()
        for model in (Case, CaseMonthFigures, CaseFiguresMark):
            rows = model.objects.order_by()
            if counties is not None:
                rows = rows.filter(county_id__in=counties)
            present |= set(rows.values_list("county_id", flat=True).distinct())
        _lock(present)
        _take_marks(present)
        return sum(_recompute(county, None) for county in sorted(present))
