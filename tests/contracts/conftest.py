"""Contract tests run published tools against a live server (pytest-django's ``live_server``)."""

import pytest
from django.core.cache import cache


@pytest.fixture
def open_limits(settings):
    """Rate limits off: the fuzzer sends hundreds of requests from one address."""
    settings.MASHANGJIAN_RATE_LIMITS = {"submit": "0/60", "lookup": "0/60"}
    settings.CHECK_RATE_LIMIT = "0/60"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _root_page(wagtail_root):
    """Every contract test runs on a live server with Wagtail's root page (tests/conftest.py)."""


@pytest.fixture
def county_world(db):
    """The mashangjian test county."""
    from mashangjian.services import calendar as calendar_services
    from tests.mashangjian.conftest import World

    calendar_services.calendar_seed(years=range(2024, 2028))
    return World()
