"""Roles as Wagtail groups with region-scoped page permissions.

- 县级管理员 (county administrator): edits every page of the county subtree.
- 县级审核员 (county reviewer, 编办 / 社会工作部): approves lists in the 清单审核 workflow.
- <乡镇>编辑 (township editor): edits only the pages of their own township's subtree.
- <市>市委社会工作部 (city role): reads every county under the city, changes nothing.
- <市>市级审核员 (city reviewer): approves the city's catalogue in <市>清单审核.
- <市>市级编辑 (city editor): edits the city's catalogue (市级指导目录) pages only and reads every
  county, as the city role does.
- <县><部门>（部门账号） (department account, one per 县直部门): files and follows that
  department's 准入申请 (``department_role``); no page permission at all.

Nobody but a superuser holds page *publish* permission on list pages in
practice: a list goes live only through the workflow (see cms.wagtail_hooks).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

from registry import generations
from registry.enums import RegionLevel, UnitType
from registry.models import AdmissionRequest, Department, Region

from .models import DutyListPage, FourEyesApprovalTask, ReadOnlyScope

COUNTY_ADMIN = "县级管理员"
COUNTY_REVIEWER = "县级审核员"
CITY_VIEWER = "市委社会工作部"
CITY_REVIEWER = "市级审核员"
CITY_EDITOR = "市级编辑"
WORKFLOW_NAME = "清单审核"
# Earlier releases named every county's task "<县>县委编办/社会工作部审核", a 区's too.
TASK_NAME = "县委编办/社会工作部审核"

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")


def county_group_name(county: Region, role: str) -> str:
    """Every county's roles are its own groups: 林源县县级管理员, 松岭县县级审核员."""
    return f"{county.name}{role}"


def workflow_name(region: Region) -> str:
    """The 清单审核 workflow of a county or of the city (its catalogue): 松岭区清单审核."""
    return f"{region.name}{WORKFLOW_NAME}"


def task_name(region: Region) -> str:
    """Who reviews there: 林源县县委编办/社会工作部审核, 松岭区区委编办/社会工作部审核 (a 区's
    party committee is the 区委), 青山市委社会工作部审核 for the city's catalogue."""
    if region.level in (RegionLevel.CITY, RegionLevel.PROVINCE):
        return f"{region.name}委社会工作部审核"
    committee = "区委" if region.unit_type == UnitType.DISTRICT else "县委"
    return f"{region.name}{committee}编办/社会工作部审核"


def _former_task_names(region: Region) -> list[str]:
    return [f"{region.name}{TASK_NAME}"]


def township_editor_group_name(region_name: str, county: Region | None = None) -> str:
    """<乡镇>编辑, after the county's name when given: two counties may both have a 城关镇."""
    return f"{county.name if county is not None else ''}{region_name}编辑"


def department_group_name(department: Department) -> str:
    return f"{department.county.name}{department.short_name}（部门账号）"


@transaction.atomic
def department_role(department: Department) -> Group:
    """The account role of one 县直部门: it may file 准入申请 for this department only (the
    scope is the department's ``account_group``, see cms.admission_views)."""
    if department.account_group_id:
        group = department.account_group
    else:
        group = _group(department_group_name(department))
        Department.objects.filter(pk=department.pk).update(account_group=group)
        generations.bump(Department)  # update() sends no signal; cached copies hold the row
        department.account_group = group
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="registry",
            codename__in=("add_admissionrequest", "view_admissionrequest"),
        ),
    )
    return group


