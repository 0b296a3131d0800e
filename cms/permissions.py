"""Which regions a user works in, derived from the page permissions of their groups.

The page tree mirrors the regions, so a group's page permission on a
RegionPage *is* its region scope: a township editor's scope is their
township, a county role's scope is the county.
"""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import GroupPagePermission, WorkflowPage

from registry.enums import RegionLevel
from registry.models import Department, Region

from .models import FourEyesApprovalTask, ReadOnlyScope, RegionPage


def user_scope_regions(user) -> list[Region]:
    """Regions whose pages the user's groups hold a permission on (all regions for a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return list(Region.objects.all())
    page_paths = GroupPagePermission.objects.filter(group__user=user).values_list(
        "page__path", flat=True
    )
    pages = RegionPage.objects.filter(path__in=list(page_paths)).select_related("region")
    return [p.region for p in pages]


def user_counties(user) -> list[Region]:
    """The counties the user works for: a township role belongs to its county; a city role
    (e.g. 市委社会工作部: a ``ReadOnlyScope`` on the city, no page permission) reads every county
    under the city; a superuser every county. This is the scope of every county-configured admin screen
    (registry.scoped_views)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return list(Region.objects.counties())
    counties: dict[int, Region] = {}
    above: list[Region] = []
    read_only = []
    if user.is_authenticated and user.is_active:
        read_only = [
            s.region
            for s in ReadOnlyScope.objects.filter(group__user=user).select_related("region")
        ]
    for region in [*user_scope_regions(user), *read_only]:
        if region.level in (RegionLevel.CITY, RegionLevel.PROVINCE):
            above.append(region)
        if (county := region.county) is not None:
            counties[county.pk] = county
    if above:
        for county in Region.objects.counties().within(above):
            counties[county.pk] = county
    return list(counties.values())


def _reviewed_regions(user) -> list[Region]:
    """The regions whose 清单审核 workflow the user's groups review (a reviewer holds no page
    permission: the workflow's page is where they work)."""
    tasks = FourEyesApprovalTask.objects.filter(groups__user=user).values("pk")
    pages = WorkflowPage.objects.filter(workflow__workflow_tasks__task__in=tasks).values("page")
    return [p.region for p in RegionPage.objects.filter(pk__in=pages).select_related("region")]


def user_deciding_counties(user) -> list[Region]:
    """The counties whose checked tasks the user may decide (更正审查结果): those they work for
    and those whose lists they review (a reviewer holds no page permission)."""
    counties = {c.pk: c for c in user_counties(user)}
    for region in _reviewed_regions(user) if user.is_authenticated and user.is_active else []:
        if (county := region.county) is not None:
            counties.setdefault(county.pk, county)
    return list(counties.values())


def user_scope_label(user) -> str:
    """Whom the user works for, as the admin names it: their county (松岭区), or the city for a
    city role (青山市（各县区）); empty for a superuser (everything) or a user with no scope.
    One deployment serves several counties: its own name is neutral."""
    if not user.is_authenticated or not user.is_active or user.is_superuser:
        return ""
    above = [
        s.region.name
        for s in ReadOnlyScope.objects.filter(group__user=user).select_related("region")
        if s.region.level in (RegionLevel.CITY, RegionLevel.PROVINCE)
    ]
    if above:
        return "、".join(f"{name}（各县区）" for name in sorted(set(above)))
    regions = user_counties(user) or _reviewed_regions(user)
    return "、".join(sorted({r.name for r in regions}))


def user_regions(user) -> QuerySet:
    """Every region the user may see in an admin list or chooser: their counties' subtrees."""
    if user.is_superuser:
        return Region.objects.all()
    return Region.objects.within(user_counties(user))


def user_departments(user) -> QuerySet:
    if user.is_superuser:
        return Department.objects.all()
    return Department.objects.filter(county__in=user_counties(user))
