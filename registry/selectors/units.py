"""A unit's lists resolved through their layers (``registry.layers``): the items a region
carries on a date, with provenance, exclusions and flags."""

from __future__ import annotations

import dataclasses
import datetime

from django.utils import timezone

from registry import layers
from registry.enums import Provenance, RegionLevel, applies_to_values_for
from registry.models import ListItem, ListVersion, Region
from registry.models.items import targets_cover

from .items import _dicts_by_version
from .lists import ApplicableList, lists_for_region


def region_get(*, code: str) -> Region | None:
    """A region with its whole lineage loaded in the same query."""
    return Region.objects.select_related("parent__parent__parent__parent").filter(code=code).first()


def version_layer(version: ListVersion, rows) -> layers.Layer:
    region = version.duty_list.region
    return layers.Layer(
        region_code=region.code,
        region_name=region.name,
        level=region.level,
        derived=version.duty_list.is_derived,
        rows=rows,
        version_label=f"{version.document_no}（第{version.number}版）",
        title=str(version.duty_list),
        document_no=version.document_no,
    )


def provenance_label(provenance: str) -> str:
    return str(Provenance(provenance).label)


def unit_filter(region: Region):
    """Whether an item applies to ``region`` (``applies_to`` and 准入 ``targets``); a county or
    city sees every item."""
    if region.level not in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE):
        return lambda get: True
    allowed = set(applies_to_values_for(region.unit_type))
    return lambda get: get("applies_to") in allowed and targets_cover(get("targets"), region.code)


def items_for_region(
    *, region: Region, on: datetime.date | None = None, kinds: list[str] | None = None
) -> list[tuple[ApplicableList, list[ListItem]]]:
    """Every item that applies to ``region`` on ``on``, grouped by list (two queries), each
    list resolved through its layers (``registry.layers``: exclusions removed, local wording
    applied; a reworded item is an unsaved copy).

    Items are narrowed by ``applies_to`` and ``targets`` for townships and villages (a county
    view shows every item).
    """
    return [
        (a, [r.row for r in resolved.items])
        for a, resolved in resolved_for_region(region=region, on=on, kinds=kinds)
    ]


def resolved_for_region(
    *, region: Region, on: datetime.date | None = None, kinds: list[str] | None = None
) -> list[tuple[ApplicableList, layers.Resolved]]:
    """``items_for_region`` with the provenance, exclusions and flags of each list (two
    queries)."""
    applicable = lists_for_region(region=region, on=on, kinds=kinds)
    if not applicable:
        return []
    rows: dict[int, list[ListItem]] = {v.pk: [] for a in applicable for v in a.layers}
    for item in ListItem.objects.filter(version__in=list(rows)).select_related("department"):
        rows[item.version_id].append(item)
    keep = unit_filter(region)
    out = []
    for a in applicable:
        resolved = layers.resolve(
            kind=a.duty_list.kind,
            layers=[version_layer(v, rows[v.pk]) for v in a.layers],
            unit_code=region.code,
        )
        items = tuple(r for r in resolved.items if keep(lambda f, row=r.row: getattr(row, f, "")))
        out.append((a, dataclasses.replace(resolved, items=items)))
    return out


@dataclasses.dataclass(frozen=True)
class UnitList:
    """One kind's list as a unit carries it on a date (the export shape plus provenance)."""

    unit: Region
    kind: str
    version: ListVersion  # the nearest layer (the version whose 文号 the unit's list cites)
    layers: tuple[ListVersion, ...]
    # The export shape + "provenance", "provenance_label", "origin", "reworded_by" and the
    # document each item stands in ("source_seq", "source_title", "source_document_no",
    # "source_reference", "citation": ``layers.numbered``); a derived list is numbered 1..n.
    items: list[dict]
    resolved: layers.Resolved

    @property
    def derived(self) -> bool:
        return len(self.layers) > 1

    @property
    def source(self) -> ListVersion | None:
        return self.layers[-2] if len(self.layers) > 1 else None

    @property
    def resolved_dicts(self) -> list[dict]:
        """Every resolved item, before narrowing to the unit (the source of a list below)."""
        return [r.row for r in self.resolved.items]


def source_items(*, region: Region, kind: str, on: datetime.date) -> dict[str, dict] | None:
    """The source of a derived list on ``region``: the list of ``kind`` as ``region``'s parent
    carries it on ``on``, by code (two queries); None when no list above applies."""
    if region.parent_id is None:
        return None
    found = unit_list(unit=region.parent, kind=kind, on=on)
    if found is None:
        return None
    return {i["code"]: i for i in found.resolved_dicts}


def unit_list(
    *,
    unit: Region,
    kind: str,
    on: datetime.date | None = None,
    pin: ListVersion | None = None,
) -> UnitList | None:
    """The list of ``kind`` in force for ``unit`` on ``on``, resolved through its layers, as
    plain values (two queries). ``pin`` shows one version of one of the layers (a versions/<n>/
    page) with the other layers as in force on ``on``. None when no list applies."""
    on = on or (pin.effective_from if pin else timezone.localdate())
    found = lists_for_region(region=unit, on=on, kinds=[kind])
    chain: tuple[ListVersion, ...] = found[0].layers if found else ()
    if pin is not None:
        same = next((v for v in chain if v.duty_list_id == pin.duty_list_id), None)
        if same is not None:
            if same.pk != pin.pk:
                pin.duty_list = same.duty_list  # already loaded with its region
            chain = tuple(pin if v.duty_list_id == pin.duty_list_id else v for v in chain)
        else:
            # The pinned list is not one of the unit's layers (a newer root below it, or no
            # version in force yet): show it on its own.
            chain = (pin,)
    if not chain:
        return None
    by_version = _dicts_by_version([v.pk for v in chain])
    resolved = layers.resolve(
        kind=kind, layers=[version_layer(v, by_version[v.pk]) for v in chain], unit_code=unit.code
    )
    keep = unit_filter(unit)
    items = layers.numbered(
        [r for r in resolved.items if keep(r.row.get)],
        label=provenance_label,
        renumber=len(chain) > 1,
    )
    return UnitList(
        unit=unit,
        kind=kind,
        version=chain[-1],
        layers=chain,
        items=items,
        resolved=resolved,
    )


def items_for_department(
    *, department, region: Region, on: datetime.date | None = None
) -> list[tuple[ApplicableList, list[ListItem]]]:
    """Items naming ``department`` in the lists in force for ``region`` on ``on``, resolved
    through their layers (two queries)."""
    return [
        (a, hits)
        for a, items in items_for_region(region=region, on=on)
        if (hits := [i for i in items if i.department_id == department.pk])
    ]
