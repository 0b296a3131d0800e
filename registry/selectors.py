"""Reads that cross relations. Each owns its select_related/prefetch_related;
tests assert how many queries they take."""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Count
from django.utils import timezone

from registry import layers
from registry.admission import Precedent
from registry.columns import EXPORT_FIELDS
from registry.compare import Comparison, compare_items
from registry.enums import (
    AdmissionStatus,
    Provenance,
    RegionLevel,
    VersionStatus,
    applies_to_values_for,
    kinds_for_level,
)
from registry.models import (
    AdmissionRequest,
    CheckDecision,
    DutyList,
    ListItem,
    ListVersion,
    Region,
)
from registry.models.items import targets_cover, targets_q
from registry.status import Status, in_force_on, status_on


def region_get(*, code: str) -> Region | None:
    """A region with its whole lineage loaded in the same query."""
    return Region.objects.select_related("parent__parent__parent__parent").filter(code=code).first()


def version_in_force(*, duty_list: DutyList, on: datetime.date | None = None) -> ListVersion | None:
    on = on or timezone.localdate()
    return duty_list.versions.in_force(on=on).first()


def version_status(*, version: ListVersion, on: datetime.date | None = None) -> VersionStatus:
    """现行有效 / 尚未生效 / 已失效 on ``on``, from the dates of the list's versions (one query)."""
    on = on or timezone.localdate()
    siblings = [
        version if v.pk == version.pk else v
        for v in ListVersion.objects.filter(duty_list_id=version.duty_list_id).only(
            "pk", "effective_from"
        )
    ]
    return next(r.status for r in status_on(siblings, on) if r.version is version)


def versions_with_status(*, duty_list: DutyList, on: datetime.date | None = None) -> list[Status]:
    """Every version of a list, oldest first, with its status on ``on`` (one query)."""
    on = on or timezone.localdate()
    versions = duty_list.versions.select_related("published_by").order_by("effective_from")
    return status_on(versions, on)


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


def _layer(version: ListVersion, rows) -> layers.Layer:
    region = version.duty_list.region
    return layers.Layer(
        region_code=region.code,
        region_name=region.name,
        level=region.level,
        derived=version.duty_list.is_derived,
        rows=rows,
        version_label=f"{version.document_no}（第{version.number}版）",
    )


def _unit_filter(region: Region):
    """Whether an item applies to ``region`` (``applies_to`` and 准入 ``targets``); a county or
    city sees every item."""
    if region.level not in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE):
        return lambda get: True
    allowed = set(applies_to_values_for(region.unit_type))
    return lambda get: get("applies_to") in allowed and targets_cover(get("targets"), region.code)


def items_for_version(*, version: ListVersion, unit_type: str | None = None) -> list[ListItem]:
    qs = version.items.select_related("department").order_by("seq")
    if unit_type:
        qs = qs.filter(applies_to__in=applies_to_values_for(unit_type))
    return list(qs)


def _for_unit(qs, region_code: str):
    """Items that apply to the unit ``region_code``: no ``targets``, or targets naming it (a
    12-digit code inside the text matches only itself)."""
    return qs.filter(targets_q(region_code))


def item_dicts_for_version(
    *, version: ListVersion, unit_type: str | None = None, region_code: str | None = None
) -> list[dict]:
    """``items_for_version`` in the stable export shape of ``item_as_dict``, read as plain values
    (one query, no model instances: what the public pages and comparisons iterate over).
    ``region_code`` narrows to the items that unit carries (admitted items name their units)."""
    qs = ListItem.objects.filter(version=version).order_by("seq")
    if unit_type:
        qs = qs.filter(applies_to__in=applies_to_values_for(unit_type))
    if region_code:
        qs = _for_unit(qs, region_code)
    # The department as published (its short name then), never the department's current name.
    fields = [f if f != "department" else "department_short_name" for f in EXPORT_FIELDS]
    rows = []
    for values in qs.values_list(*fields):
        row = dict(zip(EXPORT_FIELDS, values, strict=True))
        row["department"] = row["department"] or ""
        rows.append(row)
    return rows


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
    keep = _unit_filter(region)
    out = []
    for a in applicable:
        resolved = layers.resolve(
            kind=a.duty_list.kind,
            layers=[_layer(v, rows[v.pk]) for v in a.layers],
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
    items: list[dict]  # export shape + "provenance", "provenance_label", "origin", "reworded_by"
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


def _dicts_by_version(version_ids) -> dict[int, list[dict]]:
    fields = [f if f != "department" else "department_short_name" for f in EXPORT_FIELDS]
    out: dict[int, list[dict]] = {pk: [] for pk in version_ids}
    for values in (
        ListItem.objects.filter(version__in=list(version_ids))
        .order_by("seq")
        .values_list("version_id", *fields)
    ):
        row = dict(zip(EXPORT_FIELDS, values[1:], strict=True))
        row["department"] = row["department"] or ""
        out[values[0]].append(row)
    return out


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
        kind=kind, layers=[_layer(v, by_version[v.pk]) for v in chain], unit_code=unit.code
    )
    keep = _unit_filter(unit)
    items = []
    for r in resolved.items:
        if not keep(r.row.get):
            continue
        items.append(
            {
                **r.row,
                "provenance": r.provenance,
                "provenance_label": Provenance(r.provenance).label,
                "origin": r.origin_name,
                "reworded_by": r.reworded_by,
            }
        )
    return UnitList(
        unit=unit,
        kind=kind,
        version=chain[-1],
        layers=chain,
        items=items,
        resolved=resolved,
    )


