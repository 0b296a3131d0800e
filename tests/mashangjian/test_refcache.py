"""The per-process reference cache is versioned by the generations of its tables in the shared
cache (registry.generations): a change made by any process is seen through them, a cleared
cache gives a rebuild, and a write that bumps nothing is cached no longer than MAX_AGE."""

import datetime
import weakref

import pytest
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from mashangjian import refcache, selectors
from mashangjian.models import CalendarDay, Category, RoutingRule
from mashangjian.services import calendar as calendar_services
from mashangjian.services import setup
from registry import generations


@pytest.fixture(autouse=True)
def _fresh_cache():
    refcache.clear()
    yield
    refcache.clear()


def test_nothing_but_the_shared_cache_tells_this_process_of_a_write():
    """No signal reaches the snapshot directly: a write here and a write in another process
    (another web worker, the job worker, a shell) reach it the same way, through the
    generations in the shared cache. So the tests below that write here stand for both."""
    for signal in (post_save, post_delete):
        receivers = [r[1]() if isinstance(r[1], weakref.ref) else r[1] for r in signal.receivers]
        assert "mashangjian.refcache" not in {getattr(r, "__module__", "") for r in receivers}


def proposal(world, region=None):
    return selectors.routing_proposal(
        county=world.county,
        region=region or world.tree["village"],
        category=world.category,
        excluded=frozenset(),
    )


def test_routing_rule_changed_is_seen_through_the_generation(world):
    assert proposal(world) == world.minzheng  # the 西镇 rule; now cached
    setup.routing_rule_set(
        county=world.county,
        category=world.category,
        department=world.tongji,
        region=world.tree["town"],
    )
    assert proposal(world) == world.tongji


def test_rule_deleted_is_seen(world):
    assert proposal(world) == world.minzheng
    RoutingRule.objects.get(region=world.tree["town"], category=world.category).delete()
    assert proposal(world) == world.jiaoyu  # the county-wide rule


def test_holiday_added_moves_the_deadline(world):
    day = datetime.date(2027, 3, 1)  # a Monday
    before = selectors.work_calendar(years=range(2027, 2028))
    assert before.is_workday(day)
    calendar_services.calendar_day_set(date=day, is_workday=False, name="测试假日")
    assert not selectors.work_calendar(years=range(2027, 2028)).is_workday(day)


def test_a_write_that_sends_no_signal_is_seen_once_its_table_is_bumped(world):
    assert proposal(world) == world.minzheng
    RoutingRule.objects.filter(region=world.tree["town"]).update(department=world.tongji)
    assert proposal(world) == world.minzheng  # update() sends no signal: still cached
    generations.bump(RoutingRule)  # what a bulk write does after it (any process)
    assert proposal(world) == world.tongji


@pytest.mark.parametrize(
    "change",
    [
        lambda w: Category.objects.get(code="TBBS").save(),
        lambda w: RoutingRule.objects.filter(region=w.tree["town"]).first().save(),
        lambda w: CalendarDay.objects.first().delete(),
        lambda w: w.tree["village"].save(),
        lambda w: w.tongji.save(),
    ],
    ids=["category", "routing rule", "calendar day", "region", "department"],
)
def test_a_change_to_each_cached_table_drops_the_snapshot(world, change):
    selectors.category_by_code("TBBS")
    snapshot = refcache._current()
    assert refcache._current() is snapshot  # nothing changed: the same snapshot
    change(world)
    assert refcache._current() is not snapshot


def test_a_cleared_shared_cache_rebuilds_the_snapshot(world):
    """Redis restarted or flushed: the generations start again from new random tokens, which
    never equal the ones the snapshot was built under."""
    assert selectors.category_by_code("TBBS").name == world.category.name
    Category.objects.filter(code="TBBS").update(name="改名后的类别")  # no signal, no bump
    cache.clear()
    assert selectors.category_by_code("TBBS").name == "改名后的类别"


def test_writes_that_bump_nothing_are_seen_after_max_age(world, monkeypatch):
    assert selectors.category_by_code("TBBS").name == world.category.name
    Category.objects.filter(code="TBBS").update(name="改名后的类别")
    assert selectors.category_by_code("TBBS").name == world.category.name  # within MAX_AGE
    monkeypatch.setattr(refcache, "MAX_AGE", -1.0)
    assert selectors.category_by_code("TBBS").name == "改名后的类别"


def test_lookups(world):
    village = selectors.region_by_code(world.tree["village"].code)
    assert village == world.tree["village"]
    assert village.county == world.county
    assert selectors.region_by_code("999999999999") is None
    assert selectors.category_by_code("NOPE") is None and selectors.category_by_code(" ") is None
    found = selectors.department_by_code(county=world.county, code=world.jiaoyu.code)
    assert found == world.jiaoyu
    assert selectors.department_by_code(county=world.county, code="nope") is None


def test_pinned_block_checks_the_version_once_without_sql(world, django_assert_num_queries):
    code = world.tree["village"].code
    with refcache.pinned():  # warm
        selectors.category_by_code("TBBS")
        selectors.region_by_code(code)
        proposal(world)
        selectors.work_calendar(years=range(2025, 2027))
    with django_assert_num_queries(0), refcache.pinned():  # the version is in the shared cache
        assert selectors.category_by_code("TBBS") == world.category
        assert selectors.region_by_code(code) == world.tree["village"]
        assert proposal(world) == world.minzheng
        selectors.work_calendar(years=range(2025, 2027))
    with django_assert_num_queries(0):  # a cached region's lineage needs no query either
        assert selectors.region_by_code(code).county == world.county
