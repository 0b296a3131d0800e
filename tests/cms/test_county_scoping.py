"""Two counties in one deployment (issue 14, point 4): roles, groups, workflow, departments,
regions and admission requests of one county are out of reach of the other county's users; a
city role reads every county and changes none.

The first county is the ``site`` fixture's 测试县; the second is ``second_site``'s 松岭县 under the
same city (tests/cms/conftest.py, tests.factories.make_second_county).
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Workflow

from cms import roles
from cms.admission import work_calendar
from cms.models import DutyListPage, RegionPage
from registry.enums import ListKind
from registry.models import Department
from registry.services import admission_requests as services
from tests.cms.conftest import _list_page
from tests.factories import make_department, make_user

FIRST_COUNTY_ONLY = ("东街道", "西镇", "东社区")  # names that exist only in 测试县


def _page_regions(group):
    return {
        p.page.specific.region.name
        for p in GroupPagePermission.objects.filter(group=group).select_related("page")
    }


# ---------------------------------------------------------------- groups and workflow


def test_second_county_setup_leaves_the_first_countys_groups_alone(site, second_site):
    first_admin = site["users"]["admin"].groups.get()
    second_admin = second_site["groups"][roles.COUNTY_ADMIN]
    assert first_admin.name == "测试县县级管理员" and second_admin.name == "松岭县县级管理员"
    assert _page_regions(first_admin) == {"测试县"}
    assert _page_regions(second_admin) == {"松岭县"}
    assert site["users"]["reviewer"].groups.get().name == "测试县县级审核员"
    assert second_site["groups"]["松岭镇编辑"].name == "松岭县松岭镇编辑"


def test_each_countys_lists_are_approved_by_its_own_reviewers_only(site, second_site):
    first = site["county_list"].get_workflow()
    second = second_site["county"].get_workflow()
    assert first.name == "测试县清单审核" and second.name == "松岭县清单审核"
    assert {g.name for t in first.tasks.specific() for g in t.groups.all()} == {"测试县县级审核员"}
    assert {g.name for t in second.tasks.specific() for g in t.groups.all()} == {"松岭县县级审核员"}
    task = first.tasks.specific().get()
    assert not task.user_can_access_editor(site["county_list"], second_site["users"]["reviewer"])
    assert task.user_can_access_editor(site["county_list"], site["users"]["reviewer2"])


def test_roles_setup_is_idempotent(site, second_site):
    before = sorted(Group.objects.values_list("name", flat=True))
    workflows = Workflow.objects.count()
    roles.roles_setup(
        workflow_root=site["home"],
        county_page=site["county"],
        township_pages=[site["street"], site["town"]],
    )
    roles.roles_setup(
        workflow_root=site["home"],
        county_page=second_site["county"],
        township_pages=[second_site["town"]],
    )
    assert sorted(Group.objects.values_list("name", flat=True)) == before
    assert Workflow.objects.count() == workflows


def test_an_install_from_before_per_county_names_is_taken_over_by_its_own_county(site):
    """Earlier releases named the groups 县级管理员 / 县级审核员 / <乡镇>编辑 and the workflow
    清单审核: the county they served takes them over, members and pending requests included."""
    admin = site["users"]["admin"].groups.get()
    reviewer = site["users"]["reviewer"].groups.get()
    street_editor = site["users"]["street_editor"].groups.get()
    Group.objects.filter(pk=admin.pk).update(name=roles.COUNTY_ADMIN)
    Group.objects.filter(pk=reviewer.pk).update(name=roles.COUNTY_REVIEWER)
    Group.objects.filter(pk=street_editor.pk).update(name="东街道编辑")
    Workflow.objects.filter(name="测试县清单审核").update(name=roles.WORKFLOW_NAME)
    roles.roles_setup(
        workflow_root=site["home"],
        county_page=site["county"],
        township_pages=[site["street"], site["town"]],
    )
    admin.refresh_from_db()
    reviewer.refresh_from_db()
    street_editor.refresh_from_db()
    assert admin.name == "测试县县级管理员" and reviewer.name == "测试县县级审核员"
    assert street_editor.name == "测试县东街道编辑"
    assert site["county_list"].get_workflow().name == "测试县清单审核"
    assert not Group.objects.filter(name__in=[roles.COUNTY_ADMIN, roles.COUNTY_REVIEWER]).exists()


# ---------------------------------------------------------------- departments and regions


def test_county_admin_cannot_create_a_department_in_another_county(client, site, second_site):
    first_county = site["tree"]["county"]
    client.force_login(second_site["users"]["admin"])
    form = client.get(reverse("departments:add")).context["form"]
    assert list(form.fields["county"].queryset) == [second_site["tree"]["county"]]
    response = client.post(
        reverse("departments:add"),
        {"county": first_county.pk, "code": "Z99", "name": "越权部门", "short_name": "越权部门"},
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in str(response.context["form"].errors["county"])
    assert not Department.objects.filter(code="Z99").exists()


def test_county_admin_sees_and_edits_only_its_own_departments(client, site, second_site):
    theirs = make_department(site["tree"]["county"], "县统计局")
    mine = second_site["minzheng"]
    client.force_login(second_site["users"]["admin"])
    listing = client.get(reverse("departments:index")).content.decode()
    assert reverse("departments:edit", args=[mine.pk]) in listing
    assert reverse("departments:edit", args=[theirs.pk]) not in listing
    for view in ("edit", "inspect", "delete", "history"):
        response = client.get(reverse(f"departments:{view}", args=[theirs.pk]))
        assert response.status_code == 404, view
        assert "不属于你所在县" in response.content.decode(), view
    response = client.post(
        reverse("departments:edit", args=[theirs.pk]),
        {
            "county": second_site["tree"]["county"].pk,
            "code": "M1",
            "name": "改",
            "short_name": "改",
        },
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.county == site["tree"]["county"] and theirs.short_name == "县统计局"


def test_region_admin_shows_only_the_users_county(client, site, second_site):
    client.force_login(second_site["users"]["admin"])
    listing = client.get(reverse("regions:index")).content.decode()
    assert "松岭镇" in listing
    for name in FIRST_COUNTY_ONLY:
        assert name not in listing
    street = site["tree"]["street"]
    response = client.get(reverse("regions:inspect", args=[street.pk]))
    assert response.status_code == 404 and "不属于你所在县" in response.content.decode()


def test_master_data_import_is_offered_for_the_users_own_county_only(site, second_site):
    from cms.master_import_views import department_import_counties

    assert department_import_counties(second_site["users"]["admin"]) == [
        second_site["tree"]["county"]
    ]
    assert department_import_counties(site["users"]["admin"]) == [site["tree"]["county"]]


# ---------------------------------------------------------------- admission


def _request_for(department, applicant):
    return services.admission_request_submit(
        department=department,
        target_level="village",
        list_kind="village_assist",
        target_regions=[],
        item_name="协助开展退役军人信息采集",
        domain="",
        basis="《退役军人保障法》第十条",
        content="协助做好辖区退役军人基础信息采集和走访慰问。",
        period_start=datetime.date(2026, 11, 2),
        period_end=None,
        funding="按每村每年2000元拨付工作经费。",
        staff="由村退役军人服务站现有人员承担。",
        assessment="",
        user=applicant,
        calendar=work_calendar(department.county),
        today=datetime.date(2026, 9, 1),
    )


def test_admission_requests_are_decided_by_their_own_countys_group(client, site, second_site):
    r = _request_for(second_site["minzheng"], make_user("songling_applicant"))
    assert r.approving_group == "松岭县县级审核员"
    first_reviewer = site["users"]["reviewer"]
    with pytest.raises(PermissionDenied):
        services.admission_request_decide(
            request=r, user=first_reviewer, decision="reject", reason="越权"
        )
    client.force_login(first_reviewer)
    assert client.get(reverse("jianfu:admission_detail", args=[r.pk])).status_code == 404
    listing = client.get(reverse("jianfu:admission_list")).content.decode()
    assert reverse("jianfu:admission_detail", args=[r.pk]) not in listing
    assert services.user_can_decide(second_site["users"]["reviewer"], r)


# ---------------------------------------------------------------- the city role


def _city_viewers(site):
    return roles.city_role_setup(city=site["tree"]["city"])


def _city_editors(site):
    """The catalogue's editors (a page under the city's page, beside the counties' pages)."""
    city_page = RegionPage.objects.get(region=site["tree"]["city"])
    if not DutyListPage.objects.child_of(city_page).exists():
        _list_page(city_page, ListKind.TOWNSHIP_BASIC, "测试市基本履职事项指导目录")
    return roles.city_editor_setup(city_page=city_page)


