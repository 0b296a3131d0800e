"""Editing a 340-item list: the table editor against the old inline editor, in the same run.

A real township list has ~340 items. Measured on the same page, same database:

- opening the draft server-side (median time, HTML size, queries): the old page editor with an
  inline panel of every item (bench/legacy_inline_editor.py swapped in) vs the table editor
  (targets: < 300 ms, < 300 KB);
- interactive in chromium (Playwright, navigation until the editor's form or table is usable;
  target < 1.5 s);
- saving one item: the old editor posts the whole page form with every item vs one item's form
  posted from the table editor's dialog (target < 150 ms); also with the items (de)serialised
  in revisions by modelcluster itself (before ``cms.revision_items``), and the CPU time of the
  process (SQLite runs in it; wall time is noisy on a shared machine).

Run: .venv/bin/python bench/bench_admin_edit.py  (chromium optional: /usr/bin/chromium)
"""

import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.TemporaryDirectory()
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail.test.utils.form_data import inline_formset, nested_form_data  # noqa: E402

from bench.legacy_inline_editor import legacy_edit_handler  # noqa: E402
from cms import drafts  # noqa: E402
from cms.models import DraftItem, DutyListPage, HomePage, RegionPage  # noqa: E402
from registry.enums import ListKind  # noqa: E402
from tests.factories import make_county_tree, make_department, make_user  # noqa: E402

ITEMS = 340
REPEAT = 5


def build_page(parent, dept) -> DutyListPage:
    page = DutyListPage(title=f"{ITEMS}项清单", slug="cooperate", kind=ListKind.TOWNSHIP_COOPERATE)
    page.draft_items = [
        DraftItem(
            seq=i,
            sort_order=i,
            domain="平安法治",
            name=f"事项名称{i}",
            content="组织开展辖区安全生产检查，督促整改隐患，配合县级部门处置突发事件。" * 2,
            department=dept,
            department_duty="负责执法查处。",
            local_duty="负责巡查、劝阻、报告、配合。",
            basis="《中华人民共和国安全生产法》第九条",
        )
        for i in range(1, ITEMS + 1)
    ]
    parent.add_child(instance=page)  # items get database ids, as on a published page
    page.save_revision()
    return page


class legacy_editor:
    """Swap the old inline-panel edit handler in for the duration of a block."""

    def __enter__(self):
        handler = legacy_edit_handler()
        DutyListPage.get_edit_handler = classmethod(lambda cls: handler)

    def __exit__(self, *exc):
        del DutyListPage.get_edit_handler


def timed_get(client, url):
    client.get(url)  # warm caches
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries), len(response.content)


def legacy_save_data(page) -> dict:
    draft = page.get_latest_revision_as_object()
    rows = []
    for n, item in enumerate(draft.draft_items.all()):
        row = {
            f: (getattr(item, f) if f != "department" else item.department_id) or ""
            for f in ("seq", "code", "domain", "name", "content", "department", "issuer")
            + ("department_duty", "local_duty", "alternative", "note", "basis", "applies_to")
        }
        rows.append({"id": item.pk, "ORDER": n + 1, **row})
    rows[0]["name"] = "改过的名称"
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "kind": page.kind,
            "next_document_no": "",
            "next_issuing_body": "",
            "next_effective_from": "",
            "next_change_type": "substantive",
            "next_change_note": "",
            "draft_items": inline_formset(rows),
            "comments": inline_formset([]),
            "action-save": "1",
        }
    )


def time_legacy_save(client, page) -> float:
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    times = []
    with legacy_editor():
        for _ in range(REPEAT):
            data = legacy_save_data(page)
            start = time.perf_counter()
            response = client.post(url, data)
            times.append(time.perf_counter() - start)
            assert response.status_code == 302, response.content[:2000]
    return statistics.median(times)


def time_item_save(client, page) -> tuple[float, float, int]:
    """(median wall, median CPU time, queries) of saving one item from the table editor's dialog."""
    url = reverse("jianfu:draft_item_edit", args=[page.pk, 1])
    times, cpu = [], []
    for n in range(REPEAT + 1):
        page.refresh_from_db()
        data = {
            "revision": page.latest_revision_id,
            "domain": "平安法治",
            "name": f"改过的名称{n}",
            "content": "内容",
            "department": "",
            "department_duty": "",
            "local_duty": "",
            "basis": "",
            "applies_to": "全部",
        }
        start, start_cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data, headers={"X-Requested-With": "fetch"})
        if n:  # the first save warms caches
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200, response.content[:2000]
    return statistics.median(times), statistics.median(cpu), len(queries)


class modelcluster_items:
    """Draft items (de)serialised in revisions by modelcluster itself (before cms.revision_items)."""

    def __enter__(self):
        self.saved = {
            name: DraftItem.__dict__[name]
            for name in ("serializable_data", "from_serializable_data")
        }
        for name in self.saved:
            delattr(DraftItem, name)

    def __exit__(self, *exc):
        for name, value in self.saved.items():
            setattr(DraftItem, name, value)


