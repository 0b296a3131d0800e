"""A month the dates cut is counted over its smaller part: the days inside the range (added) or
the month's days outside it (subtracted from the month's figures). Either way the groups equal
live aggregation (``stat_groups._stat_groups_by_dimension``), for every dimension and scope."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mashangjian.enums import DeclineReason
from mashangjian.models import CaseFiguresMark
from mashangjian.selectors import stat_figures, stat_groups
from mashangjian.selectors.stat_figures import RangePlan, range_plan
from mashangjian.services import cases as svc
from mashangjian.services.case_figures import case_figures_refresh

from .conftest import at
from .test_case_figures import (
    AFTER_MIDNIGHT,
    BEFORE_MIDNIGHT,
    _local,
    _submit_in,
    assert_figures_equal_live,
    figure_scopes,
)
from .test_county_scoping import Second

D = datetime.date


@pytest.fixture
def second(world):
    return Second(world)


@pytest.fixture
def scopes(world, second):
    return figure_scopes(world, second)


@pytest.mark.parametrize(
    ("start", "end", "plan"),
    [
        (None, None, RangePlan(months=(None, None))),
        (D(2025, 2, 1), D(2025, 6, 30), RangePlan(months=(D(2025, 2, 1), D(2025, 6, 1)))),
        (D(2024, 2, 1), D(2024, 2, 29), RangePlan(months=(D(2024, 2, 1), D(2024, 2, 1)))),
        # 9 days of February left out, 19 in: the month's figures minus the 9 days.
        (
            D(2025, 2, 10),
            None,
            RangePlan(months=(D(2025, 2, 1), None), subtracted=((D(2025, 2, 1), D(2025, 2, 9)),)),
        ),
        # 1 day of April left out at the end.
        (
            None,
            D(2025, 4, 29),
            RangePlan(months=(None, D(2025, 4, 1)), subtracted=((D(2025, 4, 30), D(2025, 4, 30)),)),
        ),
        # One day at each end: both live, no whole month between them.
        (
            D(2024, 12, 31),
            D(2025, 2, 1),
            RangePlan(
                months=(D(2025, 1, 1), D(2025, 1, 1)),
                added=((D(2024, 12, 31), D(2024, 12, 31)), (D(2025, 2, 1), D(2025, 2, 1))),
            ),
        ),
        # March: 17 days in, 14 out (subtracted); April: 10 in, 20 out (added).
        (
            D(2025, 3, 15),
            D(2025, 4, 10),
            RangePlan(
                months=(D(2025, 3, 1), D(2025, 3, 1)),
                added=((D(2025, 4, 1), D(2025, 4, 10)),),
                subtracted=((D(2025, 3, 1), D(2025, 3, 14)),),
            ),
        ),
        # Two live parts that touch: one range.
        (
            D(2025, 3, 30),
            D(2025, 4, 2),
            RangePlan(months=None, added=((D(2025, 3, 30), D(2025, 4, 2)),)),
        ),
        (D(2025, 3, 31), D(2025, 3, 31), RangePlan(months=None, added=((D(2025, 3, 31),) * 2,))),
        # Inside one month, cut at both ends: both outside parts subtracted.
        (
            D(2025, 3, 2),
            D(2025, 3, 30),
            RangePlan(
                months=(D(2025, 3, 1), D(2025, 3, 1)),
                subtracted=((D(2025, 3, 1),) * 2, (D(2025, 3, 31),) * 2),
            ),
        ),
        # A tie (15 days in, 15 out of April) stays live.
        (
            D(2025, 4, 16),
            None,
            RangePlan(months=(D(2025, 5, 1), None), added=((D(2025, 4, 16), D(2025, 4, 30)),)),
        ),
    ],
)
def test_a_range_plan_counts_the_smaller_part_of_each_cut_month(start, end, plan):
    assert range_plan(start, end) == plan


def test_without_subtraction_cut_months_are_counted_over_their_inside_days():
    assert range_plan(D(2025, 2, 10), D(2025, 4, 29), subtract=False) == RangePlan(
        months=(D(2025, 3, 1), D(2025, 3, 1)),
        added=((D(2025, 2, 10), D(2025, 2, 28)), (D(2025, 4, 1), D(2025, 4, 29))),
    )


# March has 31 days, April 30: ranges leaving 1, 15 and 29 days of March out, at its start and
# at its end; both ends inside March; across March and April (a month subtracted beside a month
# added: the live pass grouped by month too).
CUT_RANGES = [
    (D(2025, 3, 2), None),
    (D(2025, 3, 16), D(2025, 5, 31)),
    (D(2025, 3, 30), None),
    (None, D(2025, 3, 30)),
    (D(2025, 1, 1), D(2025, 3, 16)),
    (None, D(2025, 3, 2)),
    (D(2025, 3, 2), D(2025, 3, 30)),
    (D(2025, 3, 16), D(2025, 3, 16)),
    (D(2025, 3, 16), D(2025, 4, 15)),
    (D(2025, 3, 30), D(2025, 4, 29)),
    (D(2025, 2, 28), D(2025, 3, 2)),
]


def test_cut_months_counted_either_way_equal_live_aggregation(world, second, scopes):
    village, town, other = world.tree["village"], world.tree["town"], second.tree["village"]
    days = [
        _local(2025, 3, 1, 0, 30),  # 28 February in UTC
        at(2025, 3, 2, 9),
        at(2025, 3, 15, 9),
        at(2025, 3, 16, 9),
        at(2025, 3, 30, 9),
        BEFORE_MIDNIGHT,  # 31 March, 23:30
        AFTER_MIDNIGHT,
        at(2025, 4, 15, 9),
        at(2025, 4, 16, 9),
        at(2025, 4, 30, 9),
        at(2025, 2, 27, 9),
        at(2025, 5, 10, 9),
    ]
    cases = [_submit_in(world, (village, other)[n % 2], when) for n, when in enumerate(days)]
    # Groups found on one outside day only, which the subtraction must remove altogether.
    only_on_the_first = _submit_in(world, town, at(2025, 3, 1, 8))
    world.by(
        "office", svc.case_accept, only_on_the_first, department=world.jiaoyu, reason="教育局主管"
    )
    only_on_the_last = _submit_in(world, town, at(2025, 3, 31, 8))
    world.by(
        "office", svc.case_decline, only_on_the_last, reason=DeclineReason.NOT_BURDEN, note="不属于"
    )
    world.by("office", svc.case_accept, cases[2], direct=True)
    assert any(range_plan(a, b).subtracted for a, b in CUT_RANGES)
    assert any(range_plan(a, b).added and range_plan(a, b).subtracted for a, b in CUT_RANGES)
    assert_figures_equal_live(scopes, ranges=CUT_RANGES)


_TIMESTAMP = re.compile(r"'(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[+-]\d\d(?::?\d\d)?)?)")


def _bounds(sql: str) -> set[datetime.datetime]:
    """The instants a query's SQL names (SQLite: naive UTC text; PostgreSQL: with an offset)."""
    out = set()
    for text in _TIMESTAMP.findall(sql):
        value = datetime.datetime.fromisoformat(text)
        out.add(value if value.tzinfo else value.replace(tzinfo=datetime.UTC))
    return out


