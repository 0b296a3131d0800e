"""The monthly statistics figures equal live aggregation after every kind of write.

The reference is the live path (``stat_groups._stat_groups_by_dimension``: every group counted
from the case table over the range). The page's path (``stat_figures._groups``) reads whole
months from ``CaseMonthFigures`` (refreshed first for the months the triggers marked) and counts
the months the dates cut live (their inside days added, or their outside days subtracted:
``test_stat_figures.py``). Both must give the same groups, for every dimension, scope and range,
after submissions, the handling services, ``QuerySet.update``, deletes and cases on both sides
of a local month boundary (a different day in UTC)."""

import datetime
import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.roles import city_role_setup
from mashangjian.enums import CaseStatus, DeclineReason, Satisfaction
from mashangjian.models import Case, CaseFiguresMark, CaseMonthFigures
from mashangjian.permissions import Scope, scope_for
from mashangjian.selectors import stat_groups, statistics
from mashangjian.services import cases as svc
from mashangjian.services.case_figures import case_figures_rebuild, case_figures_refresh
from tests.factories import make_user

from .conftest import at, submit
from .test_county_scoping import Second

RANGES = [
    (None, None),
    # on month boundaries: the figures alone
    (datetime.date(2025, 2, 1), datetime.date(2025, 6, 30)),
    (datetime.date(2025, 4, 1), None),
    (None, datetime.date(2025, 3, 31)),
    # inside months: the cut months live
    (datetime.date(2025, 3, 15), datetime.date(2025, 4, 10)),
    (datetime.date(2025, 3, 31), datetime.date(2025, 3, 31)),
    (datetime.date(2025, 2, 10), datetime.date(2025, 6, 20)),
    (datetime.date(2025, 3, 2), None),
    (None, datetime.date(2025, 4, 29)),
]
DIMENSIONS = list(stat_groups.ALL_DIMENSIONS)


def _local(y, m, d, hour, minute):
    return at(y, m, d, hour) + datetime.timedelta(minutes=minute)


# 23:30 local on 31 March is 15:30 UTC the same day; 00:30 local on 1 April is 16:30 UTC on
# 31 March: another month locally, the same day in UTC.
BEFORE_MIDNIGHT = _local(2025, 3, 31, 23, 30)
AFTER_MIDNIGHT = _local(2025, 4, 1, 0, 30)


@pytest.fixture
def second(world):
    return Second(world)


def figure_scopes(world, second) -> dict[str, Scope]:
    """A city role over both counties, each office, a superuser."""
    return {
        "city": scope_for(make_user("city_viewer", city_role_setup(city=world.tree["city"]))),
        "first office": world.office_scope,
        "second office": scope_for(second.office_user),
        "superuser": Scope(superuser=True),
    }


@pytest.fixture
def scopes(world, second) -> dict[str, Scope]:
    return figure_scopes(world, second)


def _by_group(groups: list[dict]) -> dict:
    return {g["stat_group"]: g for g in groups}


def assert_figures_equal_live(scopes: dict[str, Scope], ranges=RANGES) -> None:
    for name, scope in scopes.items():
        for start, end in ranges:
            live = stat_groups._stat_groups_by_dimension(
                scope=scope, dimensions=DIMENSIONS, start=start, end=end
            )
            figures = statistics._groups(scope=scope, dimensions=DIMENSIONS, start=start, end=end)
            for d in DIMENSIONS:
                assert _by_group(figures[d]) == _by_group(live[d]), (name, start, end, d)


def _submit_in(world, region, when):
    content = f"{when:%m月%d日%H时%M分}：要求村里重复填报同一张报表。"
    return submit(world, content, region=region, now=when).case