def serve():
    """The app on a local port for chromium (static files included); returns the base URL."""
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server(
        "127.0.0.1", 0, StaticFilesHandler(get_wsgi_application()), handler_class=Quiet
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def time_in_chromium(client, urls: dict[str, tuple[str, str]]) -> dict[str, float]:
    """Median time until each screen is usable: navigation, load event and its main element."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        return {}
    from playwright.sync_api import sync_playwright

    settings.ALLOWED_HOSTS = ["*"]
    base, server = serve()
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=path, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": base,
                    }
                ]
            )
            page = context.new_page()
            page.set_default_timeout(180_000)  # the old editor takes tens of seconds under load
            for label, (url, ready) in urls.items():
                legacy = label.startswith("old")
                times = []
                for _ in range(3):
                    with legacy_editor() if legacy else _nothing():
                        start = time.perf_counter()
                        page.goto(base + url, wait_until="load")
                        page.locator(ready).first.wait_for(state="attached")
                        times.append(time.perf_counter() - start)
                results[label] = statistics.median(times[1:])  # first visit warms the cache
                print(f"  {label:<26}: {results[label] * 1000:6.0f} ms", flush=True)
            browser.close()
    finally:
        server.shutdown()
    return results


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return None


def main():
    call_command("migrate", verbosity=0)
    tree = make_county_tree()
    dept = make_department(tree["county"], "县应急管理局")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="bench", slug="bench"))
    county_page = home.add_child(
        instance=RegionPage(title="测试县", slug=tree["county"].code, region=tree["county"])
    )
    page = build_page(county_page, dept)
    client = Client()
    client.force_login(make_user("bench", superuser=True))
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    table_url = reverse("jianfu:draft_items", args=[page.pk])

    def line(label, t, q, size):
        return f"  {label:<26}: {t * 1000:6.0f} ms, {q:3d} queries, {size / 1024:6.0f} KiB HTML"

    print(f"editing a {ITEMS}-item list, old inline editor vs table editor (same run, SQLite)")
    print(f"open the draft, server-side (median of {REPEAT})", flush=True)
    with legacy_editor():
        old_t, old_q, old_size = timed_get(client, edit_url)
    print(line("old page editor (inline)", old_t, old_q, old_size), flush=True)
    new_t, new_q, new_size = timed_get(client, table_url)
    print(line("table editor (100 rows)", new_t, new_q, new_size), flush=True)
    head_t, head_q, head_size = timed_get(client, edit_url)
    print(line("page editor (header only)", head_t, head_q, head_size))
    print(f"  ratio time {old_t / new_t:.1f}x faster, HTML {old_size / new_size:.1f}x smaller")
    print(f"save one item (median of {REPEAT})", flush=True)
    new_save, new_cpu, new_sq = time_item_save(client, page)
    print(
        f"  table editor: one item    : {new_save * 1000:6.0f} ms ({new_cpu * 1000:.0f} ms CPU, "
        f"{new_sq} queries)",
        flush=True,
    )
    with modelcluster_items():
        mc_save, mc_cpu, _ = time_item_save(client, page)
    print(
        f"  same, modelcluster items  : {mc_save * 1000:6.0f} ms ({mc_cpu * 1000:.0f} ms CPU)",
        flush=True,
    )
    old_save = time_legacy_save(client, page)
    print(f"  old: whole page form      : {old_save * 1000:6.0f} ms")
    print(f"  ratio {old_save / new_save:.1f}x faster", flush=True)
    print("interactive in chromium at 1366 px (median of 2 after a warm-up)", flush=True)
    browser = time_in_chromium(
        client,
        {
            "table editor": (table_url, ".ie-table tbody tr"),
            "old page editor": (edit_url, "#id_draft_items-TOTAL_FORMS"),
        },
    )
    assert len(drafts.draft_read(page=page).items) == ITEMS
    if browser:
        old_b, new_b = browser["old page editor"], browser["table editor"]
        print(f"  ratio {old_b / new_b:.1f}x faster")
    else:
        print("  skipped (chromium not installed)")
        old_b = new_b = float("nan")
    print(
        f"\nsummary, {ITEMS} items          {'table editor':>14} {'old inline':>12} {'target':>9}"
    )
    for label, new_v, old_v, target in (
        ("open draft, server (ms)", new_t * 1000, old_t * 1000, "< 300"),
        ("open draft, HTML (KiB)", new_size / 1024, old_size / 1024, "< 300"),
        ("interactive, chromium (ms)", new_b * 1000, old_b * 1000, "< 1500"),
        ("save one item (ms)", new_save * 1000, old_save * 1000, "< 150"),
    ):
        print(f"  {label:<28} {new_v:14.0f} {old_v:12.0f} {target:>9}")


if __name__ == "__main__":
    main()
