"""码上减 statistics: where the groups of a date range come from.

Whole months are summed from the monthly figures (``CaseMonthFigures``, refreshed first for the
county-months writes marked: ``services/case_figures.py``). A month the 起/止 dates cut is
counted live from the case table (``stat_groups.stat_counts``, the one home of the counting
rules) over whichever part is smaller: the days inside the range, added; or the month's days
outside it, subtracted from the month's figures (every figure is a count of cases, so a sum
over days: the subtraction is exact).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Case as SqlCase
from django.db.models import DateField, F, Sum, When
from django.utils import timezone

from ..models import Case, CaseMonthFigures
from ..permissions import Scope
from ..services.case_figures import case_figures_refresh
from .stat_groups import (
    STAT_COUNTS,
    _local_midnight,
    _named,
    month_after,
    stat_counts,
    submitted_between,
)

_ONE_DAY = datetime.timedelta(days=1)

Days = tuple[datetime.date, datetime.date]  # local dates, both included


@dataclass(frozen=True)
class RangePlan:
    """How the groups of a date range are counted.

    ``months``: the figures summed from the first to the last month (first days; ``None``: open),
    or ``None`` for no month at all. ``added``: days counted live and added (the days inside the
    range of a cut month whose outside part is not smaller). ``subtracted``: days counted live
    and subtracted (the days outside the range of a cut month taken from the figures)."""

    months: tuple[datetime.date | None, datetime.date | None] | None
    added: tuple[Days, ...] = ()
    subtracted: tuple[Days, ...] = ()


def _month_end(month: datetime.date) -> datetime.date:
    return month_after(month) - _ONE_DAY


def _joined(ranges: list[Days]) -> tuple[Days, ...]:
    """``ranges`` (ascending) with ranges that touch made one (one bound pair in the SQL)."""
    out: list[Days] = []
    for a, b in ranges:
        if out and out[-1][1] + _ONE_DAY == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return tuple(out)


def range_plan(
    start: datetime.date | None, end: datetime.date | None, *, subtract: bool = True
) -> RangePlan:
    """The plan for ``start`` to ``end`` (local dates, both included; ``None``: open).

    A cut month (a date inside it, not on its first or last day) is taken from the figures with
    its outside days subtracted when those are fewer than its inside days (``subtract``; a tie
    stays live); otherwise its inside days are added. Only the first and the last month of a
    range can be cut, so the months read from the figures stay one run."""
    first = None if start is None else start.replace(day=1)
    last = None if end is None else end.replace(day=1)
    cuts = []
    if start is not None and start.day != 1:
        cuts.append(first)
        first = month_after(first)
    if end is not None and end != _month_end(last):
        if not cuts or cuts[0] != last:
            cuts.append(last)
        last = (last - _ONE_DAY).replace(day=1)
    added: list[Days] = []
    subtracted: list[Days] = []
    for month in cuts:
        a = month if start is None or start < month else start
        b = _month_end(month) if end is None or end > _month_end(month) else end
        inside = (b - a).days + 1
        outside = (_month_end(month) - month).days + 1 - inside
        if not subtract or outside >= inside:
            added.append((a, b))
            continue
        if a > month:
            subtracted.append((month, a - _ONE_DAY))
        if b < _month_end(month):
            subtracted.append((b + _ONE_DAY, _month_end(month)))
        first = first if first is None else min(first, month)
        last = last if last is None else max(last, month)
    months = None if first is not None and last is not None and first > last else (first, last)
    return RangePlan(months=months, added=_joined(added), subtracted=_joined(subtracted))


def _figure_counts(
    counties: frozenset[int] | None,
    dimensions: list[str],
    first: datetime.date | None,
    last: datetime.date | None,
) -> dict[str, list[dict]]:
    """The groups of each dimension summed over the monthly figures of ``counties`` from month
    ``first`` to ``last`` (one query over the figures; the month dimension's group is its
    month, as ``TruncMonth`` gives it)."""
    rows = CaseMonthFigures.objects.filter(dimension__in=dimensions)
    if counties is not None:
        rows = rows.filter(county_id__in=counties)
    if first is not None:
        rows = rows.filter(month__gte=first)
    if last is not None:
        rows = rows.filter(month__lte=last)
    month = SqlCase(When(dimension="month", then=F("month")), output_field=DateField())
    out: dict[str, list[dict]] = {d: [] for d in dimensions}
    for row in (
        rows.values("dimension", "group", month_key=month)
        .annotate(**{name: Sum(name) for name in STAT_COUNTS})
        .order_by()
    ):
        dimension = row.pop("dimension")
        month_key, group = row.pop("month_key"), row.pop("group")
        row["stat_group"] = _local_midnight(month_key) if dimension == "month" else group
        out[dimension].append(row)
    return out


def _add(into: dict[str, dict], counted: dict[str, list[dict]], sign=lambda group: 1) -> None:
    """Add each group's counts into ``into`` (by dimension, then group), times ``sign(group)``."""
    for dimension, groups in counted.items():
        for group in groups:
            have = into[dimension].setdefault(
                group["stat_group"],
                {"stat_group": group["stat_group"], **dict.fromkeys(STAT_COUNTS, 0)},
            )
            factor = sign(group)
            for name in STAT_COUNTS:
                have[name] += factor * group[name]


