"""码上减 statistics: tables by dimension counted in the database, small numbers hidden from
those not entitled to the cases behind them, and the monthly series of the charts.

The groups come from ``stat_figures._groups``: whole months from the monthly figures
(``CaseMonthFigures``), a month that the 起/止 dates cut counted live from the case table over
its smaller part (``stat_groups.py``, which the figures are recomputed with)."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from django.utils import timezone

from ..enums import MIN_CELL
from ..permissions import Scope
from .stat_figures import _groups
from .stat_groups import COUNTY_DIMENSION, DIMENSIONS


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
TOTAL_LABEL = "合计"
STAT_HEADERS = ["单位", "件数", "受理及时率", "按期办结率", "满意率", "反映禁止交办事项（件）"]
EXPORT_HEADERS = [
    "单位",
    "件数",
    "受理及时率（%）",
    "按期办结率（%）",
    "满意率（%）",
    "反映禁止交办事项（件）",
]


def dimensions_for(scope: Scope) -> dict[str, str]:
    """The statistics tables a scope is shown: by county first when it reads several counties."""
    if scope.superuser or len(scope.statistics_counties) > 1:
        return {**COUNTY_DIMENSION, **DIMENSIONS}
    return DIMENSIONS


@dataclass(frozen=True)
class StatTable:
    rows: list[StatRow]
    total: StatRow


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
    """One table of 码上减 figures by ``dimension`` with its total row (``_groups``: the monthly
    figures, and the cut months live).

    The office sees every case of its county, so its own screen shows every number; a city role
    (``Scope.read_counties``) reads the figures of every county under the city, with small
    numbers hidden as for publication (it does not see the cases). ``publish`` gives the version
    for publication beyond the office: small numbers hidden, with a second cell hidden where one
    alone could be recovered from the total by subtraction."""
    _check_dimension(dimension)
    groups = _groups(scope=scope, dimensions=[dimension], start=start, end=end)[dimension]
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
    ``statistics_table``: one query over the monthly figures; with a date that cuts a month,
    that month's days counted live (on PostgreSQL in one pass over them, GROUPING SETS;
    elsewhere one grouped query per dimension)."""
    for dimension in dimensions:
        _check_dimension(dimension)
    by_dimension = _groups(scope=scope, dimensions=list(dimensions), start=start, end=end)
    entitled = _entitled(scope, publish)
    return {d: _table(d, by_dimension[d], entitled=entitled) for d in dimensions}


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