def item_counts_for_unit(*, region: Region, versions) -> dict[int, int]:
    """How many items of each version apply to ``region`` (narrowed as ``items_for_region``
    narrows them), in one query: version pk → count (the load picture counts many dates)."""
    items = ListItem.objects.filter(version__in=versions)
    if region.level in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE):
        items = _for_unit(
            items.filter(applies_to__in=applies_to_values_for(region.unit_type)), region.code
        )
    return dict(
        items.order_by().values("version").annotate(n=Count("pk")).values_list("version", "n")
    )


def item_counts_for_units(*, units: list[Region], versions) -> dict[int, dict[int, int]]:
    """``item_counts_for_unit`` for many units in one query: unit pk → version pk → count. The
    items are counted grouped by version, ``applies_to`` and ``targets`` and each unit keeps
    the groups ``item_counts_for_unit`` would (``targets_cover`` is ``_for_unit`` in Python)."""
    groups = list(
        ListItem.objects.filter(version__in=versions)
        .order_by()
        .values("version", "applies_to", "targets")
        .annotate(n=Count("pk"))
        .values_list("version", "applies_to", "targets", "n")
    )
    result: dict[int, dict[int, int]] = {}
    for unit in units:
        counts: dict[int, int] = {}
        narrowed = unit.level in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)
        allowed = set(applies_to_values_for(unit.unit_type)) if narrowed else set()
        for version, applies_to, targets, n in groups:
            if narrowed and (applies_to not in allowed or not targets_cover(targets, unit.code)):
                continue
            counts[version] = counts.get(version, 0) + n
        result[unit.pk] = counts
    return result


def item_as_dict(item: ListItem) -> dict:
    """The stable export shape of an item (department by its short name as published)."""
    data = {f: getattr(item, f) for f in EXPORT_FIELDS}
    data["department"] = item.department_label
    return data


def version_export(
    *,
    version: ListVersion,
    on: datetime.date | None = None,
    unit: Region | None = None,
) -> dict:
    """The JSON shape of ``export_list`` (a stable interface other tools rely on).

    ``status`` is the version's status on ``on`` (today by default), so an
    export of an earlier date says whether that version has since been replaced.
    ``unit`` (a township or village below the list, or the list's own region) keeps the
    reader's context: the items are the unit's list resolved through its layers
    (``registry.layers``), each with its provenance (全市通用 / 全县通用 / 本级增补), and the
    exclusions with their reasons (docs/export.md).
    """
    status = version_status(version=version, on=on)
    region = version.duty_list.region
    data = {
        "region": region.code,
        "region_name": region.name,
        "unit": region.code,
        "unit_name": region.name,
        "kind": version.duty_list.kind,
        "kind_name": version.duty_list.get_kind_display(),
        "version": version.number,
        "effective_from": version.effective_from.isoformat(),
        "document_no": version.document_no,
        "issuing_body": version.issuing_body,
        "change_type": version.change_type,
        "change_note": version.change_note,
        "status": status.label,
        "status_code": status.value,
        "derived": False,
        "layers": [],
        "exclusions": [],
    }
    if unit is None and not version.duty_list.is_derived:
        # A plain list: every item is the list's own (the same keys as a resolved list's items).
        data["items"] = [
            {**i, "provenance": "", "provenance_label": "", "origin": "", "reworded_by": ""}
            for i in item_dicts_for_version(version=version)
        ]
        return data
    unit = unit or region
    # The other layers as they stand while this version is the one in force.
    layered_on = (
        timezone.localdate() if status == VersionStatus.IN_FORCE else version.effective_from
    )
    found = unit_list(unit=unit, kind=version.duty_list.kind, on=layered_on, pin=version)
    data.update(
        unit=unit.code,
        unit_name=unit.name,
        derived=found.derived,
        layers=[
            {
                "region": v.duty_list.region.code,
                "region_name": v.duty_list.region.name,
                "version": v.number,
                "document_no": v.document_no,
                "effective_from": v.effective_from.isoformat(),
            }
            for v in found.layers
        ],
        exclusions=[
            {"code": e.code, "name": e.name, "reason": e.reason, "region_name": e.region_name}
            for e in found.resolved.exclusions
        ],
        items=found.items,
    )
    return data


