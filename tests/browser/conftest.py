"""Playwright (pip) driving Debian's chromium; never a downloaded browser.

Without chromium the browser tests are skipped locally, but fail in CI
(CI=true), where .ci/run installs it.
"""

import os
import shutil

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an event loop in this thread; Django must allow ORM calls anyway.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# The live server answers one request at a time: on SQLite the test database is one in-memory
# connection shared with the server thread, and a browser's parallel requests (page, sprite,
# jsi18n …) would otherwise open transactions inside each other.
class SerialWSGIServer(WSGIServer):
    """Django's WSGIServer, accepting the database connections the live server shares."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


LiveServerThread.server_class = SerialWSGIServer

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser():
    # Per test, not per session: Playwright's sync API runs an event loop in this thread
    # while it is open, and a second sync_playwright() (or later Django tests) must not
    # find one running.
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI 环境缺少 chromium（apt-get install -y chromium）。")
        pytest.skip("chromium not installed (apt-get install -y chromium fonts-wqy-microhei)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser):
    """A page in a phone-sized viewport (360 px wide), Chinese locale."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        locale="zh-CN",
        is_mobile=True,
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db, live_server):
    """The demo data (demo county and city) served by the live server: its URL."""
    from wagtail.models import Site

    call_command("load_demo_data", verbosity=0)
    Site.objects.filter(is_default_site=True).update(
        hostname="127.0.0.1", port=live_server.thread.port
    )
    cache.clear()
    return live_server.url


def fits_phone(page) -> None:
    """Nothing wider than the phone: no sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
