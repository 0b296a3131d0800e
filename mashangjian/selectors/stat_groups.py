"""码上减 statistics counted live from the case table: what a statistics group is (``_stats_group``),
what each figure counts (``_STAT_CONDITIONS``), and the grouped queries that count them.

The one home of the counting rules. The page reads whole months from the monthly figures
(``mashangjian/services/case_figures.py``), which are recomputed with these same queries; a
date range that cuts a month is counted here, live, for the cut month."""

from __future__ import annotations

import datetime

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models import Case as SqlCase
from django.db.models.functions import TruncMonth
from django.utils import timezone

from registry.enums import RegionLevel
from registry.models import Department, Region

from ..enums import SATISFIED_VALUES, CaseStatus
from ..models import Case, Category
from ..permissions import Scope

DIMENSIONS = {
    "region": "乡镇（街道）",
    "subject": "被反映部门",
    "handler": "承办单位",
    "category": "问题类别",
    "month": "月份",
}
# Only for a scope over several counties (a city role, a superuser): one row per county.
COUNTY_DIMENSION = {"county": "县（市、区）"}
# Every dimension a group can be counted by (the monthly figures keep them all).
ALL_DIMENSIONS = (*COUNTY_DIMENSION, *DIMENSIONS)


def _stats_group(dimension: str):
    """What the statistics of ``dimension`` group by: one column (or expression) of the case
    table itself, never a joined table, so a million cases are grouped without a join; the few
    groups are then named (``_stats_labels``)."""
    if dimension == "region":
        return F("region_id")
    if dimension == "subject":
        return F("subject_department_id")
    if dimension == "handler":
        return SqlCase(
            When(status=CaseStatus.DECLINED, then=Value(-1)),
            When(direct=True, then=Value(-2)),
            default=F("handler_department_id"),
            output_field=BigIntegerField(),
        )
    if dimension == "category":
        return F("category_id")
    if dimension == "county":
        return F("county_id")
    if dimension == "month":
        return TruncMonth("submitted_at", tzinfo=timezone.get_current_timezone())
    raise ValueError(dimension)


def _stats_labels(dimension: str, values: list) -> dict:
    """(key, label) of each group value (one small query: the regions, departments …)."""
    ids = [v for v in values if v is not None]
    if dimension == "month":
        return {v: (timezone.localtime(v).strftime("%Y-%m"),) * 2 for v in values}
    if dimension == "region":
        # A village's cases count for its township.
        out = {}
        for r in Region.objects.filter(pk__in=ids).select_related("parent"):
            unit = r.parent if r.level == RegionLevel.VILLAGE and r.parent else r
            out[r.pk] = (unit.code, unit.name)
        return out
    if dimension in ("subject", "handler"):
        names = dict(
            Department.objects.filter(pk__in=[v for v in ids if v > 0]).values_list(
                "pk", "short_name"
            )
        )
        if dimension == "subject":
            out = {v: (names.get(v) or "其他单位",) * 2 for v in ids}
            out[None] = ("其他单位", "其他单位")
            return out
        out = {v: (names.get(v) or "未分办",) * 2 for v in ids}
        out.update({-1: ("declined", "不予受理"), -2: ("direct", "机制办直接督办")})
        out[None] = ("未分办", "未分办")
        return out
    if dimension == "category":
        return {
            pk: (code, name)
            for pk, code, name in Category.objects.filter(pk__in=ids).values_list(
                "pk", "code", "name"
            )
        }
    return {
        pk: (code, name)
        for pk, code, name in Region.objects.filter(pk__in=ids).values_list("pk", "code", "name")
    }


def _satisfied(field: str) -> tuple[Q, Q]:
    return Q(**{f"{field}__in": SATISFIED_VALUES}), Q(**{f"{field}__gt": ""})


# Every figure of a statistics row, counted by the database (never case by case in Python):
# the cases of the group that meet each condition (``None``: every case of the group).
_STAT_CONDITIONS: dict[str, Q | None] = {
    "n": None,
    "acc_num": Q(accepted_on_time=True),
    "acc_den": Q(accepted_on_time__isnull=False),
    "closed_num": Q(closed_on_time=True),
    "closed_den": Q(closed_on_time__isnull=False),
    # Every rating counts: a 不满意 that reopened the case as well as the rating after.
    "sat1_num": _satisfied("first_satisfaction")[0],
    "sat1_den": _satisfied("first_satisfaction")[1],
    "sat2_num": _satisfied("satisfaction")[0],
    "sat2_den": _satisfied("satisfaction")[1],
    "bad": Q(check_result__prohibited=True),
}
_STAT_AGGREGATES = {name: Count("pk", filter=q) for name, q in _STAT_CONDITIONS.items()}
STAT_COUNTS = tuple(_STAT_CONDITIONS)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def month_after(month: datetime.date) -> datetime.date:
    """The first day of the month after ``month``'s."""
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def submitted_between(start: datetime.date | None, end: datetime.date | None) -> Q:
    """Cases submitted from ``start`` to ``end`` (local dates, both included; ``None``: open).
    The dates are bounds on ``submitted_at`` itself (local midnights), not on its date in the
    local time zone, so the database can use the index on the column; the cases are the same."""
    q = Q()
    if start:
        q &= Q(submitted_at__gte=_local_midnight(start))
    if end:
        q &= Q(submitted_at__lt=_local_midnight(end + datetime.timedelta(days=1)))
    return q


def _stat_cases(*, scope: Scope, start: datetime.date | None, end: datetime.date | None):
    """The cases counted: the scope's counties, submitted from ``start`` to ``end``."""
    return Case.objects.filter(scope.statistics_filter(), submitted_between(start, end)).order_by()


