"""Submit / review screen / approve / publish of a 340-item list version.

A real township list has ~340 items. Target: each step under 500 ms server-side.
Each round edits one item of the draft (as the table editor does), submits and approves.
Baselines in the same run:

- the old publish: Wagtail saving the live page's draft items one by one (modelcluster's
  commit; ``cms.actions.publish_list.write_live_items`` switched off), same rounds;
- ``registry.services.versions.version_publish`` alone for the same 340 items, the
  irreducible cost of writing a version.

"approve" is the reviewer's POST on the review screen (the workflow's finish step publishes);
"publish" is the part of it spent in ``PublishListAction.execute`` (page live, items, version,
log). Submit is measured as the workflow sees it (save the draft revision + start 清单审核).
Wall time is noisy on a shared machine; CPU time of the process (SQLite runs in it) is shown too.
Run: .venv/bin/python bench/bench_review.py
"""

import datetime
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
from django.utils import timezone  # noqa: E402
from wagtail.models import Page, Workflow  # noqa: E402

from cms import roles  # noqa: E402
from cms.actions import publish_list  # noqa: E402
from cms.models import DraftItem, DutyListPage, HomePage, RegionPage  # noqa: E402
from registry.enums import ListKind  # noqa: E402
from registry.models import ListVersion  # noqa: E402
from registry.services.regions import duty_list_get_or_create  # noqa: E402
from registry.services.versions import ItemData, version_publish  # noqa: E402
from tests.factories import make_county_tree, make_department, make_user  # noqa: E402

N = 340
REPEAT = 5
CONTENT = "组织开展辖区安全生产检查，督促整改隐患，配合县级部门处置突发事件。"


def draft_items(dept, round_: int):
    return [
        DraftItem(
            seq=i,
            sort_order=i,
            domain="平安法治",
            name=f"事项名称{i}" + ("（修订）" if i % 50 == round_ % 50 else ""),
            content=CONTENT * 2,
            department=dept,
            local_duty="负责巡查、劝阻、报告、配合。",
            basis="《中华人民共和国安全生产法》第九条",
        )
        for i in range(1, N + 1)
    ]


def submit(workflow, page, editor):
    page.save_revision(user=editor)
    return workflow.start(page, editor)


