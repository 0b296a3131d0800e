"""registry/generations.py: per-table generations in the shared cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management.sql import emit_post_migrate_signal
from django.db import transaction
from django.test import override_settings

from registry import generations
from registry.models import Department, Region
from tests.factories import make_county_tree, make_department


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_current_is_stable_until_a_bump():
    first = generations.current("registry.region", "registry.department")
    assert generations.current("registry.region", "registry.department") == first
    generations.bump("registry.region")
    after = generations.current("registry.region", "registry.department")
    assert after != first
    assert after[2] == first[2]  # the department's generation did not move


def test_a_model_and_its_label_name_the_same_table():
    generations.bump(Region)
    assert generations.current(Region) == generations.current("registry.Region")


def test_bump_all_moves_every_table():
    before = generations.current("registry.region", "anything.else")
    generations.bump_all()
    after = generations.current("registry.region", "anything.else")
    assert after[0] != before[0] and after[1:] == before[1:]


def test_a_cleared_cache_never_gives_an_old_generation_back():
    """Counters would restart at the same values; random tokens never meet an old one."""
    seen = set()
    for _ in range(50):
        seen.add(generations.current("registry.region"))
        cache.clear()
    assert len(seen) == 50


def test_a_cache_that_keeps_nothing_never_matches():
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    with override_settings(CACHES={"default": dummy}):
        assert generations.current("registry.region") != generations.current("registry.region")


def test_tracked_models_bump_on_save_and_delete(db):
    tree = make_county_tree()
    before = generations.current(Department)
    dept = make_department(tree["county"], "县统计局")
    created = generations.current(Department)
    assert created != before
    dept.save()
    saved = generations.current(Department)
    assert saved != created
    dept.delete()
    assert generations.current(Department) != saved


def test_migrate_and_flush_bump_every_table(db):
    """Both end with post_migrate (data migrations and a flush send no save signals)."""
    before = generations.current(Region)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert generations.current(Region) != before


@pytest.mark.django_db(transaction=True)
def test_a_bump_inside_a_transaction_is_repeated_at_commit():
    with transaction.atomic():
        generations.bump(Region)
        during = generations.current(Region)
    assert generations.current(Region) != during


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_only_costs_a_rebuild():
    before = generations.current(Region)
    with pytest.raises(RuntimeError), transaction.atomic():
        generations.bump(Region)
        raise RuntimeError
    assert generations.current(Region) != before  # the immediate bump stands; harmless


def test_another_process_sharing_the_file_cache_sees_a_bump(tmp_path):
    """The default cache without Redis: files on the host. Each override opens the cache anew,
    keeping nothing in memory, as a separate process would."""
    files = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path),
    }
    with override_settings(CACHES={"default": files}):
        seen_by_a = generations.current(Region, Department)
    with override_settings(CACHES={"default": dict(files)}):  # process B
        assert generations.current(Region, Department) == seen_by_a
        generations.bump(Region)
    with override_settings(CACHES={"default": dict(files)}):  # process A again
        now = generations.current(Region, Department)
    assert now[1] != seen_by_a[1] and now[2] == seen_by_a[2]
