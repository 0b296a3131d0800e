"""码上减 statistics: tables by dimension counted in the database, small numbers hidden from
those not entitled to the cases behind them, and the monthly series of the charts."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    Value,
    When,
)
from django.db.models import Case as SqlCase
from django.db.models.functions import TruncMonth
from django.utils import timezone

from registry.enums import RegionLevel
from registry.models import Department, Region

from ..enums import MIN_CELL, SATISFIED_VALUES, CaseStatus
from ..models import Case, Category
from ..permissions import Scope


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int
    entitled: bool = False  # the viewer may see every case counted (the office)

    @property
    def shown(self) -> bool:
        return self.denominator >= (1 if self.entitled else MIN_CELL)

    @property
    def percent(self) -> float | None:
        return round(100 * self.numerator / self.denominator, 1) if self.shown else None

    def __str__(self) -> str:
        return f"{self.percent}%" if self.shown else "—"


@dataclass(frozen=True)
class StatRow:
    key: str
    label: str
    total: int
    accepted_on_time: Rate
    closed_on_time: Rate
    satisfied: Rate
    prohibited: int = 0  # complaints whose admission check found a task that may not be assigned
    # Hidden although it has MIN_CELL cases or more: otherwise the one small row could be
    # recovered from the total by subtraction (complementary suppression).
    hidden: bool = False
    entitled: bool = False  # the viewer may see every case counted (the office)

    @property
    def suppressed(self) -> bool:
        """Small numbers are hidden only from viewers not entitled to the cases behind them;
        the office sees every case of its county anyway."""
        return not self.entitled and (self.total < MIN_CELL or self.hidden)

    @property
    def total_display(self) -> str:
        if self.hidden:
            return HIDDEN
        return f"<{MIN_CELL}" if self.suppressed else str(self.total)

    def cells(self) -> list[str]:
        """Display cells; a unit under MIN_CELL cases shows no figure at all."""
        if self.suppressed:
            return [self.label, self.total_display, "—", "—", "—", "—"]
        return [
            self.label,
            str(self.total),
            str(self.accepted_on_time),
            str(self.closed_on_time),
            str(self.satisfied),
            str(self.prohibited),
        ]

    def values(self) -> list:
        """Export cells with numbers as numbers (rates in per cent); hidden figures as text."""
        if self.suppressed:
            return [self.label, self.total_display, "—", "—", "—", "—"]
        rates = (self.accepted_on_time, self.closed_on_time, self.satisfied)
        return [
            self.label,
            self.total,
            *(r.percent if r.shown else "—" for r in rates),
            self.prohibited,
        ]


HIDDEN = "已隐藏"
STAT_HEADERS = ["单位", "件数", "受理及时率", "按期办结率", "满意率", "反映禁止交办事项（件）"]
EXPORT_HEADERS = [
    "单位",
    "件数",
    "受理及时率（%）",
    "按期办结率（%）",
    "满意率（%）",
    "反映禁止交办事项（件）",
]
DIMENSIONS = {
    "region": "乡镇（街道）",
    "subject": "被反映部门",
    "handler": "承办单位",
    "category": "问题类别",
    "month": "月份",
}
# Only for a scope over several counties (a city role, a superuser): one row per county.
COUNTY_DIMENSION = {"county": "县（市、区）"}
TOTAL_LABEL = "合计"


def dimensions_for(scope: Scope) -> dict[str, str]:
    """The statistics tables a scope is shown: by county first when it reads several counties."""
    if scope.superuser or len(scope.statistics_counties) > 1:
        return {**COUNTY_DIMENSION, **DIMENSIONS}
    return DIMENSIONS


@dataclass(frozen=True)
class StatTable:
    rows: list[StatRow]
    total: StatRow


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


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _stat_cases(*, scope: Scope, start: datetime.date | None, end: datetime.date | None):
    """The cases counted: the scope's counties, submitted from ``start`` to ``end`` (local
    dates, both included). The dates are bounds on ``submitted_at`` itself (local midnights),
    not on its date in the local time zone, so the database can use the index on the column;
    the cases counted are the same."""
    qs = Case.objects.filter(scope.statistics_filter())
    if start:
        qs = qs.filter(submitted_at__gte=_local_midnight(start))
    if end:
        qs = qs.filter(submitted_at__lt=_local_midnight(end + datetime.timedelta(days=1)))
    return qs.order_by()


def _named(dimension: str, groups: list[dict]) -> list[dict]:
    """``stat_key`` / ``stat_label`` of each group (one small query: ``_stats_labels``)."""
    labels = _stats_labels(dimension, [g["stat_group"] for g in groups])
    for g in groups:
        g["stat_key"], g["stat_label"] = labels[g["stat_group"]]
    return groups


def _stat_groups(
    *, scope: Scope, dimension: str, start: datetime.date | None, end: datetime.date | None
) -> list[dict]:
    """One row per group of ``dimension`` with the counts of ``_STAT_AGGREGATES`` (one grouped
    query over the case table, no join), and ``stat_key`` / ``stat_label`` named afterwards."""
    qs = _stat_cases(scope=scope, start=start, end=end)
    groups = list(qs.values(stat_group=_stats_group(dimension)).annotate(**_STAT_AGGREGATES))
    return _named(dimension, groups)


def _stat_groups_per_dimension(
    *,
    scope: Scope,
    dimensions: list[str],
    start: datetime.date | None,
    end: datetime.date | None,
) -> dict[str, list[dict]]:
    """The groups of each dimension, one grouped query per dimension (any database)."""
    return {d: _stat_groups(scope=scope, dimension=d, start=start, end=end) for d in dimensions}


def _stat_groups_one_pass(
    *,
    scope: Scope,
    dimensions: list[str],
    start: datetime.date | None,
    end: datetime.date | None,
) -> dict[str, list[dict]]:
    """The groups of every dimension in ONE pass over the case table (PostgreSQL's GROUPING
    SETS): the same groups and counts as ``_stat_groups_per_dimension``.

    The inner query is the ORM's (the same filter, group expressions and conditions as the
    per-dimension queries); the outer one groups it once per dimension, and ``GROUPING()``
    says which dimension a row belongs to (a NULL group, e.g. no subject department, stays
    apart from the rows of other dimensions)."""
    keys = {d: f"g_{n}" for n, d in enumerate(dimensions)}
    flags = {name: f"f_{name}" for name, q in _STAT_CONDITIONS.items() if q is not None}
    inner = _stat_cases(scope=scope, start=start, end=end).values(
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
    query = (
        f"SELECT {columns}, GROUPING({columns}) AS grouping_id, {counts} FROM ({sql} OFFSET 0) s "  # noqa: S608 - fixed aliases; the ORM's inner query keeps its values as parameters
        f"GROUP BY GROUPING SETS ({', '.join(f'(s.{k})' for k in keys.values())})"
    )
    # The converters the ORM applies to each group expression (e.g. the month, truncated in
    # the local time zone, made aware again), so the values equal the per-dimension ones.
    converters = {}
    for d, key in keys.items():
        expression = inner.query.annotations[key]
        converters[d] = (
            [
                *connection.ops.get_db_converters(expression),
                *expression.get_db_converters(connection),
            ],
            expression,
        )
    width = len(dimensions)
    out: dict[str, list[dict]] = {d: [] for d in dimensions}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        names = list(_STAT_CONDITIONS)
        for row in cursor.fetchall():
            grouping_id = row[width]
            # GROUPING(a, b, …): bit set for each key NOT grouped, the first key highest.
            n = next(i for i in range(width) if not grouping_id & (1 << (width - 1 - i)))
            d = dimensions[n]
            value = row[n]
            functions, expression = converters[d]
            for convert in functions:
                value = convert(value, expression, connection)
            out[d].append({"stat_group": value, **dict(zip(names, row[width + 1 :], strict=True))})
    return {d: _named(d, groups) for d, groups in out.items()}


def _stat_groups_by_dimension(
    *,
    scope: Scope,
    dimensions: list[str],
    start: datetime.date | None,
    end: datetime.date | None,
) -> dict[str, list[dict]]:
    """One pass on PostgreSQL when there are several dimensions; one query each elsewhere."""
    if connection.vendor == "postgresql" and len(dimensions) > 1:
        return _stat_groups_one_pass(scope=scope, dimensions=dimensions, start=start, end=end)
    return _stat_groups_per_dimension(scope=scope, dimensions=dimensions, start=start, end=end)


def _bucket(group: dict) -> dict:
    return {
        "n": group["n"],
        "acc": [group["acc_num"], group["acc_den"]],
        "closed": [group["closed_num"], group["closed_den"]],
        "sat": [group["sat1_num"] + group["sat2_num"], group["sat1_den"] + group["sat2_den"]],
        "bad": group["bad"],
    }


def _new_bucket() -> dict:
    return {"n": 0, "acc": [0, 0], "closed": [0, 0], "sat": [0, 0], "bad": 0}


def _merge(into: dict, b: dict) -> None:
    into["n"] += b["n"]
    into["bad"] += b["bad"]
    for part in ("acc", "closed", "sat"):
        into[part] = [into[part][0] + b[part][0], into[part][1] + b[part][1]]


def _stat_row(key: str, label: str, b: dict, *, entitled: bool) -> StatRow:
    return StatRow(
        key=key,
        label=label,
        total=b["n"],
        accepted_on_time=Rate(*b["acc"], entitled=entitled),
        closed_on_time=Rate(*b["closed"], entitled=entitled),
        satisfied=Rate(*b["sat"], entitled=entitled),
        prohibited=b["bad"],
        entitled=entitled,
    )


def _protect(rows: list[StatRow], total: StatRow) -> list[StatRow]:
    """Complementary suppression: the rows partition the total, so a single hidden row would be
    the total minus the shown ones. Hide the next smallest row as well."""
    small = [r for r in rows if r.suppressed]
    shown = [r for r in rows if not r.suppressed]
    if len(small) != 1 or not shown or total.suppressed:
        return rows
    second = min(shown, key=lambda r: (r.total, r.key))
    return [dataclasses.replace(r, hidden=True) if r is second else r for r in rows]


def _check_dimension(dimension: str) -> None:
    if dimension not in DIMENSIONS and dimension not in COUNTY_DIMENSION:
        raise ValueError(dimension)


def _entitled(scope: Scope, publish: bool) -> bool:
    return scope.is_office and not publish and not scope.read_counties


def _table(dimension: str, groups: list[dict], *, entitled: bool) -> StatTable:
    buckets: dict[str, tuple[str, dict]] = {}
    whole = _new_bucket()
    for group in groups:
        b = _bucket(group)
        # Several groups may make one row (the villages of a township).
        _merge(
            buckets.setdefault(str(group["stat_key"]), (group["stat_label"], _new_bucket()))[1], b
        )
        _merge(whole, b)
    rows = [_stat_row(key, label, b, entitled=entitled) for key, (label, b) in buckets.items()]
    rows.sort(key=lambda r: r.key if dimension == "month" else (-r.total, r.key))
    total = _stat_row("total", TOTAL_LABEL, whole, entitled=entitled)
    return StatTable(rows=_protect(rows, total), total=total)


def statistics_table(
    *,
    scope: Scope,
    dimension: str,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    publish: bool = False,
) -> StatTable:
    """One table of 码上减 figures by ``dimension`` with its total row (one grouped query).

    The office sees every case of its county, so its own screen shows every number; a city role
    (``Scope.read_counties``) reads the figures of every county under the city, with small
    numbers hidden as for publication (it does not see the cases). ``publish`` gives the version
    for publication beyond the office: small numbers hidden, with a second cell hidden where one
    alone could be recovered from the total by subtraction."""
    _check_dimension(dimension)
    groups = _stat_groups(scope=scope, dimension=dimension, start=start, end=end)
    return _table(dimension, groups, entitled=_entitled(scope, publish))


def statistics_tables(
    *,
    scope: Scope,
    dimensions: list[str],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    publish: bool = False,
) -> dict[str, StatTable]:
    """The tables of several dimensions (a statistics page), each equal to its
    ``statistics_table``: on PostgreSQL counted in one pass over the case table (GROUPING
    SETS), elsewhere with one grouped query per dimension."""
    for dimension in dimensions:
        _check_dimension(dimension)
    by_dimension = _stat_groups_by_dimension(
        scope=scope, dimensions=list(dimensions), start=start, end=end
    )
    entitled = _entitled(scope, publish)
    return {d: _table(d, by_dimension[d], entitled=entitled) for d in dimensions}


def case_statistics(
    *,
    scope: Scope,
    dimension: str,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    publish: bool = False,
) -> list[StatRow]:
    return statistics_table(
        scope=scope, dimension=dimension, start=start, end=end, publish=publish
    ).rows


RATE_SERIES = {
    "accepted": ("accepted_on_time", "受理及时率"),
    "closed": ("closed_on_time", "按期办结率"),
    "satisfied": ("satisfied", "满意率"),
}


@dataclass(frozen=True)
class MonthSeries:
    """The last months, oldest first: cases per month and each rate (per cent) per month."""

    counts: list[tuple[str, int | None]]
    rates: dict[str, list[tuple[str, float | None]]]


def _month_labels(today: datetime.date, months: int) -> list[str]:
    labels = []
    y, m = today.year, today.month
    for _ in range(months):
        labels.append(f"{y:04d}-{m:02d}")
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return labels[::-1]


def monthly_series(
    *,
    scope: Scope,
    months: int = 12,
    today: datetime.date | None = None,
    publish: bool = False,
    month_table: StatTable | None = None,
) -> MonthSeries:
    """Counts and rates of the last ``months`` months up to ``today`` (one query, or none when
    the caller passes ``month_table``: the month table of the same scope and ``publish`` over
    every date, e.g. from ``statistics_tables`` without start or end).

    A count is ``None`` for a month hidden so that a single small month cannot be recovered
    from the total; a rate is ``None`` where the month's count is not shown or the rate rests
    on fewer than MIN_CELL cases (``Rate.shown``), as in the month table."""
    labels = _month_labels(today or timezone.localdate(), months)
    if month_table is None:
        month_table = statistics_table(scope=scope, dimension="month", publish=publish)
    rows = {r.key: r for r in month_table.rows}
    series: list[tuple[str, int | None]] = [
        (label, rows[label].total if label in rows else 0) for label in labels
    ]
    # As in the tables: one month under MIN_CELL beside a shown total would be recoverable.
    small = [v for _, v in series if 0 < v < MIN_CELL]
    shown = [(v, label) for label, v in series if v >= MIN_CELL]
    if len(small) == 1 and shown and (publish or not scope.is_office):
        hide = min(shown)[1]
        series = [(label, None if label == hide else v) for label, v in series]
    counts = dict(series)
    rates: dict[str, list[tuple[str, float | None]]] = {}
    for key, (attr, _) in RATE_SERIES.items():
        points = []
        for label in labels:
            row = rows.get(label)
            visible = row is not None and counts[label] is not None and not row.suppressed
            points.append((label, getattr(row, attr).percent if visible else None))
        rates[key] = points
    return MonthSeries(counts=series, rates=rates)


def monthly_counts(
    *, scope: Scope, months: int = 12, today: datetime.date | None = None, publish: bool = False
) -> list[tuple[str, int | None]]:
    """Cases per month for the last ``months`` months (oldest first), zeros included; ``None``
    for a month hidden so that a single small month cannot be recovered from the total."""
    return monthly_series(scope=scope, months=months, today=today, publish=publish).counts
