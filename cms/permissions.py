"""Which regions a user works in, derived from the page permissions of their groups.

The page tree mirrors the regions, so a group's page permission on a
RegionPage *is* its region scope: a township editor's scope is their
township, a county role's scope is the county.
"""

from __future__ import annotations

from wagtail.models import GroupPagePermission

from registry.models import Region

from .models import RegionPage


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
    """The counties the user works for (a township role belongs to its county)."""
    counties: dict[int, Region] = {}
    for region in user_scope_regions(user):
        if (county := region.county) is not None:
            counties[county.pk] = county
    return list(counties.values())