def version_compare(*, old: ListVersion, new: ListVersion) -> Comparison:
    """Compare two versions of one list; items that moved to or from a sibling list
    (same region, by stable code, as in force on the later version's date) show as moves."""
    old_items = item_dicts_for_version(version=old)
    new_items = item_dicts_for_version(version=new)
    old_codes = {i["code"] for i in old_items}
    new_codes = {i["code"] for i in new_items}
    removed, added = old_codes - new_codes, new_codes - old_codes
    moved_to: dict[str, str] = {}
    moved_from: dict[str, str] = {}
    if removed or added:
        siblings = ListVersion.objects.filter(duty_list__region_id=new.duty_list.region_id).exclude(
            duty_list_id=new.duty_list_id
        )
        for code, kind in ListItem.objects.filter(
            version__in=siblings.in_force(on=new.effective_from), code__in=removed
        ).values_list("code", "version__duty_list__kind"):
            moved_to[code] = kind
        for code, kind in ListItem.objects.filter(
            version__in=siblings.in_force(on=old.effective_from), code__in=added
        ).values_list("code", "version__duty_list__kind"):
            moved_from[code] = kind
    return compare_items(old_items, new_items, moved_to=moved_to, moved_from=moved_from)


def unit_compare(*, unit: Region, old: ListVersion, new: ListVersion) -> Comparison:
    """Compare two versions of one list as ``unit`` carries them (each resolved through the
    unit's layers as in force on that version's date; four queries)."""
    kind = new.duty_list.kind
    before = unit_list(unit=unit, kind=kind, on=old.effective_from, pin=old)
    after = unit_list(unit=unit, kind=kind, on=new.effective_from, pin=new)
    return compare_items(before.items if before else [], after.items if after else [])


def version_by_number(*, duty_list: DutyList, number: int) -> ListVersion | None:
    return duty_list.versions.filter(number=number).select_related("duty_list__region").first()


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


@dataclasses.dataclass(frozen=True)
class RegisterRow:
    """One decision of the public admission register; ``listed_in`` is the first version of the
    target list that carries the admitted item (公布), once that version is published;
    ``in_force`` whether the version of that list in force today still carries it."""

    request: AdmissionRequest
    listed_in: ListVersion | None
    in_force: bool = False
    later: bool = False  # a published version taking effect after the day carries it

    @property
    def state(self) -> str:
        """The state a reader is told: a revoked item stays 退出待生效 while the list in force,
        or a published version still to take effect, carries it (the version without it has
        not taken effect yet)."""
        status = self.request.status
        if status == AdmissionStatus.REJECTED:
            return "不予准入"
        if status == AdmissionStatus.REVOKED:
            return "退出待生效" if self.in_force or self.later else "已退出"
        return "准予准入" if self.in_force else "准予准入（待纳入清单施行）"


def admission_register(
    *, county: Region | None = None, on: datetime.date | None = None, pk: int | None = None
) -> list[RegisterRow]:
    """Decided admission requests (批准 / 驳回 / 退出), newest decision first (five queries)."""
    on = on or timezone.localdate()
    qs = (
        AdmissionRequest.objects.filter(
            status__in=[AdmissionStatus.APPROVED, AdmissionStatus.REJECTED, AdmissionStatus.REVOKED]
        )
        .select_related("department", "county")
        .prefetch_related("target_regions")
        .order_by("-decided_on", "-pk")
    )
    if county is not None:
        qs = qs.filter(county=county)
    if pk is not None:  # one request (its page states it as the register does)
        qs = qs.filter(pk=pk)
    requests = list(qs)
    codes = {r.item_code for r in requests if r.item_code}
    first: dict[tuple[int, str, str], ListVersion] = {}
    in_force: set[tuple[int, str, str]] = set()
    later: set[tuple[int, str, str]] = set()
    if codes:
        for item in (
            ListItem.objects.filter(code__in=codes)
            .select_related("version__duty_list")
            .order_by("version__effective_from")
        ):
            key = (item.version.duty_list.region_id, item.version.duty_list.kind, item.code)
            first.setdefault(key, item.version)
        in_force = set(
            ListItem.objects.filter(
                code__in=codes, version__in=ListVersion.objects.in_force(on=on)
            ).values_list("version__duty_list__region_id", "version__duty_list__kind", "code")
        )
        later = set(
            ListItem.objects.filter(code__in=codes, version__effective_from__gt=on).values_list(
                "version__duty_list__region_id", "version__duty_list__kind", "code"
            )
        )
    return [
        RegisterRow(
            request=r,
            listed_in=first.get((r.county_id, r.list_kind, r.item_code)) if r.item_code else None,
            in_force=(r.county_id, r.list_kind, r.item_code) in in_force,
            later=(r.county_id, r.list_kind, r.item_code) in later,
        )
        for r in requests
    ]


