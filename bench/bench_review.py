"""Submit / review screen / approve-and-publish of a 340-item list version.

A real township list has ~340 items. Target: each step under 500 ms server-side.
Baseline (same run): ``registry.services.versions.version_publish`` alone for the same
340 items, the irreducible cost of writing a version; the approve step adds the
workflow, the page publication and the audit log around it.
Submit is measured as the workflow sees it (save the draft revision + start 清单审核);
the edit form itself is the item editor's (bench_admin_edit.py).
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
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page, Workflow  # noqa: E402

from cms import roles  # noqa: E402
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


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main():
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
    page = county_page.add_child(
        instance=DutyListPage(title="基本履职事项清单", slug="basic", kind=ListKind.TOWNSHIP_BASIC)
    )
    workflow = Workflow.objects.get(name=roles.workflow_name(tree["county"]))
    client = Client()
    client.force_login(reviewer)
    today = timezone.localdate()
    submit_t, review_t, approve_t = [], [], []
    for r in range(REPEAT + 1):  # the first round warms caches and creates the list
        page = DutyListPage.objects.get(pk=page.pk)
        page.draft_items = draft_items(dept, r)
        page.next_document_no = f"测发〔2026〕{r + 1}号"
        page.next_issuing_body = "测试县委办公室"
        page.next_effective_from = today + datetime.timedelta(days=r + 1)
        t_submit, _ = timed(lambda p=page: submit(workflow, p, editor))
        url = reverse("jianfu:list_review", args=[page.pk])
        t_review, response = timed(lambda u=url: client.get(u))
        assert response.status_code == 200
        t_approve, response = timed(lambda u=url: client.post(u, {"action": "approve"}))
        assert response.status_code == 302, response.content[:500]
        if r:
            submit_t.append(t_submit)
            review_t.append(t_review)
            approve_t.append(t_approve)
    versions = ListVersion.objects.filter(duty_list__region=tree["county"]).count()
    assert versions == REPEAT + 1, versions

    other = duty_list_get_or_create(region=tree["county"], kind=ListKind.TOWNSHIP_COOPERATE)
    base_t = []
    for r in range(REPEAT):
        items = [ItemData.from_item(i) for i in draft_items(dept, r)]
        t, _ = timed(
            lambda r=r, items=items: version_publish(
                duty_list=other,
                effective_from=today + datetime.timedelta(days=r + 1),
                document_no=f"基线〔2026〕{r}号",
                issuing_body="测试县委办公室",
                items=items,
            )
        )
        base_t.append(t)

    base = statistics.median(base_t)
    print(f"review path of a {N}-item version (same run, SQLite, median of {REPEAT})")
    for label, times in (
        ("submit (revision + workflow start)", submit_t),
        ("review screen (GET, diff vs in force)", review_t),
        ("approve + publish (POST, one transaction)", approve_t),
    ):
        t = statistics.median(times)
        print(f"  {label:42}: {t * 1000:6.0f} ms  ratio {t / base:.2f}x baseline")
    print(f"  baseline version_publish alone            : {base * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