def _group(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


def _county_group(name: str, county_page: Page, *, legacy: str, adopt: bool) -> Group:
    """The county's group called ``name``. A deployment set up before groups were named per
    county has one bare group (``legacy``, e.g. 县级管理员); the county it served (``adopt``)
    takes it over under the new name, members and all. Another county never does."""
    group = Group.objects.filter(name=name).first()
    if group is None and adopt:
        group = Group.objects.filter(name=legacy).first()
        if group is not None:
            group.name = name
            group.save(update_fields=["name"])
    return group or _group(name)


def _serves(group_name: str, county_page: Page) -> bool:
    """Whether the bare legacy group holds its page permissions on this county's page."""
    return GroupPagePermission.objects.filter(group__name=group_name, page=county_page).exists()


def _grant(group: Group, page: Page, codenames: tuple[str, ...]) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


def _named(model, name: str, bare_name: str | None):
    """The row of ``model`` called ``name``; else the one of an install from before per-county
    names (``bare_name``, taken over and renamed); else a new one."""
    row = model.objects.filter(name=name).first()
    if row is None and bare_name:
        row = model.objects.filter(name=bare_name).first()
    if row is None:
        return model.objects.create(name=name)
    if row.name != name:
        row.name = name
        row.save(update_fields=["name"])
    return row


def _review_workflow(region: Region, page: Page, reviewer: Group, *, adopt: bool):
    """The region's own 清单审核 workflow (a county's, or the city's for its catalogue),
    attached to its page: only its reviewers approve its lists (one shared task would let
    another county's reviewers approve them). Idempotent; an earlier name is corrected."""
    workflow = _named(Workflow, workflow_name(region), WORKFLOW_NAME if adopt else None)
    # The workflow's own task, whatever an earlier release named it (松岭区县委… for a 区).
    task = (
        FourEyesApprovalTask.objects.filter(workflow_tasks__workflow=workflow)
        .order_by("pk")
        .first()
        or FourEyesApprovalTask.objects.filter(name__in=_former_task_names(region)).first()
    )
    if task is None:
        task = _named(FourEyesApprovalTask, task_name(region), TASK_NAME if adopt else None)
    elif task.name != task_name(region):
        task.name = task_name(region)
        task.save(update_fields=["name"])
    task.groups.add(reviewer)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def roles_setup(
    *, workflow_root: Page | None = None, county_page: Page, township_pages: list
) -> dict[str, Group]:
    """Create (or complete) one county's groups, their page permissions and its 清单审核 workflow.

    Groups are named after the county (``county_group_name``); the answer is keyed by role
    (COUNTY_ADMIN, COUNTY_REVIEWER, ``township_editor_group_name(<乡镇>)``) and by department
    group name. Idempotent; setting up a second county never touches the first one's groups or
    workflow. ``workflow_root`` is kept for callers of earlier releases; the workflow is attached
    to the county's page."""
    county = getattr(county_page.specific, "region", None)
    if county is None:
        raise ValueError("roles_setup needs the RegionPage of a county")
    adopt = _serves(COUNTY_ADMIN, county_page)  # an install from before per-county names
    admin = _county_group(
        county_group_name(county, COUNTY_ADMIN), county_page, legacy=COUNTY_ADMIN, adopt=adopt
    )
    # No publish_page: lists go live only through the workflow, and publish permission would
    # also allow unpublishing or deleting live pages.
    _grant(admin, county_page, EDITOR_PAGE_PERMISSIONS)
    # Take back what earlier releases granted (idempotent on a fresh install).
    GroupPagePermission.objects.filter(group=admin, permission__codename="publish_page").delete()
    admin.permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="auth", codename__in=("add_user", "change_user")
        )
    )
    # No auth.* permissions: Wagtail's user admin is not region-scoped, so a county
    # administrator could otherwise edit a superuser or put themselves in any group.
    for app_label, codename in (
        ("registry", "view_region"),
        ("registry", "add_department"),
        ("registry", "change_department"),
        ("registry", "view_department"),
    ):
        admin.permissions.add(
            Permission.objects.get(codename=codename, content_type__app_label=app_label)
        )

    reviewer_name = county_group_name(county, COUNTY_REVIEWER)
    adopt_reviewer = adopt and not Group.objects.filter(name=reviewer_name).exists()
    reviewer = _county_group(reviewer_name, county_page, legacy=COUNTY_REVIEWER, adopt=adopt)
    if adopt_reviewer and reviewer.name == reviewer_name:
        # Requests filed before the rename name the bare group as their approving group.
        AdmissionRequest.objects.filter(county=county, approving_group=COUNTY_REVIEWER).update(
            approving_group=reviewer_name
        )
    # The county's reviewers decide what a checked task really is (更正审查结果): their decisions
    # count toward the county's later checks (registry.services.decisions.check_correct).
    reviewer.permissions.add(
        Permission.objects.get(content_type__app_label="registry", codename="add_checkdecision")
    )
    groups = {COUNTY_ADMIN: admin, COUNTY_REVIEWER: reviewer}
    for page in township_pages:
        legacy = township_editor_group_name(page.title)
        editor = _county_group(
            township_editor_group_name(page.title, county),
            page,
            legacy=legacy,
            adopt=_serves(legacy, page),
        )
        _grant(editor, page, EDITOR_PAGE_PERMISSIONS)
        groups[legacy] = editor

    for department in Department.objects.filter(county=county).select_related("county"):
        group = department_role(department)
        groups[group.name] = group

    _review_workflow(county, county_page, reviewer, adopt=adopt)
    if workflow_root is not None and workflow_root.pk != county_page.pk:
        # Earlier releases attached the one workflow to the home page: it now lives on the county.
        WorkflowPage.objects.filter(
            page=workflow_root, workflow__name__in=(WORKFLOW_NAME, workflow_name(county))
        ).delete()
    return groups