class Clock:
    """Wall and CPU time of a block."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


class timed_publish:
    """Time spent inside PublishListAction.execute while the block runs."""

    def __enter__(self):
        self.original = publish_list.PublishListAction.execute
        self.spent = [0.0, 0.0]
        outer = self

        def execute(action, *args, **kwargs):
            with Clock() as clock:
                result = outer.original(action, *args, **kwargs)
            outer.spent[0] += clock.wall
            outer.spent[1] += clock.cpu
            return result

        publish_list.PublishListAction.execute = execute
        return self

    def __exit__(self, *exc):
        publish_list.PublishListAction.execute = self.original


class old_publish:
    """Wagtail's own way: the page's save() commits each draft item alone."""

    def __enter__(self):
        self.original = publish_list.write_live_items
        publish_list.write_live_items = lambda page: None

    def __exit__(self, *exc):
        publish_list.write_live_items = self.original


def setup():
    call_command("migrate", verbosity=0)
    tree = make_county_tree()
    dept = make_department(tree["county"], "县应急管理局")
    home = Page.get_first_root_node().add_child(instance=HomePage(title="bench", slug="bench"))
    county_page = home.add_child(
        instance=RegionPage(title="测试县", slug=tree["county"].code, region=tree["county"])
    )
    groups = roles.roles_setup(workflow_root=home, county_page=county_page, township_pages=[])
    editor = make_user("editor", groups[roles.COUNTY_ADMIN])
    reviewer = make_user("reviewer", groups[roles.COUNTY_REVIEWER])
    return tree, dept, county_page, editor, reviewer


def rounds(county_page, slug, kind, dept, editor, reviewer, *, day0):
    """Create a list page, publish it once (warm-up), then REPEAT rounds of one edited item."""
    page = county_page.add_child(instance=DutyListPage(title=slug, slug=slug, kind=kind))
    workflow = Workflow.objects.get(name=roles.workflow_name(county_page.region))
    client = Client()
    client.force_login(reviewer)
    today = timezone.localdate()
    steps = {k: [] for k in ("submit", "review", "approve", "publish")}
    queries = {}
    for r in range(REPEAT + 1):  # the first round creates the list: not measured
        page = DutyListPage.objects.get(pk=page.pk)
        if r == 0:
            page.draft_items = draft_items(dept, r)
        else:
            page = page.get_latest_revision_as_object()
            items = list(page.draft_items.all())
            items[r].name = f"事项名称{r}（修订{r}）"
            page.draft_items = items
        page.next_document_no = f"测发〔2026〕{day0 + r + 1}号"
        page.next_issuing_body = "测试县委办公室"
        page.next_effective_from = today + datetime.timedelta(days=day0 + r + 1)
        connection.queries_log.clear()  # a bounded deque: once full, a capture counts nothing
        with Clock() as submit_clock, CaptureQueriesContext(connection) as submit_q:
            submit(workflow, page, editor)
        url = reverse("jianfu:list_review", args=[page.pk])
        with Clock() as review_clock:
            response = client.get(url)
        assert response.status_code == 200
        connection.queries_log.clear()
        with (
            Clock() as approve_clock,
            timed_publish() as publish_time,
            CaptureQueriesContext(connection) as approve_q,
        ):
            response = client.post(url, {"action": "approve"})
        assert response.status_code == 302, response.content[:500]
        if r:
            steps["submit"].append((submit_clock.wall, submit_clock.cpu))
            steps["review"].append((review_clock.wall, review_clock.cpu))
            steps["approve"].append((approve_clock.wall, approve_clock.cpu))
            steps["publish"].append(tuple(publish_time.spent))
            queries = {"submit": len(submit_q), "approve": len(approve_q)}
    assert ListVersion.objects.filter(duty_list__page=page).count() == REPEAT + 1
    return {k: median(v) for k, v in steps.items()}, queries


def median(pairs):
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def main():
    tree, dept, county_page, editor, reviewer = setup()
    new, new_q = rounds(
        county_page, "basic", ListKind.TOWNSHIP_BASIC, dept, editor, reviewer, day0=0
    )
    with old_publish():
        old, old_q = rounds(
            county_page, "assist", ListKind.VILLAGE_ASSIST, dept, editor, reviewer, day0=0
        )

    other = duty_list_get_or_create(region=tree["county"], kind=ListKind.TOWNSHIP_COOPERATE)
    base_t = []
    for r in range(REPEAT):
        items = [ItemData.from_item(i) for i in draft_items(dept, r)]
        with Clock() as clock:
            version_publish(
                duty_list=other,
                effective_from=timezone.localdate() + datetime.timedelta(days=r + 1),
                document_no=f"基线〔2026〕{r}号",
                issuing_body="测试县委办公室",
                items=items,
            )
        base_t.append((clock.wall, clock.cpu))
    base = median(base_t)

    print(f"review path of a {N}-item version, one item edited per round (same run, SQLite,")
    print(f"median of {REPEAT}; target < 500 ms each)")
    print(
        f"  {'step':<42} {'wall ms':>8} {'cpu ms':>7} {'queries':>8} "
        f"{'old wall':>9} {'old cpu':>8} {'cpu x':>6}"
    )
    rows = (
        ("submit (revision + workflow start)", "submit"),
        ("review screen (GET, diff vs in force)", "review"),
        ("approve (POST, publishes, one transaction)", "approve"),
        ("  of which publish (PublishListAction)", "publish"),
    )
    for label, key in rows:
        (wall, cpu), (old_wall, old_cpu) = new[key], old[key]
        q = new_q.get(key, "")
        print(
            f"  {label:<42} {wall * 1000:8.0f} {cpu * 1000:7.0f} {q!s:>8} "
            f"{old_wall * 1000:9.0f} {old_cpu * 1000:8.0f} {old_cpu / cpu:6.1f}"
        )
    print(f"  queries of approve with the old publish: {old_q['approve']}")
    print(
        f"  baseline version_publish alone: {base[0] * 1000:.0f} ms wall, {base[1] * 1000:.0f} "
        f"ms cpu; approve = {new['approve'][1] / base[1]:.1f}x, publish = "
        f"{new['publish'][1] / base[1]:.1f}x baseline (cpu)"
    )


if __name__ == "__main__":
    main()
