"""Review workflows per region: task names after the region's party committee (县委 / 区委 /
市委), and the city's own workflow for its catalogue (issue 14, walk 3); what a county
administrator may not do (manage users, publish)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, TaskState

from cms import drafts, roles
from cms.models import DutyListPage, RegionPage
from cms.models.workflow import FourEyesApprovalTask
from cms.permissions import user_counties, user_scope_label
from registry.enums import ListKind, RegionLevel, UnitType
from registry.models import ListVersion, Region
from registry.services.regions import region_upsert
from tests.cms.conftest import _list_page
from tests.cms.test_workflow import approve, edit_data, submit
from tests.factories import make_user


@pytest.mark.parametrize(
    ("name", "level", "unit_type", "expected"),
    [
        ("林源县", RegionLevel.COUNTY, UnitType.COUNTY, "林源县县委编办/社会工作部审核"),
        ("松岭区", RegionLevel.COUNTY, UnitType.DISTRICT, "松岭区区委编办/社会工作部审核"),
        ("青山市", RegionLevel.CITY, UnitType.CITY, "青山市委社会工作部审核"),
    ],
)
def test_task_name_follows_the_party_committee_of_the_region(name, level, unit_type, expected):
    region = Region(name=name, level=level, unit_type=unit_type)
    assert roles.task_name(region) == expected


def _district(site) -> tuple[Region, RegionPage]:
    city = site["tree"]["city"]
    district = region_upsert(
        code=f"{city.code[:4]}25000000",
        name="松岭区",
        level=RegionLevel.COUNTY,
        unit_type=UnitType.DISTRICT,
        parent=city,
    )
    city_page = RegionPage.objects.get(region=city)
    page = city_page.add_child(
        instance=RegionPage(title=district.name, slug=district.code, region=district)
    )
    return district, page


def test_a_districts_task_named_after_a_county_is_renamed_in_place(site):
    """Seen: 松岭区's task read 松岭区县委编办/社会工作部审核."""
    district, page = _district(site)
    roles.roles_setup(county_page=page, township_pages=[])
    (task,) = FourEyesApprovalTask.objects.filter(name__startswith="松岭区")
    assert task.name == "松岭区区委编办/社会工作部审核"
    # A deployment set up by an earlier release: the same task, renamed; no second task.
    FourEyesApprovalTask.objects.filter(pk=task.pk).update(name="松岭区县委编办/社会工作部审核")
    roles.roles_setup(county_page=page, township_pages=[])
    (again,) = FourEyesApprovalTask.objects.filter(name__startswith="松岭区")
    assert again.pk == task.pk and again.name == "松岭区区委编办/社会工作部审核"
    assert [t.pk for t in page.get_workflow().tasks.all()] == [task.pk]
    # The first county's task is untouched.
    assert FourEyesApprovalTask.objects.filter(name="测试县县委编办/社会工作部审核").exists()


def test_city_catalogue_has_its_own_four_eyes_workflow(site):
    """Seen: the 青山市 catalogue pages fell to Wagtail's default workflow (默认审核流程)."""
    city = site["tree"]["city"]
    city_page = RegionPage.objects.get(region=city)
    catalogue = city_page.add_child(
        instance=DutyListPage(title="测试市指导目录", slug="basic", kind=ListKind.TOWNSHIP_BASIC)
    )
    first = roles.city_review_setup(city_page=city_page)
    reviewer = roles.city_review_setup(city_page=city_page)  # idempotent
    assert first == reviewer and reviewer.name == "测试市市级审核员"
    workflow = catalogue.get_workflow()
    assert workflow.name == "测试市清单审核"
    (task,) = [t.specific for t in workflow.tasks.all()]
    assert isinstance(task, FourEyesApprovalTask)
    assert task.name == "测试市委社会工作部审核"
    assert list(task.groups.all()) == [reviewer]
    assert FourEyesApprovalTask.objects.filter(name=task.name).count() == 1
    # The county below keeps its own workflow.
    assert site["county_list"].get_workflow().name == "测试县清单审核"
    # Four eyes as for counties: a reviewer who edited the draft may not approve it.
    editor = make_user("city_both", reviewer)
    catalogue.save_revision(user=editor)
    assert "编辑过" in (task.approve_refusal(catalogue, editor) or "")
    assert task.approve_refusal(catalogue, make_user("city_other", reviewer)) is None
    with pytest.raises(ValueError):
        roles.city_review_setup(city_page=site["county"])