@transaction.atomic
def city_role_setup(*, city: Region, name: str = CITY_VIEWER) -> Group:
    """A city-level role (e.g. 青山市市委社会工作部): sees every county under the city, read-only.

    Its scope is a ``ReadOnlyScope`` on the city, not a page permission, so it can change no page
    of any county; it holds view permissions on the master data only. Idempotent."""
    group = _group(f"{city.name}{name}")
    _read_every_county(group, city)
    return group


def _read_every_county(group: Group, city: Region) -> None:
    """A city group's sight of every county under the city: a ``ReadOnlyScope`` (no page
    permission on any county) and view permissions on the master data."""
    ReadOnlyScope.objects.update_or_create(group=group, defaults={"region": city})
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="registry", codename__in=("view_region", "view_department")
        )
    )


def _city_of(city_page: Page, caller: str) -> Region:
    city = getattr(city_page.specific, "region", None)
    if city is None or city.level not in (RegionLevel.CITY, RegionLevel.PROVINCE):
        raise ValueError(f"{caller} needs the RegionPage of a city")
    return city


@transaction.atomic
def city_review_setup(*, city_page: Page) -> Group:
    """The city's own 清单审核 workflow for its catalogue (e.g. 青山市委社会工作部审核), attached
    to the city's page, and its reviewer group (青山市市级审核员), made by the same code as a
    county's (``_review_workflow``: four-eyes approval). Without it the catalogue fell to
    Wagtail's default workflow on the tree root. The county pages below keep their own
    workflows (the nearest one applies). The reviewers read every county, as the city role does.
    Idempotent."""
    city = _city_of(city_page, "city_review_setup")
    reviewer = _group(county_group_name(city, CITY_REVIEWER))
    _read_every_county(reviewer, city)
    _review_workflow(city, city_page, reviewer, adopt=False)
    return reviewer


@transaction.atomic
def city_editor_setup(*, city_page: Page) -> Group:
    """The city's catalogue editors (e.g. 青山市市级编辑): they edit the catalogue's drafts and
    submit them to the city's 清单审核 (``city_review_setup``), and read every county, as the
    city role does.

    The counties' pages sit under the city's page, so the editor permissions are granted on each
    catalogue page (the list pages directly under the city's page), never on the city's page:
    that would hand them every county's lists. No publish permission: the catalogue goes live
    only through the workflow. A catalogue page added later is covered by running this again.
    Idempotent."""
    city = _city_of(city_page, "city_editor_setup")
    editor = _group(county_group_name(city, CITY_EDITOR))
    for page in DutyListPage.objects.child_of(city_page):
        _grant(editor, page, EDITOR_PAGE_PERMISSIONS)
    _read_every_county(editor, city)
    return editor
