import pytest
from django.core.cache import cache

from tests.factories import make_county_tree


@pytest.fixture(autouse=True)
def _fresh_admission_index():
    """Every test starts with an empty in-process match-index cache. Its key is the ids of the
    versions in force, and a rolled-back test gives its ids back on SQLite: the next test's
    different lists could otherwise be answered from the earlier test's index. The same holds for
    a county's decided tasks kept per process."""
    from registry.admission_index import index_cache_clear
    from registry.selectors.admissions import precedents_cache_clear

    index_cache_clear()
    precedents_cache_clear()


@pytest.fixture
def clear_cache():
    """The shared cache empty before and after the test (page cache, rate limits, counters).
    A module that needs it for every test says ``pytestmark = pytest.mark.usefixtures(...)``."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree(db):
    return make_county_tree()


@pytest.fixture
def wagtail_root(transactional_db):
    """The tests are transactional (a live server): an earlier transactional test may have
    flushed Wagtail's migrated root page and locale, so they are made again when missing."""
    from wagtail.models import Locale, Page

    if not Page.objects.filter(depth=1).exists():
        Locale.objects.get_or_create(language_code="zh-hans")
        Page.add_root(title="Root", slug="root")
