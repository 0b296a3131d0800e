"""查一查 in a real browser at phone width: fill the form without JS help, read the verdict."""

import os

import pytest
from django.core.cache import cache

from registry.admission_index import index_cache_clear
from tests.registry.checks_fixtures import TUBAN, make_lists

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
playwright = pytest.importorskip("playwright.sync_api")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip


@pytest.mark.browser
def test_check_page_at_360px(live_server, transactional_db, tree, tmp_path):
    index_cache_clear()
    cache.clear()
    make_lists(tree)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(f"{live_server.url}/check/")
        page.fill("#id_text", TUBAN)
        page.select_option("#id_region", tree["town"].code)
        page.fill("#id_on", "2026-06-01")
        page.screenshot(path=str(tmp_path / "form.png"), full_page=True)
        page.click("button.primary")
        page.wait_for_selector(".verdict")
        assert "上级部门收回事项" in page.inner_text(".verdict-label")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.screenshot(
            path=os.environ.get("CHECK_SCREENSHOT", str(tmp_path / "result.png")), full_page=True
        )
        browser.close()


# Issue 12: the demo county's lists, a community. Seventh round: a task of two sentences whose
# second adds a negative-list burden (the page names the sentence and leans prohibited). Eighth
# round: a task that cites an allowed item for a new duty (the page names the frame).
REVIEWED_IN_THE_BROWSER = [
    (
        "请社区继续做好独居老人探访关爱。探访时每户拍两张照片发到工作群，照片数量作为季度考核依据。",
        "一句可能属于禁止事项",
        "负面清单",
    ),
    (
        "结合群众性文体活动，请社区从本月起负责县融媒体中心公众号社区栏目的更新，每周两期。",
        "任务援引“结合群众性文体活动”",
        "清单外",
    ),
]


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1366])
@pytest.mark.parametrize(("text", "reason", "lean"), REVIEWED_IN_THE_BROWSER)
def test_a_task_in_doubt_goes_to_a_reviewer_in_the_browser(
    demo, browser, width, text, reason, lean
):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{demo}/check/?county=990123000000")
    page.fill("#id_text", text)
    option = page.locator("#id_region option", has_text="松涛社区").first
    page.select_option("#id_region", option.get_attribute("value"))
    page.click("button.primary")
    page.wait_for_selector(".verdict")
    body = page.inner_text("body")
    assert "需人工研判" in body
    assert reason in body
    assert lean in body  # the reading the system leans to
    if width == 360:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.reload()  # the result survives a reload (POST → redirect → GET)
    assert reason in page.inner_text("body")
    page.close()