def test_figures_equal_live_aggregation_after_every_kind_of_write(world, second, scopes):
    village, town = world.tree["village"], world.tree["town"]
    other = second.tree["village"]
    # Submissions through the real service (its raw INSERT on PostgreSQL), both counties.
    cases = [
        _submit_in(world, [village, town, other][n % 3], at(2025, 1 + n % 6, 3 + n, 9))
        for n in range(12)
    ]
    edge_before = _submit_in(world, village, BEFORE_MIDNIGHT)
    edge_after = _submit_in(world, other, AFTER_MIDNIGHT)
    assert_figures_equal_live(scopes)
    assert CaseFiguresMark.objects.count() == 0  # every mark taken by the refresh
    months = {(f.dimension, f.month) for f in CaseMonthFigures.objects.filter(dimension="month")}
    assert ("month", datetime.date(2025, 3, 1)) in months
    assert ("month", datetime.date(2025, 4, 1)) in months
    assert (
        sum(f.n for f in CaseMonthFigures.objects.filter(dimension="county", county=second.county))
        == Case.objects.filter(county=second.county).count()
    )

    # The handling services: accept, route, answer, review, rate; decline; a direct case.
    first_county = [c for c in cases if c.county_id == world.county.pk]
    case = first_county[0]
    world.by("office", svc.case_accept, case, department=world.minzheng)
    world.by("minzheng", svc.case_answer, case, answer="已协调取消重复报表。")
    world.by("office", svc.case_review, case, approve=True)
    svc.case_rate(case=case, satisfaction=Satisfaction.UNSATISFIED)
    world.by(
        "office",
        svc.case_decline,
        first_county[1],
        reason=DeclineReason.NOT_BURDEN,
        note="不属于受理范围",
    )
    world.by("office", svc.case_accept, first_county[2], direct=True)
    world.by("office", svc.case_accept, edge_before, department=world.jiaoyu, reason="教育局主管")
    assert_figures_equal_live(scopes)

    # QuerySet.update: no save, no signal.
    Case.objects.filter(pk__in=[c.pk for c in cases[3:9]]).update(
        accepted_on_time=True,
        closed_on_time=False,
        status=CaseStatus.CLOSED,
        satisfaction=Satisfaction.BASICALLY,
        subject_department=world.tongji,
        check_result={"prohibited": True},
    )
    assert_figures_equal_live(scopes)

    # A case moved to another month and county (OLD and NEW are both marked).
    Case.objects.filter(pk=edge_after.pk).update(
        submitted_at=BEFORE_MIDNIGHT, county=world.county, region=village
    )
    assert_figures_equal_live(scopes)

    # Deletes, down to a county-month with no case left.
    Case.objects.filter(pk__in=[cases[0].pk, edge_before.pk, edge_after.pk]).delete()
    assert_figures_equal_live(scopes)
    assert not CaseMonthFigures.objects.filter(county=second.county, month="2025-04-01").exists()


def test_trigger_months_are_the_local_months_of_the_orm(world, second):
    """The trigger's month equals ``TruncMonth`` in Asia/Shanghai at a month's boundary."""
    before = _submit_in(world, world.tree["village"], BEFORE_MIDNIGHT)
    after = _submit_in(world, second.tree["village"], AFTER_MIDNIGHT)
    assert before.submitted_at.astimezone(datetime.UTC).day == 31
    assert after.submitted_at.astimezone(datetime.UTC).day == 31
    marks = set(CaseFiguresMark.objects.values_list("county_id", "month"))
    assert marks == {
        (world.county.pk, datetime.date(2025, 3, 1)),
        (second.county.pk, datetime.date(2025, 4, 1)),
    }
    assert case_figures_refresh(counties=None) == 2
    assert not CaseFiguresMark.objects.exists()


def test_a_refresh_takes_only_the_marks_of_the_counties_read(world, second, scopes):
    _submit_in(world, world.tree["village"], at(2025, 5, 5))
    _submit_in(world, second.tree["village"], at(2025, 5, 6))
    statistics.statistics_table(scope=scopes["second office"], dimension="region")
    assert set(CaseFiguresMark.objects.values_list("county_id", flat=True)) == {world.county.pk}
    assert_figures_equal_live(scopes, ranges=[(None, None)])


def _grouped_case_queries(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured
        if '"mashangjian_case"' in q["sql"] and "GROUP BY" in q["sql"].upper()
    ]


def test_the_default_page_groups_no_case_once_refreshed(client, world, second):
    """With the figures refreshed, the city role's default page (every table and the charts)
    reads the monthly figures only: no query groups the case table."""
    for n in range(8):
        region = (world.tree["village"], second.tree["village"])[n % 2]
        _submit_in(world, region, at(2025, 1 + n, 10))
    client.force_login(make_user("city_viewer", city_role_setup(city=world.tree["city"])))
    url = reverse("mashangjian_admin:statistics")
    assert client.get(url).status_code == 200  # the first page refreshes the marked months
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    assert page.status_code == 200
    assert _grouped_case_queries(captured) == []
    assert "合计" in page.content.decode()
    # Dates on month boundaries: still the figures alone.
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url + "?start=2025-02-01&end=2025-06-30").status_code == 200
    assert _grouped_case_queries(captured) == []
    # A date inside a month: that month's days are counted live (one pass on PostgreSQL).
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url + "?start=2025-02-10&end=2025-06-30").status_code == 200
    live = _grouped_case_queries(captured)
    assert len(live) == (1 if connection.vendor == "postgresql" else len(DIMENSIONS))
    # After a write, only the marked county-month is recounted.
    Case.objects.filter(county=world.county).update(accepted_on_time=False)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    recount = _grouped_case_queries(captured)
    assert recount and all('"county_id" = ' in sql for sql in recount)


