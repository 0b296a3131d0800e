"""One list's versions: the version in force, each version's status, the export shape of a
version and the comparison of two."""

from __future__ import annotations

import datetime

from django.utils import timezone

from registry.compare import Comparison, compare_items
from registry.enums import VersionStatus
from registry.models import DutyList, ListItem, ListVersion, Region
from registry.status import Status, status_on

from .items import item_dicts_for_version
from .units import unit_list


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


def version_by_number(*, duty_list: DutyList, number: int) -> ListVersion | None:
    return duty_list.versions.filter(number=number).select_related("duty_list__region").first()


# A plain list's items carry the keys of a resolved list's items (``layers.numbered``), empty.
_NO_PROVENANCE = {
    "provenance": "",
    "provenance_label": "",
    "origin": "",
    "reworded_by": "",
    "source_seq": None,
    "source_title": "",
    "source_document_no": "",
    "source_reference": "",
    "citation": "",
}


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
        data["items"] = [{**i, **_NO_PROVENANCE} for i in item_dicts_for_version(version=version)]
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