def test_a_range_cutting_only_the_last_day_of_a_month_reads_only_that_day(world, second, scopes):
    for day in (1, 15, 30, 31):
        _submit_in(world, world.tree["village"], at(2025, 3, day, 9))
    _submit_in(world, second.tree["village"], at(2025, 4, 1, 9))
    scope = scopes["city"]
    dimensions = list(stat_groups.ALL_DIMENSIONS)
    case_figures_refresh(counties=None)
    with CaptureQueriesContext(connection) as captured:
        stat_figures._groups(
            scope=scope, dimensions=dimensions, start=D(2025, 2, 1), end=D(2025, 3, 30)
        )
    live = [q["sql"] for q in captured if '"mashangjian_case"' in q["sql"]]
    assert live  # the one day is counted live ...
    last_day = [
        timezone.make_aware(datetime.datetime(2025, 3, 31)),
        timezone.make_aware(datetime.datetime(2025, 4, 1)),
    ]
    for sql in live:  # ... and only that day: its local midnights are the only bounds
        assert _bounds(sql) == set(last_day), sql
    assert_figures_equal_live(scopes, ranges=[(D(2025, 2, 1), D(2025, 3, 30))])


def test_a_write_the_figures_do_not_have_yet_falls_back_to_adding(world, second, scopes):
    """A case counted live on a subtracted day but not in the figures (a write committed between
    the two statements; here: its mark removed) would leave a group at -1: the range is then
    counted the additive way, which equals live aggregation."""
    _submit_in(world, world.tree["village"], at(2025, 3, 20, 9))
    case_figures_refresh(counties=None)
    _submit_in(world, world.tree["town"], at(2025, 3, 1, 9))  # a group of its own
    CaseFiguresMark.objects.all().delete()
    assert_figures_equal_live(scopes, ranges=[(D(2025, 3, 2), None)])
