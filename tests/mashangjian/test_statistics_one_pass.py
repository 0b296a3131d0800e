"""Every table of a statistics page in one pass over the cases (issue 14, item 6).

On PostgreSQL the page's tables come from one GROUPING SETS query; it must give exactly the
groups and counts of the per-dimension queries (which SQLite keeps), for every dimension, with
and without dates, for every scope across two counties."""

import datetime

import pytest
from django.db import connection

from mashangjian import selectors
from mashangjian.enums import CaseStatus, Satisfaction
from mashangjian.models import Case, Category
from mashangjian.permissions import Scope, scope_for
from mashangjian.selectors import stat_groups as stats
from mashangjian.services import cases as svc
from tests.factories import make_user

from .conftest import at
from .test_county_scoping import Second

RANGES = [
    (None, None),
    (datetime.date(2025, 4, 1), None),
    (None, datetime.date(2025, 3, 31)),
    (datetime.date(2025, 2, 1), datetime.date(2025, 6, 30)),
    (datetime.date(2025, 3, 31), datetime.date(2025, 3, 31)),
]

# Local times on both sides of a local midnight, and one that is another day in UTC.
TIMES = [
    at(2025, 1, 15),
    at(2025, 2, 1, 0),
    at(2025, 3, 31, 23) + datetime.timedelta(minutes=59),
    at(2025, 4, 1, 0),
    at(2025, 4, 1, 7),  # 2025-03-31 23:00 UTC
    at(2025, 6, 30, 23),
    at(2025, 7, 1, 0),
    at(2025, 11, 20),
]


@pytest.fixture
def second(world):
    return Second(world)


@pytest.fixture
def varied(world, second):
    """Cases in both counties with every kind of group and figure: declined, direct, routed and
    unrouted, with and without a subject department, every rating, prohibited or not, over
    months and local-midnight boundaries."""
    other = Category.objects.exclude(pk=world.category.pk).order_by("code").first()
    regions = [
        world.tree["village"],
        world.tree["town"],
        world.tree["community"],
        second.tree["village"],
    ]
    ratings = ["", Satisfaction.SATISFIED, Satisfaction.BASICALLY, Satisfaction.UNSATISFIED]
    checks = [None, {"prohibited": True}, {"prohibited": False}, {}]
    for n in range(40):
        region = regions[n % len(regions)]
        first_county = region.pk != second.tree["village"].pk
        case = svc.case_submit(
            category=world.category if n % 3 else other,
            region=region,
            content=f"第{n + 1}件：重复要求填报留守儿童情况表格。",
            now=TIMES[n % len(TIMES)],
        ).case
        status = [CaseStatus.CLOSED, CaseStatus.DECLINED, CaseStatus.HANDLING, CaseStatus.CLOSED][
            n % 4
        ]
        department = (world.minzheng, world.jiaoyu, None)[n % 3] if first_county else None
        if not first_county and n % 2:
            department = second.minzheng
        Case.objects.filter(pk=case.pk).update(
            status=status,
            direct=n % 5 == 0 and status != CaseStatus.DECLINED,
            handler_department=None if status == CaseStatus.DECLINED else department,
            subject_department=world.tongji if first_county and n % 2 else None,
            accepted_on_time=(True, False, None)[n % 3],
            closed_on_time=(True, False, None)[n % 3] if status == CaseStatus.CLOSED else None,
            satisfaction=ratings[n % 4] if status == CaseStatus.CLOSED else "",
            first_satisfaction=Satisfaction.UNSATISFIED if n % 7 == 0 else "",
            check_result=checks[n % 4],
        )
    return second


def _scopes(world, second) -> dict[str, Scope]:
    from cms.roles import city_role_setup

    city_user = make_user("city_viewer", city_role_setup(city=world.tree["city"]))
    return {
        "city": scope_for(city_user),
        "first office": world.office_scope,
        "second office": scope_for(second.office_user),
        "superuser": Scope(superuser=True),
        "nobody": Scope(),
    }


def _canonical(groups: list[dict]) -> list[tuple]:
    return sorted(
        (tuple(sorted((k, str(v)) for k, v in g.items())) for g in groups), key=lambda t: str(t)
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="GROUPING SETS: the one pass is PostgreSQL's"
)
def test_one_pass_equals_the_per_dimension_queries_on_postgresql(world, varied):
    dimensions = list(stats.COUNTY_DIMENSION) + list(stats.DIMENSIONS)
    for name, scope in _scopes(world, varied).items():
        for start, end in RANGES:
            one, each = (
                stats._stat_groups_by_dimension(
                    scope=scope, dimensions=dimensions, start=start, end=end, count=count
                )
                for count in (stats._counts_one_pass, stats._counts_per_dimension)
            )
            assert set(one) == set(each) == set(dimensions)
            for d in dimensions:
                assert _canonical(one[d]) == _canonical(each[d]), (name, start, end, d)
            if name == "city" and start is None and end is None:
                # Not vacuous: the groups are there, NULL groups included.
                assert {g["stat_group"] for g in one["subject"]} >= {None, world.tongji.pk}
                assert {g["stat_group"] for g in one["handler"]} >= {-1, -2, None}
                assert sum(g["bad"] for g in one["region"]) > 0
                assert len(one["month"]) >= 6 and len(one["county"]) == 2


def test_page_tables_equal_each_table_for_every_scope_and_range(world, varied):
    """The function the page uses (one pass on PostgreSQL, per dimension on SQLite) gives every
    table exactly as ``statistics_table`` does, published or not."""
    for name, scope in _scopes(world, varied).items():
        dimensions = list(selectors.dimensions_for(scope))
        for start, end in RANGES:
            for publish in (False, True):
                tables = selectors.statistics_tables(
                    scope=scope, dimensions=dimensions, start=start, end=end, publish=publish
                )
                assert list(tables) == dimensions
                for d in dimensions:
                    table = selectors.statistics_table(
                        scope=scope, dimension=d, start=start, end=end, publish=publish
                    )
                    assert tables[d] == table, (name, start, end, publish, d)


def test_dates_count_the_local_days_from_start_to_end(world, varied):
    """The dates bound ``submitted_at`` at local midnights (an index can serve them): the
    cases counted are those whose local date lies in the range, as before."""
    scope = Scope(superuser=True)
    for start, end in RANGES:
        qs = Case.objects.all()
        if start:
            qs = qs.filter(submitted_at__date__gte=start)
        if end:
            qs = qs.filter(submitted_at__date__lte=end)
        table = selectors.statistics_table(scope=scope, dimension="county", start=start, end=end)
        assert table.total.total == qs.count(), (start, end)
    # 23:59 on 31 March counts; 07:00 on 1 April (still 31 March in UTC) does not.
    day = datetime.date(2025, 3, 31)
    table = selectors.statistics_table(scope=scope, dimension="month", start=day, end=day)
    assert [r.key for r in table.rows] == ["2025-03"]
    assert table.total.total == 5