# The most recent decisions a check compares a task with: enough for a county's working history,
# bounded so that a check stays within its latency budget.
MAX_PRECEDENTS = 500


def decision_precedents(*, county: Region | None, target_level: str) -> list[Precedent]:
    """People's decisions on tasks for ``target_level`` units of ``county``, newest first (one
    query).  Never another county's: its lists, and so its decisions, are not this county's."""
    if county is None:
        return []
    rows = CheckDecision.objects.filter(county=county, target_level=target_level).values_list(
        "pk", "text", "verdict", "item_code", "source", "created_at"
    )[:MAX_PRECEDENTS]
    return [
        Precedent(
            text=text,
            verdict=verdict,
            target_level=target_level,
            item_code=code,
            source=source,
            decided_on=timezone.localtime(created).date().isoformat(),
            ref=str(pk),
        )
        for pk, text, verdict, code, source, created in rows
    ]


# Columns compared when a county's item and the catalogue's item share a code (本级表述).
CATALOGUE_COMPARED = ("name", "content", "department_duty", "local_duty", "basis", "note")


@dataclasses.dataclass(frozen=True)
class CatalogueDiff:
    """One county's list of one kind against the city's catalogue (各县（区）对照指导目录的增减)."""

    county: Region
    kind: str
    catalogue: ListVersion
    version: ListVersion | None  # the county's own list version in force (None: catalogue as is)
    derived: bool  # the county's list adjusts the catalogue (False: a complete list of its own)
    added: list[dict]
    excluded: list[dict]  # catalogue items the county does not carry, with the reason if given
    reworded: list[tuple[dict, dict, list[str]]]  # (catalogue item, county item, fields)


def catalogue_comparison(*, city: Region, on: datetime.date | None = None) -> list[CatalogueDiff]:
    """Per county of ``city`` and per kind of its catalogue: items added, excluded and reworded
    against the catalogue, read from the resolved lists by code (two queries per county and
    kind), so a county whose list predates the catalogue is compared the same way."""
    on = on or timezone.localdate()
    catalogues = {
        v.duty_list.kind: v
        for v in ListVersion.objects.in_force(on=on)
        .filter(duty_list__region=city)
        .select_related("duty_list__region")
    }
    out: list[CatalogueDiff] = []
    counties = list(Region.objects.filter(parent=city, level=RegionLevel.COUNTY).order_by("code"))
    base_rows = _dicts_by_version([v.pk for v in catalogues.values()])
    for county in counties:
        # Two queries per county: its chains for every kind, then every layer's items.
        chains = {
            a.duty_list.kind: a.layers
            for a in lists_for_region(region=county, on=on, kinds=list(catalogues))
        }
        rows = _dicts_by_version({v.pk for layers_ in chains.values() for v in layers_})
        for kind in kinds_for_level(RegionLevel.COUNTY):
            catalogue = catalogues.get(kind)
            if catalogue is None:
                continue
            base = {i["code"]: i for i in base_rows[catalogue.pk]}
            chain = chains.get(kind, (catalogue,))
            resolved = layers.resolve(
                kind=kind, layers=[_layer(v, rows[v.pk]) for v in chain], unit_code=county.code
            )
            own = chain[-1] if chain[-1].duty_list.region_id == county.pk else None
            items = {r.code: r.row for r in resolved.items}
            reasons = {e.code: e.reason for e in resolved.exclusions}
            reworded = []
            for code, item in items.items():
                if code in base:
                    fields = [
                        f
                        for f in CATALOGUE_COMPARED
                        if (item.get(f) or "") != (base[code].get(f) or "")
                    ]
                    if fields:
                        reworded.append((base[code], item, fields))
            out.append(
                CatalogueDiff(
                    county=county,
                    kind=kind,
                    catalogue=catalogue,
                    version=own,
                    derived=bool(own and own.duty_list.is_derived),
                    added=[i for c, i in items.items() if c not in base],
                    excluded=[
                        {**i, "reason": reasons.get(c, "")}
                        for c, i in base.items()
                        if c not in items
                    ],
                    reworded=reworded,
                )
            )
    return out
