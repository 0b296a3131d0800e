"""Roles as Wagtail groups with region-scoped page permissions.

- 县级管理员 (county administrator): edits every page of the county subtree.
- 县级审核员 (county reviewer, 编办 / 社会工作部): approves lists in the 清单审核 workflow.
- <乡镇>编辑 (township editor): edits only the pages of their own township's subtree.
- <县><部门>（部门账号） (department account, one per 县直部门): files and follows that
  department's 准入申请 (``department_role``); no page permission at all.

Nobody but a superuser holds page *publish* permission on list pages in
practice: a list goes live only through the workflow (see cms.wagtail_hooks).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

from registry.models import Department

from .models import FourEyesApprovalTask

COUNTY_ADMIN = "县级管理员"
COUNTY_REVIEWER = "县级审核员"
WORKFLOW_NAME = "清单审核"
TASK_NAME = "县委编办/社会工作部审核"

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")


def township_editor_group_name(region_name: str) -> str:
    return f"{region_name}编辑"


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


def _grant(group: Group, page: Page, codenames: tuple[str, ...]) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


@transaction.atomic
def roles_setup(
    *, workflow_root: Page, county_page: Page, township_pages: list
) -> dict[str, Group]:
    """Create (or complete) the groups, their page permissions and the 清单审核 workflow."""
    admin = _group(COUNTY_ADMIN)
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

    reviewer = _group(COUNTY_REVIEWER)
    groups = {COUNTY_ADMIN: admin, COUNTY_REVIEWER: reviewer}
    for page in township_pages:
        editor = _group(township_editor_group_name(page.title))
        _grant(editor, page, EDITOR_PAGE_PERMISSIONS)
        groups[editor.name] = editor

    region = getattr(county_page.specific, "region", None)
    if region is not None:
        for department in Department.objects.filter(county=region).select_related("county"):
            group = department_role(department)
            groups[group.name] = group

    task = FourEyesApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = FourEyesApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(reviewer)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=workflow_root, defaults={"workflow": workflow})
    return groups