def _named(dimension: str, groups: list[dict]) -> list[dict]:
    """``stat_key`` / ``stat_label`` of each group (one small query: ``_stats_labels``)."""
    labels = _stats_labels(dimension, [g["stat_group"] for g in groups])
    for g in groups:
        g["stat_key"], g["stat_label"] = labels[g["stat_group"]]
    return groups


def _counts_per_dimension(
    cases: QuerySet, dimensions: list[str], *, by_month: bool
) -> dict[str, list[dict]]:
    """One grouped query per dimension (any database). ``by_month``: grouped by the local month
    (``stat_month``) as well."""
    month = {"stat_month": _stats_group("month")} if by_month else {}
    return {
        d: list(cases.values(**month, stat_group=_stats_group(d)).annotate(**_STAT_AGGREGATES))
        for d in dimensions
    }


def _counts_one_pass(
    cases: QuerySet, dimensions: list[str], *, by_month: bool
) -> dict[str, list[dict]]:
    """The groups of every dimension in ONE pass over the case table (PostgreSQL's GROUPING
    SETS): the same groups and counts as ``_counts_per_dimension``.

    The inner query is the ORM's (the same filter, group expressions and conditions as the
    per-dimension queries); the outer one groups it once per dimension (and by month, within
    each set, with ``by_month``), and ``GROUPING()`` says which dimension a row belongs to (a
    NULL group, e.g. no subject department, stays apart from the rows of other dimensions)."""
    keys = {d: f"g_{n}" for n, d in enumerate(dimensions)}
    flags = {name: f"f_{name}" for name, q in _STAT_CONDITIONS.items() if q is not None}
    month = {"m": _stats_group("month")} if by_month else {}
    inner = cases.values(
        **month,
        **{keys[d]: _stats_group(d) for d in dimensions},
        **{
            flags[name]: ExpressionWrapper(q, output_field=BooleanField())
            for name, q in _STAT_CONDITIONS.items()
            if q is not None
        },
    )
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # a scope with no county: no case, as the ORM would answer
        return {d: [] for d in dimensions}
    counts = ", ".join(
        f"COUNT(*) FILTER (WHERE s.{flags[name]}) AS {name}"
        if name in flags
        else f"COUNT(*) AS {name}"
        for name in _STAT_CONDITIONS
    )
    columns = ", ".join(f"s.{k}" for k in keys.values())
    lead = "s.m, " if by_month else ""
    query = (
        f"SELECT {lead}{columns}, GROUPING({columns}) AS grouping_id, {counts} "  # noqa: S608 - fixed aliases; the ORM's inner query keeps its values as parameters
        f"FROM ({sql} OFFSET 0) s "
        f"GROUP BY GROUPING SETS ({', '.join(f'({lead}s.{k})' for k in keys.values())})"
    )

    # The converters the ORM applies to each group expression (e.g. the month, truncated in
    # the local time zone, made aware again), so the values equal the per-dimension ones.
    def converter(key: str):
        expression = inner.query.annotations[key]
        functions = [
            *connection.ops.get_db_converters(expression),
            *expression.get_db_converters(connection),
        ]

        def convert(value):
            for function in functions:
                value = function(value, expression, connection)
            return value

        return convert

    converters = {d: converter(key) for d, key in keys.items()}
    month_value = converter("m") if by_month else None
    width = len(dimensions)
    first = 1 if by_month else 0
    out: dict[str, list[dict]] = {d: [] for d in dimensions}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for row in cursor.fetchall():
            grouping_id = row[first + width]
            # GROUPING(a, b, …): bit set for each key NOT grouped, the first key highest.
            n = next(i for i in range(width) if not grouping_id & (1 << (width - 1 - i)))
            d = dimensions[n]
            group = {"stat_month": month_value(row[0])} if by_month else {}
            group["stat_group"] = converters[d](row[first + n])
            group.update(zip(STAT_COUNTS, row[first + width + 1 :], strict=True))
            out[d].append(group)
    return out


def stat_counts(
    *, cases: QuerySet, dimensions: list[str], by_month: bool = False
) -> dict[str, list[dict]]:
    """The groups of each dimension over ``cases`` with the counts of ``_STAT_CONDITIONS``
    (``stat_group`` and, with ``by_month``, ``stat_month``; not named): on PostgreSQL one pass
    when there are several dimensions, elsewhere one grouped query each."""
    cases = cases.order_by()
    if connection.vendor == "postgresql" and len(dimensions) > 1:
        return _counts_one_pass(cases, list(dimensions), by_month=by_month)
    return _counts_per_dimension(cases, list(dimensions), by_month=by_month)


def _stat_groups_by_dimension(
    *,
    scope: Scope,
    dimensions: list[str],
    start: datetime.date | None,
    end: datetime.date | None,
    count=None,
) -> dict[str, list[dict]]:
    """The live path, named: every group counted from the case table for the whole range (one
    pass on PostgreSQL when there are several dimensions; one query each elsewhere). The
    reference the monthly figures are tested against. ``count`` forces one way of counting
    (``_counts_one_pass`` or ``_counts_per_dimension``), for the test that they agree."""
    cases = _stat_cases(scope=scope, start=start, end=end).order_by()
    if count is None:
        counted = stat_counts(cases=cases, dimensions=list(dimensions))
    else:
        counted = count(cases, list(dimensions), by_month=False)
    return {d: _named(d, groups) for d, groups in counted.items()}