@pytest.mark.parametrize(
    ("setup", "name"),
    [(_city_viewers, "测试市市委社会工作部"), (_city_editors, "测试市市级编辑")],
)
def test_city_role_reads_every_county_and_changes_none(client, site, second_site, setup, name):
    """The city role, and the city's catalogue editors: every county read, none changed."""
    group = setup(site)
    assert group.name == name
    assert setup(site) == group  # idempotent
    viewer = make_user("city_viewer", group)
    first = make_department(site["tree"]["county"], "县统计局")
    second = second_site["minzheng"]
    client.force_login(viewer)
    listing = client.get(reverse("departments:index")).content.decode()
    assert reverse("departments:inspect", args=[first.pk]) in listing
    assert reverse("departments:inspect", args=[second.pk]) in listing
    assert client.get(reverse("departments:inspect", args=[first.pk])).status_code == 200
    regions = client.get(reverse("regions:index")).content.decode()
    assert "东街道" in regions and "松岭镇" in regions
    for url in (
        reverse("departments:edit", args=[first.pk]),
        reverse("departments:add"),
    ):
        assert client.get(url).status_code in (302, 403), url
    # No county's nor township's list page: a Chinese 403 in the page editor and the table
    # editor, a form posted anyway changes nothing; the public pages read them.
    songling_list = _list_page(second_site["county"], ListKind.TOWNSHIP_BASIC, "松岭县清单")
    for page in (site["county_list"], site["street_list"], songling_list):
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        refused = client.get(edit_url)
        assert refused.status_code == 403 and "您无权操作此页面" in refused.content.decode()
        assert client.post(edit_url, {"title": "篡改"}).status_code == 403
        table = client.get(reverse("jianfu:draft_items", args=[page.pk]))
        assert table.status_code == 403 and "您没有修改" in table.content.decode()
        assert DutyListPage.objects.get(pk=page.pk).get_latest_revision_as_object().title != "篡改"
        assert Client().get(page.url).status_code == 200
    count = Department.objects.count()
    client.post(
        reverse("departments:add"),
        {
            "county": second_site["tree"]["county"].pk,
            "code": "C1",
            "name": "市",
            "short_name": "市",
        },
    )
    assert Department.objects.count() == count


