"""Reference data of a report: categories, regions, departments and the routing proposal
(most of them cached per process, see refcache)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet

from registry.enums import RegionLevel
from registry.models import Department, Region

from .. import refcache
from ..models import Category


def categories() -> list[Category]:
    return list(Category.objects.all())


def reporting_regions(*, county: Region) -> list[tuple[Region, int]]:
    """The county, its townships and villages in tree order, with their depth (for the picker).

    Cached per process and checked against the regions' history (refcache); do not change the
    instances."""
    return refcache.county_regions(county=county, load=_reporting_regions_from_db)


def _reporting_regions_from_db(county: Region) -> list[tuple[Region, int]]:
    regions = list(Region.objects.filter(code__startswith=county.code[:6]).order_by("code"))
    by_parent: dict[int | None, list[Region]] = defaultdict(list)
    for region in regions:
        by_parent[region.parent_id].append(region)
    ordered: list[tuple[Region, int]] = []

    def walk(node: Region, depth: int) -> None:
        ordered.append((node, depth))
        for child in by_parent.get(node.pk, []):
            walk(child, depth + 1)

    walk(county, 0)
    return ordered


def reporting_counties() -> QuerySet[Region]:
    return Region.objects.counties().order_by("code")


def routing_proposal(
    *, county: Region, region: Region, category: Category, excluded: frozenset[int]
) -> Department | None:
    """The most specific active rule for the region's lineage, never a department the case is
    about (``excluded`` = ``visibility.conflict_ids``)."""
    lineage = {r.pk: depth for depth, r in enumerate(region.lineage())}
    best: tuple[int, Department] | None = None
    for region_id, department in refcache.routing_rules(
        county_id=county.pk, category_id=category.pk
    ):
        if department.pk in excluded:
            continue
        depth = lineage.get(region_id, 10_000) if region_id else 1_000
        if region_id and region_id not in lineage:
            continue
        if best is None or depth < best[0]:
            best = (depth, department)
    return best[1] if best else None


def category_by_code(code: str) -> Category | None:
    """A category by its code (cached per process; see refcache)."""
    return refcache.category(code.strip()) if code and code.strip() else None


def region_by_code(code: str) -> Region | None:
    """A region by its 12-digit code with its ancestors loaded (cached per process)."""
    return refcache.region(code.strip()) if code and code.strip() else None


def department_by_code(*, county: Region, code: str) -> Department | None:
    """A department of the county by its code (cached per process)."""
    code = (code or "").strip()
    return refcache.department(county_id=county.pk, code=code) if code else None


def county_codes() -> list[str]:
    """The codes of the counties in the system (Open311's default jurisdiction when one)."""
    return list(
        Region.objects.filter(level=RegionLevel.COUNTY)
        .order_by("code")
        .values_list("code", flat=True)
    )


def region_names(ids) -> dict[int, str]:
    """Names of regions by id, with the township for a village (“林源镇东岗村”)."""
    return {
        r.pk: (
            f"{r.parent.name}{r.name}" if r.level == RegionLevel.VILLAGE and r.parent else r.name
        )
        for r in Region.objects.filter(pk__in=set(ids)).select_related("parent")
    }
