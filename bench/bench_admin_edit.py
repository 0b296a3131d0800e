"""Admin edit view of a long list: server-side render time and query count.

A real township list has ~340 items; the editor must stay usable at 300.
Baseline (same run): the edit view of the same kind of page with 10 items.
Run: .venv/bin/python bench/bench_admin_edit.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.TemporaryDirectory()
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp.name}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from wagtail.models import Page  # noqa: E402

from cms.models import DraftItem, DutyListPage, HomePage, RegionPage  # noqa: E402
from registry.enums import ListKind  # noqa: E402
from tests.factories import make_county_tree, make_department, make_user  # noqa: E402

REPEAT = 7


def build_page(parent, kind, n, dept):
    page = DutyListPage(title=f"{n}项清单", slug=f"{kind}-{n}".replace("_", "-"), kind=kind)
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
        for i in range(1, n + 1)
    ]
    parent.add_child(instance=page)
    page.save_revision()
    return page


def measure(client, page):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.get(url)  # warm caches
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries), len(response.content)


def main():
    call_command("migrate", verbosity=0)
    tree = make_county_tree()
    dept = make_department(tree["county"], "县应急管理局")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="bench", slug="bench"))
    county_page = home.add_child(
        instance=RegionPage(title="测试县", slug=tree["county"].code, region=tree["county"])
    )
    small = build_page(county_page, ListKind.TOWNSHIP_BASIC, 10, dept)
    big = build_page(county_page, ListKind.TOWNSHIP_COOPERATE, 300, dept)
    client = Client()
    client.force_login(make_user("bench", superuser=True))
    base_t, base_q, base_size = measure(client, small)
    big_t, big_q, big_size = measure(client, big)
    print("admin edit view, 300-item list vs 10-item list (same run, SQLite, median of 7)")
    print(f"  ratio time   : {big_t / base_t:.2f}x")
    print(f"  ratio queries: {big_q / base_q:.2f}x")
    print(
        f"  300 items    : {big_t * 1000:.0f} ms, {big_q} queries, {big_size / 1024:.0f} KiB HTML"
    )
    print(
        f"  10 items     : {base_t * 1000:.0f} ms, {base_q} queries, {base_size / 1024:.0f} KiB HTML"
    )


if __name__ == "__main__":
    main()