# ---------------------------------------------------------------- every admin screen


def _admin_urls(site):
    """Every admin screen of the registered viewsets and the county tools, with 测试县's objects."""
    dept = Department.objects.filter(county=site["tree"]["county"]).first()
    street = site["tree"]["street"]
    urls = [
        reverse("departments:index"),
        reverse("departments:add"),
        reverse("regions:index"),
        reverse("jianfu:admission_list"),
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[site["county"].pk]),
        reverse("wagtailadmin_pages:edit", args=[site["county_list"].pk]),
        reverse("wagtailadmin_pages:edit", args=[site["street_list"].pk]),
        reverse("jianfu:list_import", args=[site["street_list"].pk]),
        reverse("jianfu:list_copy_forward", args=[site["county_list"].pk]),
        reverse("mashangjian_routing_rules:index"),
        reverse("mashangjian_calendar:index"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_pages:search") + "?q=清单",
    ]
    for view in ("edit", "inspect", "delete", "history"):
        urls.append(reverse(f"departments:{view}", args=[dept.pk]))
    for view in ("inspect", "history"):
        urls.append(reverse(f"regions:{view}", args=[street.pk]))
    return urls


@pytest.mark.parametrize("role", ["admin", "reviewer", "town_editor"])
def test_no_admin_screen_shows_the_other_countys_data(client, site, second_site, role):
    leaked = make_department(site["tree"]["county"], "县统计局", code="LEAK01")
    first = Client()
    first.force_login(site["users"]["admin"])  # 测试县's administrator changes its department
    first.post(
        reverse("departments:edit", args=[leaked.pk]),
        {
            "county": leaked.county_id,
            "code": "LEAK01",
            "name": "LEAK01部门",
            "short_name": "LEAK01",
        },
    )
    assert Department.objects.get(pk=leaked.pk).name == "LEAK01部门"
    client.force_login(second_site["users"][role])
    shown = []
    for url in _admin_urls(site):
        response = client.get(url)
        if response.status_code != 200:
            assert response.status_code in (302, 403, 404), url
            continue
        shown.append(url)
        body = response.content.decode()
        for leak in (*FIRST_COUNTY_ONLY, "LEAK01", "测试县基本履职事项清单"):
            assert leak not in body, (role, url, leak)
    # The walk reads real screens: the dashboard and the admission list for everyone, and the
    # county administrator's own department and region lists.
    assert reverse("wagtailadmin_home") in shown and reverse("jianfu:admission_list") in shown
    if role == "admin":
        assert {reverse("departments:index"), reverse("regions:index")} <= set(shown)
