"""The demo site on top of the demo county: page tree, roles, workflow and one user per role."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site, Task, Workflow

from registry import generations
from registry.demo_city import SONGLING
from registry.enums import RegionLevel
from registry.models import Department, DutyList, Region
from registry.selectors import items_for_version, version_in_force

from . import roles
from .models import DraftItem, DutyListPage, HomePage, RegionPage

SONGLING_CODE = SONGLING["county"][0]
DEMO_PASSWORD = "linyuan-demo-2026"  # noqa: S105 - printed for the local demo only


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    groups: tuple[str, ...]
    superuser: bool = False
    department: str = ""  # a department account: the short name of its 县直部门
    county: str = ""  # the code of another county of the demo city (empty: the demo county)
    city: bool = False  # a city role: ``groups`` are the city's (CITY_VIEWER, …)


ACCOUNTS = (
    DemoAccount("admin", "系统管理员（超级用户）", (), superuser=True),
    DemoAccount("county_admin", "县级管理员", (roles.COUNTY_ADMIN,)),
    DemoAccount("reviewer", "县级审核员（县委编办）", (roles.COUNTY_REVIEWER,)),
    DemoAccount("reviewer2", "县级审核员（县委社会工作部）", (roles.COUNTY_REVIEWER,)),
    DemoAccount("hongsong_editor", "红松街道编辑", (roles.township_editor_group_name("红松街道"),)),
    DemoAccount("linyuan_editor", "林源镇编辑", (roles.township_editor_group_name("林源镇"),)),
    DemoAccount("baihua_editor", "白桦乡编辑", (roles.township_editor_group_name("白桦乡"),)),
    DemoAccount("minzheng_dept", "部门账号（县民政局）", (), department="县民政局"),
    DemoAccount("tuiyi_dept", "部门账号（县退役军人事务局）", (), department="县退役军人事务局"),
    # The second county of the demo city (registry.demo_city) and the city role.
    DemoAccount(
        "songling_editor",
        "松岭区·松岭街道编辑",
        (roles.township_editor_group_name("松岭街道"),),
        county=SONGLING_CODE,
    ),
    DemoAccount(
        "songling_reviewer",
        "松岭区·区级审核员",
        (roles.COUNTY_REVIEWER,),
        county=SONGLING_CODE,
    ),
    DemoAccount(
        "city_viewer", "青山市市委社会工作部（只读查看各县区）", (roles.CITY_VIEWER,), city=True
    ),
    DemoAccount(
        "city_reviewer", "青山市市级审核员（审核全市指导目录）", (roles.CITY_REVIEWER,), city=True
    ),
    DemoAccount(
        "city_editor", "青山市市级编辑（编辑全市指导目录）", (roles.CITY_EDITOR,), city=True
    ),
)
# The site serves every county of the demo city: its name is the city's, not one county's.
FORMER_SITE_NAME = "林源县基层减负清单"


def site_name(city: Region) -> str:
    return f"{city.name}基层减负清单"


def _wagtail_root() -> Page:
    """Wagtail's tree root, locale and root collection are created by its migrations; a
    database emptied by a flush (transactional tests) has none, so recreate them."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant("zh-hans"))
    if not Collection.objects.exists():
        Collection.add_root(name="全部")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(
                title="根目录", slug="root", content_type=ContentType.objects.get_for_model(Page)
            )
        )
    # Wagtail's migrations create English names (tree root, root collection, a default workflow
    # and two groups); the demo's staff read Chinese.
    Page.objects.filter(pk=root.pk, title="Root").update(title="根目录", draft_title="根目录")
    Collection.objects.filter(depth=1, name="Root").update(name="全部")
    Workflow.objects.filter(name="Moderators approval").update(name="默认审核流程")
    Task.objects.filter(name="Moderators approval").update(name="默认审核环节")
    Group.objects.filter(name="Editors").update(name="网站编辑")
    Group.objects.filter(name="Moderators").update(name="网站审核员")
    generations.bump(Page)  # update() sends no signal
    return root


