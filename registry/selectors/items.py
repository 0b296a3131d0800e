"""The items of a version as model instances or plain values (the stable export shape), and
how many of them a unit carries."""

from __future__ import annotations

from django.db.models import Count

from registry.columns import EXPORT_FIELDS
from registry.enums import RegionLevel, applies_to_values_for
from registry.models import ListItem, ListVersion, Region
from registry.models.items import targets_cover, targets_q


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


def item_as_dict(item: ListItem) -> dict:
    """The stable export shape of an item (department by its short name as published)."""
    data = {f: getattr(item, f) for f in EXPORT_FIELDS}
    data["department"] = item.department_label
    return data


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