def test_admin_welcome_names_the_users_county(site, second_site, settings):
    """Seen: the admin said 林源县 to 松岭区's users. The deployment's name is neutral and the
    user's county (or the city, for a city role) is shown with it."""
    settings.WAGTAIL_SITE_NAME = "青山市基层减负清单管理平台"
    assert user_scope_label(second_site["users"]["town_editor"]) == "松岭县"
    assert user_scope_label(site["users"]["reviewer"]) == "测试县"
    city_reviewer = make_user(
        "city_reviewer",
        roles.city_review_setup(city_page=RegionPage.objects.get(region=site["tree"]["city"])),
    )
    assert user_scope_label(city_reviewer) == "测试市（各县区）"
    client = Client()
    client.force_login(second_site["users"]["town_editor"])
    html = client.get("/admin/").content.decode()
    assert "管理后台（松岭县）" in html and "测试县" not in html


def test_county_admin_cannot_manage_users(client, site):
    admin = site["users"]["admin"]
    root = make_user("root", superuser=True)
    assert not any(p.startswith("auth.") for p in admin.get_all_permissions())
    client.force_login(admin)
    response = client.post(
        reverse("wagtailusers_users:edit", args=[root.pk]),
        {"password1": "Pwned-by-county-2026!", "password2": "Pwned-by-county-2026!"},
    )
    assert response.status_code in (302, 403)
    root.refresh_from_db()
    assert not root.check_password("Pwned-by-county-2026!")


def test_county_admin_has_no_publish_permission(client, site):
    perms = site["county_list"].permissions_for_user(site["users"]["admin"])
    assert perms.can_edit() and not perms.can_publish() and not perms.can_unpublish()


# ---------------------------------------------------------------- the city's catalogue editors


@pytest.fixture
def catalogue(site):
    """测试市's catalogue page under the city's page (beside 测试县), its review workflow and its
    editors; ``editor`` and ``reviewer`` are users of the two groups."""
    city_page = RegionPage.objects.get(region=site["tree"]["city"])
    page = _list_page(city_page, ListKind.TOWNSHIP_BASIC, "测试市基本履职事项指导目录")
    reviewers = roles.city_review_setup(city_page=city_page)
    editors = roles.city_editor_setup(city_page=city_page)
    return {
        "city_page": city_page,
        "page": page,
        "editors": editors,
        "reviewers": reviewers,
        "editor": make_user("city_editor", editors),
        "reviewer": make_user("city_reviewer", reviewers),
    }


def _grants(group) -> set[tuple[int, str]]:
    return set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page_id", "permission__codename"
        )
    )


