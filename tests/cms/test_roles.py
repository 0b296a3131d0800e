"""Review workflows per region: task names after the region's party committee (县委 / 区委 /
市委), and the city's own workflow for its catalogue (issue 14, walk 3); what a county
administrator may not do (manage users, publish)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cms import roles
from cms.models import DutyListPage, RegionPage
from cms.models.workflow import FourEyesApprovalTask
from cms.permissions import user_scope_label
from registry.enums import ListKind, RegionLevel, UnitType
from registry.models import Region
from registry.services.regions import region_upsert
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
