"""The one end-to-end test that loads the demo county (a second run must change nothing), and
load_demo_data's refusal where demo data is not allowed."""

import datetime
import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone

from registry import selectors
from registry.enums import ListKind
from registry.models import DutyList, ListItem, ListVersion, Region


def _row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if not m._meta.proxy and m._meta.app_label not in ("sessions", "contenttypes")
    }


@pytest.mark.django_db
def test_load_demo_data_is_idempotent_and_serves_the_demo():
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    # 林源县 11; 青山市's catalogue 3, 松岭区 2 and 松岭街道 1 (registry.demo_city).
    assert "新发布版本 17 个" in out.getvalue()
    assert "admin" in out.getvalue() and "linyuan-demo-2026" in out.getvalue()
    # The 码上减 accounts are printed with the others (issue 10).
    assert "jianfu_office" in out.getvalue() and "minzheng_handler" in out.getvalue()
    first = _row_counts()

    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    assert "新发布版本 0 个" in out.getvalue()
    assert _row_counts() == first

    from cms.models import RegionPage

    # 林源县's eight lists are county-wide with the CSV 序号 kept; three have a second version.
    linyuan = Region.objects.get(code="990123000000")
    assert DutyList.objects.filter(region=linyuan).count() == 8
    basic = DutyList.objects.get(region=linyuan, kind=ListKind.TOWNSHIP_BASIC)
    assert basic.versions.count() == 2
    current = basic.versions.get(number=2)
    assert current.items.get(seq=36).code == "JB-036"
    # JB-060 moved from the basic list (v1) to the withdrawn list (v2), keeping its code.
    moved = ListItem.objects.filter(
        code="JB-060", version__duty_list__region=linyuan
    ).select_related("version__duty_list")
    assert {(i.version.duty_list.kind, i.version.number) for i in moved} == {
        (ListKind.TOWNSHIP_BASIC, 1),
        (ListKind.TOWNSHIP_WITHDRAWN, 2),
    }
    assert ListVersion.objects.filter(effective_from=datetime.date(2026, 3, 1)).count() == 3
    # Seen: the demo's 2025 versions showed the load time as their publication time.
    for version in ListVersion.objects.all():
        published = timezone.localtime(version.published_at).date()
        assert published.year == version.effective_from.year and published < version.effective_from

    # 松岭街道 carries the catalogue through 松岭区 with both adjustments (issue 14 point 5).
    street = Region.objects.get(code="990124001000")
    on = datetime.date(2026, 4, 1)
    listed = selectors.unit_list(unit=street, kind=ListKind.TOWNSHIP_BASIC, on=on)
    labels = {i["name"]: i["provenance_label"] for i in listed.items}
    assert labels["党建引领基层治理"] == "全市通用"
    assert labels["城市更新片区居民协商"] == "全县通用"
    assert labels["历史文化街区日常巡查"] == "本级增补"
    assert "林长制" not in labels and "农村土地承包管理" not in labels
    assert {e.name for e in listed.resolved.exclusions} >= {"林长制", "农村土地承包管理"}
    assert listed.resolved.flags == ()

    call_command("demo_check", stdout=io.StringIO())
    client = Client()
    response = client.post(
        "/admin/login/", {"username": "reviewer", "password": "linyuan-demo-2026"}, follow=True
    )
    assert response.status_code == 200 and response.context["user"].username == "reviewer"

    # Issue 16: the demo has two department accounts, each filing for its own department only.
    from cms.admission_views import _departments, apply_refusal

    for username, department in (("minzheng_dept", "县民政局"), ("tuiyi_dept", "县退役军人事务局")):
        account = get_user_model().objects.get(username=username)
        assert apply_refusal(account) == ""
        (own,) = _departments(account)
        assert department in (own.name, own.short_name)
    assert "准入申请由县直部门以本部门账号提交" in apply_refusal(
        get_user_model().objects.get(username="reviewer")
    )

    # 松岭区 has its own groups, workflow and 码上减 office; the city role reads every county.
    # Loaded twice above: the groups were made once and 林源县's were not touched.
    from cms.permissions import user_counties
    from mashangjian.models import UnitGroup

    printed = out.getvalue()
    for username in ("songling_editor", "songling_reviewer", "songling_office", "city_viewer"):
        assert username in printed
    users = {u.username: u for u in get_user_model().objects.all()}
    songling = Region.objects.get(code="990124000000")
    assert [c.code for c in user_counties(users["songling_editor"])] == [songling.code]
    assert [c.code for c in user_counties(users["hongsong_editor"])] == [linyuan.code]
    assert {c.code for c in user_counties(users["city_viewer"])} == {linyuan.code, songling.code}
    assert {g.name for g in users["songling_reviewer"].groups.all()} == {"松岭区县级审核员"}
    # 松岭区's own 清单审核 workflow, on its page, reviewed by its own reviewers.
    from wagtail.models import WorkflowPage

    from cms.models.workflow import FourEyesApprovalTask

    attached = WorkflowPage.objects.get(workflow__name="松岭区清单审核")
    assert attached.page.specific.region == songling
    # A 区's party committee is the 区委 (seen: 松岭区县委编办/社会工作部审核).
    task = FourEyesApprovalTask.objects.get(name="松岭区区委编办/社会工作部审核")
    assert {g.name for g in task.groups.all()} == {"松岭区县级审核员"}
    assert FourEyesApprovalTask.objects.filter(name="林源县县委编办/社会工作部审核").exists()
    # The city's catalogue has its own four-eyes workflow (seen: Wagtail's 默认审核流程).
    from cms.models import DutyListPage

    qingshan = Region.objects.get(code="990100000000")
    for page in DutyListPage.objects.filter(duty_list__region=qingshan):
        workflow = page.get_workflow()
        assert workflow.name == "青山市清单审核"
        (city_task,) = [t.specific for t in workflow.tasks.all()]
        assert city_task.name == "青山市委社会工作部审核"
        assert isinstance(city_task, FourEyesApprovalTask)
        assert {g.name for g in city_task.groups.all()} == {"青山市市级审核员"}
    assert {g.name for g in users["city_reviewer"].groups.all()} == {"青山市市级审核员"}
    # The catalogue's editors edit its pages only; they read every county (issue 14, walk 3).
    assert "city_editor" in printed
    assert {g.name for g in users["city_editor"].groups.all()} == {"青山市市级编辑"}
    assert {c.code for c in user_counties(users["city_editor"])} == {linyuan.code, songling.code}
    client = Client()
    client.post("/admin/login/", {"username": "city_editor", "password": "linyuan-demo-2026"})
    statuses = {
        (page.duty_list.region.code, client.get(f"/admin/pages/{page.pk}/edit/").status_code)
        for page in DutyListPage.objects.filter(
            duty_list__region__in=(qingshan, linyuan, songling, street)
        ).select_related("duty_list__region")
    }
    assert statuses == {(qingshan.code, 200)} | {(r.code, 403) for r in (linyuan, songling, street)}
    # The site is the city's, not 林源县's; each user's welcome names their county.
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    assert site.site_name == site.root_page.title == "青山市基层减负清单"
    offices = {
        g.group.name: g.county.code
        for g in UnitGroup.objects.filter(role="office").select_related("group", "county")
    }
    assert offices == {"林源县减负机制办": linyuan.code, "松岭区减负机制办": songling.code}
    assert {g.name for g in users["songling_office"].groups.all()} == {"松岭区减负机制办"}
    for username in ("songling_editor", "city_viewer"):
        client = Client()
        response = client.post(
            "/admin/login/", {"username": username, "password": "linyuan-demo-2026"}, follow=True
        )
        assert response.context["user"].username == username
        home = client.get("/admin/")
        assert home.status_code == 200
        welcome = "松岭区" if username == "songling_editor" else "青山市（各县区）"
        # The city role holds no page, so Wagtail names the deployment (WAGTAIL_SITE_NAME).
        assert f"管理后台（{welcome}）" in home.content.decode()
        assert "林源县基层减负清单" not in home.content.decode()
    # The public breadcrumb of 松岭区's pages names the city's site and 松岭区, never 林源县.
    street_page = RegionPage.objects.get(region__code="990124001000")
    crumbs = Client().get(street_page.url).content.decode().split('class="crumbs"', 1)[1]
    crumbs = crumbs.split("</nav>", 1)[0]
    assert "林源县" not in crumbs and "松岭区" in crumbs and "青山市基层减负清单" in crumbs


@override_settings(DEMO_DATA_ALLOWED=False)
def test_demo_data_is_refused_outside_dev_and_test(db):
    with pytest.raises(CommandError, match="不允许载入演示数据"):
        call_command("load_demo_data")