def test_city_editor_holds_editor_permissions_on_the_catalogue_pages_only(site, catalogue):
    """The counties' pages sit under the city's page: a grant there would hand the city's
    editors every county's lists, so each catalogue page is granted instead."""
    editors, page, city_page = catalogue["editors"], catalogue["page"], catalogue["city_page"]
    assert editors.name == "测试市市级编辑"
    assert _grants(editors) == {(page.pk, c) for c in roles.EDITOR_PAGE_PERMISSIONS}
    assert roles.city_editor_setup(city_page=city_page) == editors  # idempotent
    assert _grants(editors) == {(page.pk, c) for c in roles.EDITOR_PAGE_PERMISSIONS}
    assert Group.objects.filter(name__endswith=roles.CITY_EDITOR).count() == 1
    # Reads every county under the city, as the city role does.
    assert editors.read_only_scope.region == site["tree"]["city"]
    assert [c.pk for c in user_counties(catalogue["editor"])] == [site["tree"]["county"].pk]
    assert user_scope_label(catalogue["editor"]) == "测试市（各县区）"
    # A catalogue page added later is covered by running the setup again.
    later = _list_page(city_page, ListKind.TOWNSHIP_COOPERATE, "测试市配合事项指导目录")
    roles.city_editor_setup(city_page=city_page)
    assert _grants(editors) == {
        (p, c) for p in (page.pk, later.pk) for c in roles.EDITOR_PAGE_PERMISSIONS
    }
    with pytest.raises(ValueError):
        roles.city_editor_setup(city_page=site["county"])


def test_city_editor_edits_and_submits_the_catalogue_and_a_city_reviewer_approves(
    client, site, catalogue
):
    page, editor = catalogue["page"], catalogue["editor"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = client.get(edit_url).content.decode()
    assert 'name="action-submit"' in html and 'name="action-publish"' not in html
    assert "提交" in html and "测试市清单审核" in html
    # The table editor: add an item to the draft.
    assert client.get(reverse("jianfu:draft_items", args=[page.pk])).status_code == 200
    response = client.post(
        reverse("jianfu:draft_item_add", args=[page.pk]),
        {
            "revision": page.latest_revision_id,
            "name": "目录新增事项",
            "content": "内容",
            "applies_to": "全部",
            "at": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = DutyListPage.objects.get(pk=page.pk)
    assert [i.name for i in drafts.draft_read(page=page).items] == ["目录新增事项"]
    # The page form: save the draft's header …
    response = client.post(
        edit_url, edit_data(page, action="action-save", effective_from=tomorrow, rows=None)
    )
    assert response.status_code == 302
    page = DutyListPage.objects.get(pk=page.pk)
    assert page.get_latest_revision().user == editor
    assert page.get_latest_revision_as_object().next_document_no == "测委办发〔2026〕9号"
    assert ListVersion.objects.count() == 0
    # … a direct publish is refused (no publish permission, and lists go live by review) …
    client.post(
        edit_url, edit_data(page, action="action-publish", effective_from=tomorrow, rows=None)
    )
    assert ListVersion.objects.count() == 0
    # … and it goes to the city's own review.
    response = submit(client, editor, page, effective_from=tomorrow, rows=None)
    assert response.status_code == 302
    state = TaskState.objects.get(status="in_progress")
    assert state.task.name == "测试市委社会工作部审核"
    # The editor reviews nothing: their approval is refused, the task still waits.
    response = approve(client, editor, page)
    assert response.status_code in (302, 403)
    assert ListVersion.objects.count() == 0
    assert TaskState.objects.get(pk=state.pk).status == "in_progress"
    # A city reviewer approves: the catalogue's version is published for the city.
    approve(client, catalogue["reviewer"], page)
    version = ListVersion.objects.get()
    assert version.duty_list.region == site["tree"]["city"]
    assert list(version.items.values_list("name", flat=True)) == ["目录新增事项"]
    assert version.published_by == catalogue["reviewer"]


def test_a_city_editor_who_also_reviews_cannot_approve_their_own_submission(
    client, site, catalogue
):
    page = catalogue["page"]
    both = make_user("city_both", catalogue["editors"], catalogue["reviewers"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert submit(client, both, page, effective_from=tomorrow, rows=["目录甲"]).status_code == 302
    approve(client, both, page)
    assert ListVersion.objects.count() == 0
    state = TaskState.objects.get(status="in_progress").specific
    with pytest.raises(PermissionDenied, match="四眼原则"):
        state.task.specific.on_action(state, both, "approve")
    approve(client, catalogue["reviewer"], page)
    assert ListVersion.objects.count() == 1
