"""Every admin screen county staff use is Chinese and links nowhere outside the site (issue 9
item 6: "登录Wagtail, Password, Pages created in…, the editor guide link to the internet,
Exploring:, 1-11 of 11 页面, This 页面 is currently awaiting moderation…, The page could not be
saved due to validation errors …").

Each demo role signs in at 1366 px and walks its screens: the fixed ones of the brief, then every
admin link it can reach, one URL per shape (digits folded), so a new screen is walked without
being listed here. A page fails on any English word in its visible text outside ALLOWED, and on
any link, script, image or form pointing to another host. One demo load for the whole module.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import Site

from cms.demo_site import DEMO_PASSWORD
from cms.models import DutyListPage, RegionPage
from tests.browser.conftest import sign_in

playwright = pytest.importorskip("playwright.sync_api")

ROLES = (
    "admin",  # superuser
    "county_admin",
    "reviewer",
    "hongsong_editor",  # a township editor
    "jianfu_office",  # 码上减 office
    "minzheng_handler",  # a handling unit
    "city_editor",  # the city's catalogue editor (reads every county)
)
# Words that may stay in Latin letters: file formats, products and brands people know by that
# name, and the demo's account names (data, not interface).
ALLOWED = {
    "xlsx",
    "csv",
    "json",
    "Excel",
    "WPS",
    "Cookie",
    "JavaScript",
    "app",  # 政务app, 打卡app: how reporters write it (hotspot keywords are their words)
    # region level codes that import files may use (the master-data import screen lists them)
    "city",
    "county",
    "township",
    "village",
    *ROLES,
    "reviewer2",
    "linyuan_editor",
    "baihua_editor",
    "zhengshu_handler",
}
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
# Codes, not words: MSJ-8VZG-DCEX, JB-036, APP (also inside Chinese text), cms.regionpage,
# chinese_calendar, example.invalid addresses.
CODE = re.compile(
    r"(?<![A-Za-z0-9_])(?:[A-Z0-9]+(?:-[A-Z0-9]+)*|[a-z]+(?:[._][a-z]+)+)(?![A-Za-z0-9_])"
    r"|[\w.+-]+@[\w.-]+"
)
# Screens of Wagtail's own system settings that only the superuser reaches and that show
# database names (permission names, user names) rather than interface text; actions that change
# state on GET confirmation pages are not followed either.
SKIP = re.compile(
    r"logout|/delete/|/unpublish/|/lock/|/unlock/|/bulk/|/export|\.csv|\.xlsx|\.json|\.svg|/download"
    r"|/preview|/jsi18n|/approve|/reject|/cancel|/restart|/resubmit|/revert|/copy/|/move/"
    r"|/chooser/|/choose|/groups/|/users/|/sites/|/redirects/|/collections/|/workflows/(add|edit"
    r"|disable|tasks/add|tasks/edit|tasks/disable)|/account/.+|page_types_usage"
)
PER_ROLE_LIMIT = 40
# The superuser's system screens, walked by name (the link walk skips them to stay within its
# limit): permission names, site columns and chooser labels that Wagtail leaves in English are
# put into Chinese by cms/admin_chinese.py.
SYSTEM_SCREENS = (
    "/admin/groups/",
    "/admin/groups/new/",
    "/admin/users/",
    "/admin/users/new/",
    "/admin/sites/",
    "/admin/sites/new/",
    "/admin/workflows/list/",
    "/admin/workflows/add/",
    "/admin/workflows/tasks/index/",
    "/admin/collections/",
    "/admin/redirects/",
    "/admin/reports/locked/",
    "/admin/reports/site-history/",
    "/admin/reports/aging-pages/",
    "/admin/reports/workflow/",
)


def english_words(text: str) -> list[str]:
    text = CODE.sub(" ", text)
    return sorted({w for w in WORD.findall(text) if w not in ALLOWED})


@pytest.fixture
def demo(transactional_db, live_server):
    call_command("load_demo_data", verbosity=0, quiet_accounts=True)
    Site.objects.filter(is_default_site=True).update(
        hostname="127.0.0.1", port=live_server.thread.port
    )
    cache.clear()
    users = get_user_model().objects
    county_admin = users.get(username="county_admin")
    # A list in review, so editors and reviewers meet the workflow banners and task screens.
    in_review = DutyListPage.objects.order_by("pk").first()
    in_review.save_revision(user=county_admin)
    in_review.get_workflow().start(in_review, county_admin)
    return {
        "url": live_server.url,
        "in_review": in_review,
        "region_page": RegionPage.objects.get(region__code="990123000000"),  # 林源县
    }


def _problems(page) -> list[str]:
    found = []
    words = english_words(page.inner_text("body"))
    if words:
        found.append(f"English {words}")
    outside = page.eval_on_selector_all(
        "a[href], link[href], script[src], img[src], iframe[src], form[action]",
        "els => els.map(e => e.href || e.src || e.action)"
        ".filter(h => /^https?:/.test(h) && !h.startsWith(location.origin))",
    )
    if outside:
        found.append(f"outside links {sorted(set(outside))}")
    return found


def _walk(page, base: str, start: list[str]) -> tuple[dict[str, list[str]], int]:
    problems: dict[str, list[str]] = {}
    queue, seen = list(start), set()
    while queue and len(seen) < PER_ROLE_LIMIT:
        path = queue.pop(0)
        shape = re.sub(r"\d+", "N", urlsplit(path).path)
        if shape in seen:
            continue
        seen.add(shape)
        response = page.goto(base + path)
        page.wait_for_load_state("load")
        found = _problems(page)
        if response is not None and response.status >= 400:
            found.append(f"HTTP {response.status}")
        if found:
            problems[path] = found
        for href in page.eval_on_selector_all(
            "a[href]", "els => els.map(e => e.getAttribute('href'))"
        ):
            if href and href.startswith("/admin/") and not SKIP.search(href):
                queue.append(href.split("#")[0])
    return problems, len(seen)


@pytest.mark.browser
def test_every_role_walks_a_chinese_admin_at_1366px(demo, browser):
    base, in_review, region_page = demo["url"], demo["in_review"], demo["region_page"]
    start = ["/admin/", "/admin/pages/", "/admin/pages/search/?q=清单", "/admin/account/"]
    # The list in review, for the roles that may open it (others are refused with a 403).
    in_review_screens = [
        f"/admin/pages/{in_review.pk}/edit/",
        f"/admin/pages/{in_review.pk}/history/",
    ]
    report: dict[str, dict[str, list[str]]] = {}
    for username in ROLES:
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        page = context.new_page()
        # The sign-in page itself, before anyone is known.
        page.goto(base + "/admin/login/")
        report[f"{username} (sign-in)"] = {"/admin/login/": _problems(page)}
        sign_in(page, base, username, DEMO_PASSWORD)
        own = in_review_screens if username in ("admin", "county_admin", "reviewer") else []
        problems, walked = _walk(page, base, start + own)
        assert walked >= 3, f"{username} reached only {walked} screens"
        report[username] = problems
        if username == "admin":
            for path in SYSTEM_SCREENS:
                response = page.goto(base + path)
                page.wait_for_load_state("load")
                found = _problems(page)
                if response is not None and response.status >= 400:
                    found.append(f"HTTP {response.status}")
                report[f"admin (system) {path}"] = {path: found}
        context.close()

    # A validation error and its banner, as the county administrator saving an empty title.
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, base, "county_admin", DEMO_PASSWORD)
    page.goto(f"{base}/admin/pages/{region_page.pk}/edit/")
    page.fill("input[name=title]", "")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state("load")
    assert "存在校验错误" in page.inner_text("body")
    report["county_admin (validation error)"] = {"edit": _problems(page)}
    context.close()

    failures = {
        who: {path: found for path, found in pages.items() if found}
        for who, pages in report.items()
    }
    failures = {who: pages for who, pages in failures.items() if pages}
    assert not failures, "\n".join(
        f"{who} {path}: {'; '.join(found)}"
        for who, pages in failures.items()
        for path, found in pages.items()
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("登录Wagtail", ["Wagtail"]),
        ("1-11 of 11 页面", ["of"]),
        ("MSJ-8VZG-DCEX 待受理 · 导出 xlsx · cms.regionpage · JB-036 · chinese_calendar", []),
        ("巡查APP打卡", []),
        ("县司法局\tTrue\t按类别", ["True"]),
        (
            "This 页面 is currently awaiting moderation",
            ["This", "awaiting", "currently", "is", "moderation"],
        ),
    ],
)
def test_english_word_detector(text, expected):
    assert english_words(text) == expected