def _live_counts(
    scope: Scope, dimensions: list[str], plan: RangePlan, merged: dict[str, dict]
) -> None:
    """Count the plan's live days in one pass (one query a dimension on SQLite) and add or
    subtract them; grouped by month as well only when both kinds are there (the month of a
    group tells its sign: added and subtracted days never share a month)."""
    ranges = [*plan.added, *plan.subtracted]
    if not ranges:
        return
    days = reduce(or_, (submitted_between(a, b) for a, b in ranges))
    cases = Case.objects.filter(scope.statistics_filter(), days)
    if not plan.subtracted:
        _add(merged, stat_counts(cases=cases, dimensions=dimensions))
    elif not plan.added:
        _add(merged, stat_counts(cases=cases, dimensions=dimensions), sign=lambda g: -1)
    else:
        minus = {a.replace(day=1) for a, _ in plan.subtracted}

        def sign(group: dict) -> int:
            return -1 if timezone.localtime(group["stat_month"]).date() in minus else 1

        _add(merged, stat_counts(cases=cases, dimensions=dimensions, by_month=True), sign=sign)


def _settled(merged: dict[str, dict]) -> dict[str, list[dict]] | None:
    """The groups with at least one case (the live path groups cases, so it has no empty
    group), or ``None`` when a subtraction left a count below zero or above its group's ``n``.

    That can only come from a write committed between the figures' query and the live count
    (READ COMMITTED: each statement sees its own snapshot), e.g. a case submitted on a
    subtracted day after the refresh: counted live, not yet in the figures. Counting the range
    the additive way then never shows an impossible figure. (As before the subtraction, a
    write committed while the page is counted may be seen by one of its statements and not by
    another: the page is exact again from the next request on.)"""
    out: dict[str, list[dict]] = {}
    for dimension, groups in merged.items():
        out[dimension] = []
        for group in groups.values():
            if any(not 0 <= group[name] <= group["n"] for name in STAT_COUNTS):
                return None
            if group["n"]:
                out[dimension].append(group)
    return out


def _groups(
    *,
    scope: Scope,
    dimensions: list[str],
    start: datetime.date | None,
    end: datetime.date | None,
    subtract: bool = True,
) -> dict[str, list[dict]]:
    """The named groups of each dimension for ``scope`` from ``start`` to ``end``: the marked
    county-months of the scope refreshed first, then ``range_plan``'s months summed from the
    monthly figures (one query) and its live days counted in one more pass over those days'
    cases only, merged by group. Equal to the live path (``stat_groups._stat_groups_by_dimension``)
    over the range; with neither date, the case table is not grouped at all (unless a write
    marked a month). ``subtract=False``: cut months always counted over their inside days."""
    counties = scope.statistics_county_ids()
    if counties is not None and not counties:
        return {d: [] for d in dimensions}
    case_figures_refresh(counties=counties)
    plan = range_plan(start, end, subtract=subtract)
    merged: dict[str, dict] = {d: {} for d in dimensions}
    if plan.months is not None:
        _add(merged, _figure_counts(counties, dimensions, *plan.months))
    _live_counts(scope, dimensions, plan, merged)
    settled = _settled(merged)
    if settled is None:  # only after a subtraction (see ``_settled``): once, additive
        return _groups(scope=scope, dimensions=dimensions, start=start, end=end, subtract=False)
    return {d: _named(d, settled[d]) for d in dimensions}
