"""Phone walk through the demo county: home → 林源县 → 红松社区 → its lists → search 低保 → an item
→ the same list on an earlier date → compare two versions → print view (the one end-to-end test
that loads the demo county)."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import fits_phone

SHOTS = os.environ.get("PUBLIC_WALK_SHOTS", "")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))


@pytest.mark.browser
def test_phone_walk(demo, browser):
    page = browser.new_page(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page.goto(demo + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.get_by_role("link", name="青山市林源县").click()
    assert page.locator("h1").inner_text() == "林源县"
    fits_phone(page)

    # Down to 红松社区 (a community under 红松街道).
    page.get_by_role("link", name="红松街道").click()
    page.get_by_role("link", name="红松社区").click()
    assert page.locator("h1").inner_text() == "红松社区"
    _shot(page, "community")
    fits_phone(page)
    cards = page.locator(".list-cards .card")
    assert cards.count() == 5  # the five village-level lists, made by the county

    # Its lists keep the community context.
    page.get_by_role("link", name="出具证明事项清单", exact=True).click()
    assert "region=" in page.url
    assert "适用于" in page.locator(".context").inner_text()
    fits_phone(page)

    # Search 低保 from the community page.
    page.go_back()
    page.get_by_label("在红松社区适用的清单中搜索").fill("低保")
    page.get_by_role("button", name="搜索").first.click()
    assert page.locator(".result").count() >= 1
    assert page.locator(".result mark").first.is_visible()
    _shot(page, "search")
    fits_phone(page)

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
    fits_phone(page)

    # Compare the two versions.
    page.get_by_role("link", name="版本沿革").click()
    page.get_by_role("button", name="比较").click()
    assert page.url.endswith("/compare/1/2/")
    assert page.locator('[data-count="moved_out"]').inner_text() == "1"
    assert page.locator("#moved_out-JB-060").is_visible()
    assert page.locator(".diff ins").count() >= 1
    _shot(page, "compare")
    fits_phone(page)

    # Print view with the QR code back to the permalink.
    page.goto(demo + "/990100000000/990123000000/township-basic/print/")
    assert page.locator(".qr svg").is_visible()
    assert "林委办发〔2026〕3号" in page.locator(".print-head").inner_text()
    _shot(page, "print")
