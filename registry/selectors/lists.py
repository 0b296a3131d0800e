"""Which lists apply to a unit on a date: the nearest list of each kind and the chain of
layers it is resolved from; the same rule for many dates or many units in one query."""

from __future__ import annotations

import dataclasses
import datetime

from django.utils import timezone

from registry.enums import kinds_for_level
from registry.models import DutyList, ListVersion, Region
from registry.status import in_force_on


@dataclasses.dataclass(frozen=True)
class ApplicableList:
    """A list that applies to a region on a date, and the version of it in force.

    ``duty_list``/``version`` are the nearest list of the kind (the unit's own, else the one
    above it); ``layers`` every version the unit's list is resolved from, root first (one for a
    plain list; the catalogue, the county's and the township's for a derived one:
    ``registry.layers``)."""

    duty_list: DutyList
    version: ListVersion
    inherited: bool  # attached to an ancestor, not to the region itself
    layers: tuple[ListVersion, ...] = ()

    @property
    def derived(self) -> bool:
        return len(self.layers) > 1 or self.duty_list.is_derived


def _chain(nearest_first: list[ListVersion]) -> tuple[ListVersion, ...]:
    """The versions a unit's list is resolved from, root first: from the nearest list upwards
    while each is derived (the first list that is not is the root)."""
    chain: list[ListVersion] = []
    for v in nearest_first:
        chain.append(v)
        if not v.duty_list.is_derived:
            break
    return tuple(reversed(chain))


def lists_for_region(
    *,
    region: Region,
    on: datetime.date | None = None,
    kinds: list[str] | tuple[str, ...] | None = None,
) -> list[ApplicableList]:
    """The lists in force for ``region`` on ``on``, one per kind (one query).

    A list attached to an ancestor (typically the county) applies to the whole subtree; a
    list of the same kind attached lower down is a set of adjustments to it (``layers``),
    never a replacement. A township sees the township kinds, a village the village kinds; a
    county or city sees all eight.
    """
    on = on or timezone.localdate()
    lineage = region.lineage()  # nearest first
    depth = {r.pk: i for i, r in enumerate(lineage)}
    # ``kinds`` may name kinds the level does not see by default (a township's village lists,
    # the source of a village's own list).
    wanted = list(kinds) if kinds is not None else list(kinds_for_level(region.level))
    versions = (
        ListVersion.objects.in_force(on=on)
        .filter(duty_list__region_id__in=list(depth), duty_list__kind__in=wanted)
        .select_related("duty_list__region")
    )
    by_kind: dict[str, list[ListVersion]] = {}
    for v in versions:
        by_kind.setdefault(v.duty_list.kind, []).append(v)
    result = []
    for kind in wanted:
        if kind not in by_kind:
            continue
        nearest_first = sorted(by_kind[kind], key=lambda v: depth[v.duty_list.region_id])
        nearest = nearest_first[0]
        result.append(
            ApplicableList(
                duty_list=nearest.duty_list,
                version=nearest,
                inherited=nearest.duty_list.region_id != region.pk,
                layers=_chain(nearest_first),
            )
        )
    return result


def nearest_versions_on(
    *,
    region: Region,
    days: list[datetime.date],
    kinds: list[str] | tuple[str, ...] | None = None,
) -> dict[datetime.date, list[int]]:
    """For each of ``days``, the pk of the nearest list version in force per kind for ``region``
    — the ``version`` ``lists_for_region`` answers on that day — in one query for every day:
    all versions of the lineage's lists are read once and each day resolved by
    ``registry.status.in_force_on`` (the load picture resolves 12 month-ends)."""
    lineage = region.lineage()  # nearest first
    depth = {r.pk: i for i, r in enumerate(lineage)}
    wanted = list(kinds) if kinds is not None else list(kinds_for_level(region.level))
    rows = ListVersion.objects.filter(
        duty_list__region_id__in=list(depth), duty_list__kind__in=wanted
    ).values_list("pk", "effective_from", "duty_list_id", "duty_list__kind", "duty_list__region_id")
    by_list: dict[int, list[_Dated]] = {}
    list_of: dict[int, tuple[str, int]] = {}
    for pk, effective_from, list_id, kind, region_id in rows:
        by_list.setdefault(list_id, []).append(_Dated(pk, effective_from))
        list_of[list_id] = (kind, depth[region_id])
    result = {}
    for day in days:
        nearest: dict[str, tuple[int, int]] = {}
        for list_id, versions in by_list.items():
            current = in_force_on(versions, day)
            if current is None:
                continue
            kind, d = list_of[list_id]
            if kind not in nearest or d < nearest[kind][0]:
                nearest[kind] = (d, current.pk)
        result[day] = [nearest[k][1] for k in wanted if k in nearest]
    return result


def nearest_versions_for_units(
    *,
    units: list[Region],
    on: datetime.date,
    kinds: list[str] | tuple[str, ...] | None = None,
) -> dict[int, list[int]]:
    """For each of ``units``, ``nearest_versions_on(region=unit, days=[on])[on]`` — unit pk →
    the pk of the nearest version in force per kind — in one query for all the units: every
    version of every list on the units' lineages is read once and each unit resolved in Python
    (the comparison of a city's townships). The units' ancestors must be loaded (``parent``
    cached) or ``lineage`` queries per unit."""
    lineages = {u.pk: u.lineage() for u in units}
    wanted = {
        u.pk: list(kinds) if kinds is not None else list(kinds_for_level(u.level)) for u in units
    }
    rows = ListVersion.objects.filter(
        duty_list__region_id__in={r.pk for lineage in lineages.values() for r in lineage},
        duty_list__kind__in={k for ks in wanted.values() for k in ks},
    ).values_list("pk", "effective_from", "duty_list_id", "duty_list__kind", "duty_list__region_id")
    by_list: dict[int, list[_Dated]] = {}
    list_of: dict[int, tuple[str, int]] = {}
    for pk, effective_from, list_id, kind, region_id in rows:
        by_list.setdefault(list_id, []).append(_Dated(pk, effective_from))
        list_of[list_id] = (kind, region_id)
    current = {list_id: in_force_on(versions, on) for list_id, versions in by_list.items()}
    result = {}
    for unit in units:
        depth = {r.pk: i for i, r in enumerate(lineages[unit.pk])}
        nearest: dict[str, tuple[int, int]] = {}
        for list_id, version in current.items():
            kind, region_id = list_of[list_id]
            if version is None or region_id not in depth or kind not in wanted[unit.pk]:
                continue
            d = depth[region_id]
            if kind not in nearest or d < nearest[kind][0]:
                nearest[kind] = (d, version.pk)
        result[unit.pk] = [nearest[k][1] for k in wanted[unit.pk] if k in nearest]
    return result


@dataclasses.dataclass(frozen=True)
class _Dated:
    pk: int
    effective_from: datetime.date