def test_refresh_case_figures_rebuilds_every_month(world, second, scopes):
    _submit_in(world, world.tree["village"], at(2025, 2, 5))
    _submit_in(world, second.tree["village"], at(2025, 3, 6))
    case_figures_refresh(counties=None)
    CaseMonthFigures.objects.update(n=999)  # figures gone wrong (a restore, say)
    call_command("refresh_case_figures", "--county", second.county.code, stdout=io.StringIO())
    assert set(CaseMonthFigures.objects.filter(n=999).values_list("county_id", flat=True)) == {
        world.county.pk
    }
    call_command("refresh_case_figures", "--dry-run", stdout=io.StringIO())
    assert CaseMonthFigures.objects.filter(n=999).exists()
    call_command("refresh_case_figures", stdout=io.StringIO())
    assert not CaseMonthFigures.objects.filter(n=999).exists()
    assert_figures_equal_live(scopes, ranges=[(None, None)])
    with pytest.raises(CommandError, match="不是县级区划"):
        call_command("refresh_case_figures", "--county", world.tree["town"].code)
    assert case_figures_rebuild(counties=[world.county.pk]) > 0


def test_triggers_come_back_after_migrate_and_old_cases_are_marked(world, second, scopes):
    """SQLite drops a table's triggers when a migration rebuilds it: post_migrate re-asserts
    them. Cases stored before the triggers (migration 0006) are marked by ``mark_every_month``."""
    from mashangjian import db_triggers

    db_triggers.drop_case_figures_triggers(connection)
    _submit_in(world, world.tree["village"], BEFORE_MIDNIGHT)
    _submit_in(world, second.tree["village"], at(2025, 6, 2))
    assert not CaseFiguresMark.objects.exists()
    db_triggers.mark_every_month(connection)
    assert set(CaseFiguresMark.objects.values_list("county_id", "month")) == {
        (world.county.pk, datetime.date(2025, 3, 1)),
        (second.county.pk, datetime.date(2025, 6, 1)),
    }
    assert_figures_equal_live(scopes, ranges=[(None, None)])
    from mashangjian.apps import _reassert_triggers

    _reassert_triggers(sender=None)
    _reassert_triggers(sender=None)  # idempotent
    _submit_in(world, world.tree["village"], AFTER_MIDNIGHT)
    assert set(CaseFiguresMark.objects.values_list("month", flat=True)) == {
        datetime.date(2025, 4, 1)
    }
    assert_figures_equal_live(scopes, ranges=[(None, None)])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two writers at once: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_writer_committing_during_a_refresh_leaves_its_mark(world):
    """A write whose county-month is already marked, committed only after a refresh took that
    mark and recounted: its own mark (its transaction's) stays for the next refresh."""
    case = _submit_in(world, world.tree["village"], at(2025, 5, 5))
    _submit_in(world, world.tree["village"], at(2025, 5, 6))
    case_figures_refresh(counties=None)
    Case.objects.filter(pk=case.pk).update(accepted_on_time=False)  # committed: a mark
    written, go = threading.Event(), threading.Event()

    def writer():
        try:
            with transaction.atomic():
                Case.objects.filter(pk=case.pk).update(accepted_on_time=True)
                written.set()
                go.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    assert written.wait(10)
    assert case_figures_refresh(counties=None) == 1  # the committed mark; not the writer's
    go.set()
    thread.join(10)
    scope = world.office_scope
    live = stat_groups._stat_groups_by_dimension(
        scope=scope, dimensions=DIMENSIONS, start=None, end=None
    )
    assert sum(g["acc_num"] for g in live["county"]) == 1
    assert CaseFiguresMark.objects.count() == 1  # the writer's own
    figures = statistics._groups(scope=scope, dimensions=DIMENSIONS, start=None, end=None)
    for d in DIMENSIONS:
        assert _by_group(figures[d]) == _by_group(live[d]), d
