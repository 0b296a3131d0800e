"""The per-process reference cache: a change made by another process is seen through the version
(the newest history row), a change made here drops the cache at once, and nothing else is cached
for longer than MAX_AGE."""

import datetime
from contextlib import contextmanager

import pytest
from django.db.models.signals import post_delete, post_save

from mashangjian import refcache, selectors
from mashangjian.models import CalendarDay, Category, RoutingRule
from mashangjian.services import calendar as calendar_services
from mashangjian.services import setup
from registry.models import Department, Region

MODELS = (Category, RoutingRule, CalendarDay, Region, Department)


@pytest.fixture(autouse=True)
def _fresh_cache():
    refcache.clear()
    yield
    refcache.clear()


@contextmanager
def as_another_process():
    """Writes in the block do not reach this process's signal handlers, as in another worker."""
    for model in MODELS:
        post_save.disconnect(dispatch_uid=f"msj_refcache_save_{model.__name__}", sender=model)
        post_delete.disconnect(dispatch_uid=f"msj_refcache_delete_{model.__name__}", sender=model)
    try:
        yield
    finally:
        for model in MODELS:
            post_save.connect(
                refcache._changed, sender=model, dispatch_uid=f"msj_refcache_save_{model.__name__}"
            )
            post_delete.connect(
                refcache._changed,
                sender=model,
                dispatch_uid=f"msj_refcache_delete_{model.__name__}",
            )


def proposal(world, region=None):
    return selectors.routing_proposal(
        county=world.county,
        region=region or world.tree["village"],
        category=world.category,
        excluded=frozenset(),
    )


def test_routing_rule_changed_elsewhere_is_seen_through_the_version(world):
    assert proposal(world) == world.minzheng  # the 西镇 rule; now cached
    with as_another_process():
        setup.routing_rule_set(
            county=world.county,
            category=world.category,
            department=world.tongji,
            region=world.tree["town"],
        )
    assert proposal(world) == world.tongji


def test_rule_deleted_elsewhere_is_seen(world):
    assert proposal(world) == world.minzheng
    with as_another_process():
        RoutingRule.objects.get(region=world.tree["town"], category=world.category).delete()
    assert proposal(world) == world.jiaoyu  # the county-wide rule


def test_holiday_added_elsewhere_moves_the_deadline(world):
    day = datetime.date(2027, 3, 1)  # a Monday
    before = selectors.work_calendar(years=range(2027, 2028))
    assert before.is_workday(day)
    with as_another_process():
        calendar_services.calendar_day_set(date=day, is_workday=False, name="测试假日")
    assert not selectors.work_calendar(years=range(2027, 2028)).is_workday(day)


def test_a_write_in_this_process_drops_the_cache_at_once(world):
    assert proposal(world) == world.minzheng
    RoutingRule.objects.filter(region=world.tree["town"]).update(department=world.tongji)
    assert proposal(world) == world.minzheng  # update() writes no history: cached
    RoutingRule.objects.get(region=world.tree["town"]).save()  # a save here clears the cache
    assert proposal(world) == world.tongji


def test_writes_without_history_are_seen_after_max_age(world, monkeypatch):
    assert selectors.category_by_code("TBBS").name == world.category.name
    with as_another_process():
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


def test_pinned_block_checks_the_version_once(world, django_assert_num_queries):
    code = world.tree["village"].code
    with refcache.pinned():  # warm
        selectors.category_by_code("TBBS")
        selectors.region_by_code(code)
        proposal(world)
        selectors.work_calendar(years=range(2025, 2027))
    with django_assert_num_queries(1), refcache.pinned():
        assert selectors.category_by_code("TBBS") == world.category
        assert selectors.region_by_code(code) == world.tree["village"]
        assert proposal(world) == world.minzheng
        selectors.work_calendar(years=range(2025, 2027))
    with django_assert_num_queries(1):  # a cached region's lineage needs no query either
        assert selectors.region_by_code(code).county == world.county
