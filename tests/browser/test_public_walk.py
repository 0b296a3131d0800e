"""Phone walk through the demo county: home → 林源县 → 红松社区 → its lists → search 低保 → an item
→ the same list on an earlier date → compare two versions → print view (the one end-to-end test
that loads the demo county)."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import Site

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

playwright = pytest.importorskip("playwright.sync_api")

SHOTS = os.environ.get("PUBLIC_WALK_SHOTS", "")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture
def demo(transactional_db, live_server):
    call_command("load_demo_data", verbosity=0)
    Site.objects.filter(is_default_site=True).update(
        hostname="127.0.0.1", port=live_server.thread.port
    )
    cache.clear()
    return live_server.url


def _fits_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))


@pytest.mark.browser
def test_phone_walk(demo):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 360, "height": 740}, locale="zh-CN")
        page.goto(demo + "/")
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        page.get_by_role("link", name="青山市林源县").click()
        assert page.locator("h1").inner_text() == "林源县"
        _fits_phone(page)

        # Down to 红松社区 (a community under 红松街道).
        page.get_by_role("link", name="红松街道").click()
        page.get_by_role("link", name="红松社区").click()
        assert page.locator("h1").inner_text() == "红松社区"
        _shot(page, "community")
        _fits_phone(page)
        cards = page.locator(".list-cards .card")
        assert cards.count() == 5  # the five village-level lists, made by the county

        # Its lists keep the community context.
        page.get_by_role("link", name="出具证明事项清单", exact=True).click()
        assert "region=" in page.url
        assert "适用于" in page.locator(".context").inner_text()
        _fits_phone(page)

        # Search 低保 from the community page.
        page.go_back()
        page.get_by_label("在红松社区适用的清单中搜索").fill("低保")
        page.get_by_role("button", name="搜索").first.click()
        assert page.locator(".result").count() >= 1
        assert page.locator(".result mark").first.is_visible()
        _shot(page, "search")
        _fits_phone(page)

        # An item: the result links to its permalink anchor on the list page.
        page.locator(".result h2 a").first.click()
        anchor = page.url.split("#", 1)[1]
        assert page.locator(f"#{anchor}").is_visible()

        # The basic list of the county on an earlier date.
        page.goto(demo + "/990100000000/990123000000/township-basic/")
        assert "现行有效" in page.locator("#status").inner_text()
        page.get_by_label("查看某一天的版本").fill("2025-08-01")
        page.get_by_role("button", name="查看").first.click()
        assert page.url.endswith("/township-basic/2025-08-01/")
        banner = page.locator("#status").inner_text()
        assert "已失效" in banner and "第2版" in banner
        assert page.locator("#JB-060").is_visible()  # before it moved to the withdrawn list
        _shot(page, "as-of")
        _fits_phone(page)

        # Compare the two versions.
        page.get_by_role("link", name="版本沿革").click()
        page.get_by_role("button", name="比较").click()
        assert page.url.endswith("/compare/1/2/")
        assert page.locator('[data-count="moved_out"]').inner_text() == "1"
        assert page.locator("#moved_out-JB-060").is_visible()
        assert page.locator(".diff ins").count() >= 1
        _shot(page, "compare")
        _fits_phone(page)

        # Print view with the QR code back to the permalink.
        page.goto(demo + "/990100000000/990123000000/township-basic/print/")
        assert page.locator(".qr svg").is_visible()
        assert "林委办发〔2026〕3号" in page.locator(".print-head").inner_text()
        _shot(page, "print")
        browser.close()
