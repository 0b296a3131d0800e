"""A small site: home → 测试市 → 测试县 (with a basic list page) → 东街道 / 西镇 (each with a list page)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Page, Site

from cms import roles
from cms.models import DutyListPage, HomePage, RegionPage
from registry.enums import ListKind
from tests.factories import items, make_user, publish


def _region_page(parent, region):
    return parent.add_child(instance=RegionPage(title=region.name, slug=region.code, region=region))


def _list_page(parent, kind, title):
    page = parent.add_child(
        instance=DutyListPage(
            title=title,
            slug=kind.replace("_", "-"),
            kind=kind,
        )
    )
    page.save_revision()
    return page


def _roles_and_users(home, county_page, township_pages, **users):
    """Sets up the county's roles (cms.roles) and makes its users: key → (username, *groups)."""
    groups = roles.roles_setup(
        workflow_root=home, county_page=county_page, township_pages=township_pages
    )
    made = {
        key: make_user(username, *(groups[g] for g in group_names))
        for key, (username, *group_names) in users.items()
    }
    return groups, made


@pytest.fixture
def site(tree):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="测试首页", slug="test-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    city = _region_page(home, tree["city"])
    county = _region_page(city, tree["county"])
    street = _region_page(county, tree["street"])
    town = _region_page(county, tree["town"])
    _region_page(street, tree["community"])
    _, users = _roles_and_users(
        home,
        county,
        [street, town],
        admin=("county_admin", roles.COUNTY_ADMIN),
        reviewer=("reviewer", roles.COUNTY_REVIEWER),
        reviewer2=("reviewer2", roles.COUNTY_REVIEWER),
        both=("both", roles.COUNTY_ADMIN, roles.COUNTY_REVIEWER),
        street_editor=("street_editor", "东街道编辑"),
        town_editor=("town_editor", "西镇编辑"),
    )
    county_list = _list_page(county, ListKind.TOWNSHIP_BASIC, "测试县基本履职事项清单")
    street_list = _list_page(street, ListKind.TOWNSHIP_BASIC, "东街道基本履职事项清单")
    town_list = _list_page(town, ListKind.TOWNSHIP_BASIC, "西镇基本履职事项清单")
    return {
        "home": home,
        "county": county,
        "street": street,
        "town": town,
        "county_list": county_list,
        "street_list": street_list,
        "town_list": town_list,
        "users": users,
        "tree": tree,
    }


@pytest.fixture
def county_list_in_force(site):
    """The county basic list with a version in force (published through the registry)."""
    version = publish(
        site["tree"]["county"],
        ListKind.TOWNSHIP_BASIC,
        datetime.date(2025, 1, 1),
        items("现行甲", "现行乙"),
    )
    # The page is already live (add_child); link it to its registry list directly.
    DutyListPage.objects.filter(pk=site["county_list"].pk).update(duty_list=version.duty_list)
    site["county_list"].refresh_from_db()
    return version


@pytest.fixture
def second_site(site):
    """A second county in the same deployment: 松岭县 (tests.factories.make_second_county) under
    the same city page, with its township page, its roles (set up after the first county's) and
    one department. Keys: county, town, groups, users, tree, minzheng."""
    from cms.models import RegionPage
    from tests.factories import make_department, make_second_county

    tree = make_second_county(site["tree"]["city"])
    city_page = RegionPage.objects.get(region=site["tree"]["city"])
    county = _region_page(city_page, tree["county"])
    town = _region_page(county, tree["town"])
    _region_page(town, tree["village"])
    minzheng = make_department(tree["county"], "县民政局")
    groups, users = _roles_and_users(
        site["home"],
        county,
        [town],
        admin=("songling_admin", roles.COUNTY_ADMIN),
        reviewer=("songling_reviewer", roles.COUNTY_REVIEWER),
        town_editor=("songling_editor", "松岭镇编辑"),
    )
    return {
        "county": county,
        "town": town,
        "groups": groups,
        "users": users,
        "tree": tree,
        "minzheng": minzheng,
    }


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """``upload(client, page, data, name="清单.csv", **fields)``: posts a file to the list page's
    import screen as ``client`` and runs what waits for the commit (the import job)."""

    def post(client, page, data, name="清单.csv", **fields):
        url = reverse("jianfu:list_import", args=[page.pk])
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"file": SimpleUploadedFile(name, data), **fields})

    return post