def _home_page(*, name: str) -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        # A demo loaded by an earlier release is named after 林源县 alone.
        if home.title == FORMER_SITE_NAME:
            HomePage.objects.filter(pk=home.pk).update(title=name, draft_title=name)
            home.title = home.draft_title = name
        Site.objects.filter(root_page=home, site_name=FORMER_SITE_NAME).update(site_name=name)
        return home
    root = _wagtail_root()
    home = root.add_child(
        instance=HomePage(
            title=name,
            slug="jianfu",
            intro="乡镇（街道）履行职责事项清单与村（社区）工作事项准入清单，依文号与生效日期公开。",
        )
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "root_page": home,
            "hostname": "localhost",
            "port": 80,
            "site_name": name,
        },
    )
    # Wagtail's welcome page goes; the demo site is served from our home page.
    for page in root.get_children().exclude(pk=home.pk):
        page.title = page.draft_title = "系统默认欢迎页"  # the deletion's audit entry keeps it
        page.delete()
    return home


def _region_page(parent: Page, region: Region) -> RegionPage:
    page = RegionPage.objects.filter(region=region).first()
    if page is None:
        page = parent.add_child(
            instance=RegionPage(title=region.name, slug=region.code, region=region)
        )
    return page


def _list_page(parent: RegionPage, duty_list: DutyList) -> DutyListPage:
    page = DutyListPage.objects.filter(duty_list=duty_list).first()
    if page is not None:
        return page
    version = version_in_force(duty_list=duty_list)
    page = DutyListPage(
        title=f"{duty_list.region.name}{duty_list.get_kind_display()}",
        slug=duty_list.kind.replace("_", "-"),
        kind=duty_list.kind,
        duty_list=duty_list,
        next_issuing_body=version.issuing_body if version else "",
    )
    if version is not None:
        page.draft_items = [
            DraftItem.copy_of(item, sort_order=i)
            for i, item in enumerate(items_for_version(version=version))
        ]
    parent.add_child(instance=page)
    revision = page.save_revision(clean=False)
    # The draft equals what is in force: mark it as the live revision without publishing,
    # which would create a registry version (the registry already has it).
    DutyListPage.objects.filter(pk=page.pk).update(
        live_revision=revision, has_unpublished_changes=False
    )
    generations.bump(Page)  # update() sends no signal
    return page


@transaction.atomic
def build_demo_site(*, county: Region) -> list[DemoAccount]:  # noqa: C901 - one pass; splitting would scatter one rule
    top = county
    while top.parent is not None:
        top = top.parent
    home = _home_page(name=site_name(county.parent or county))
    pages: dict[int, RegionPage] = {}

    def walk(region: Region, parent: Page) -> None:
        page = _region_page(parent, region)
        pages[region.pk] = page
        for child in region.children.order_by("code"):
            walk(child, page)

    walk(top, home)
    county_page = pages[county.pk]
    for duty_list in DutyList.objects.filter(region=county).select_related("region"):
        _list_page(county_page, duty_list)
    # The city's catalogue and the lists of the other units (registry.demo_city).
    for duty_list in (
        DutyList.objects.exclude(region=county)
        .filter(region_id__in=pages)
        .select_related("region")
        .order_by("region__code", "kind")
    ):
        _list_page(pages[duty_list.region_id], duty_list)

    groups_of: dict[str, dict] = {}
    # Every county of the demo city gets its own groups and 清单审核 workflow (idempotent).
    for other in Region.objects.filter(level=RegionLevel.COUNTY, pk__in=pages).order_by("code"):
        townships = [pages[r.pk] for r in other.children.filter(level=RegionLevel.TOWNSHIP)]
        groups_of[other.code] = roles.roles_setup(
            workflow_root=home, county_page=pages[other.pk], township_pages=townships
        )
    city_groups = {
        roles.CITY_VIEWER: roles.city_role_setup(city=county.parent),
        # The catalogue's own review workflow and reviewers (not Wagtail's default workflow).
        roles.CITY_REVIEWER: roles.city_review_setup(city_page=pages[county.parent_id]),
        # Edits the catalogue pages made above and submits them to that workflow.
        roles.CITY_EDITOR: roles.city_editor_setup(city_page=pages[county.parent_id]),
    }

    User = get_user_model()
    for account in ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(
                username=account.username, first_name=account.role, is_staff=account.superuser
            )
            user.is_superuser = account.superuser
            user.set_password(DEMO_PASSWORD)
            user.save()
        groups = city_groups if account.city else groups_of[account.county or county.code]
        user.groups.add(*(groups[name] for name in account.groups))
        if account.department:
            department = Department.objects.get(county=county, short_name=account.department)
            user.groups.add(roles.department_role(department))
    return list(ACCOUNTS)
