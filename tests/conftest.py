import pytest
from django.core.cache import cache

from tests.factories import make_county_tree


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
