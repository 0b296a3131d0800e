"""Reads that cross relations. Each owns its select_related/prefetch_related;
tests assert how many queries they take."""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Count, Q
from django.utils import timezone

from registry.admission import Precedent
from registry.columns import EXPORT_FIELDS
from registry.compare import Comparison, compare_items
from registry.enums import (
    AdmissionStatus,
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
from registry.status import Status, status_on


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
    """A list that applies to a region on a date, and the version of it in force."""

    duty_list: DutyList
    version: ListVersion
    inherited: bool  # attached to an ancestor, not to the region itself


def lists_for_region(*, region: Region, on: datetime.date | None = None) -> list[ApplicableList]:
    """The lists in force for ``region`` on ``on``, one per kind.

    A list attached to an ancestor (typically the county) applies to the whole
    subtree; a list of the same kind attached lower down, once in force,
    overrides it for its own subtree. A township sees the township kinds, a
    village the village kinds; a county or city sees all eight.
    """
    on = on or timezone.localdate()
    lineage = region.lineage()  # nearest first
    depth = {r.pk: i for i, r in enumerate(lineage)}
    versions = (
        ListVersion.objects.in_force(on=on)
        .filter(
            duty_list__region_id__in=list(depth),
            duty_list__kind__in=kinds_for_level(region.level),
        )
        .select_related("duty_list__region")
    )
    best: dict[str, ListVersion] = {}
    for v in versions:
        kind = v.duty_list.kind
        if kind not in best or depth[v.duty_list.region_id] < depth[best[kind].duty_list.region_id]:
            best[kind] = v
    order = kinds_for_level(region.level)
    return [
        ApplicableList(
            duty_list=best[k].duty_list,
            version=best[k],
            inherited=best[k].duty_list.region_id != region.pk,
        )
        for k in order
        if k in best
    ]


def items_for_version(*, version: ListVersion, unit_type: str | None = None) -> list[ListItem]:
    qs = version.items.select_related("department").order_by("seq")
    if unit_type:
        qs = qs.filter(applies_to__in=applies_to_values_for(unit_type))
    return list(qs)


def _for_unit(qs, region_code: str):
    """Items that apply to the unit ``region_code``: no ``targets``, or targets naming it (a
    12-digit code inside the text matches only itself)."""
    return qs.filter(Q(targets="") | Q(targets__contains=region_code))


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
    """Every item that applies to ``region`` on ``on``, grouped by list (two queries).

    Items are narrowed by ``applies_to`` for townships and villages (a county
    view shows every item).
    """
    applicable = [
        a
        for a in lists_for_region(region=region, on=on)
        if kinds is None or a.duty_list.kind in kinds
    ]
    if not applicable:
        return []
    items = ListItem.objects.filter(version__in=[a.version for a in applicable]).select_related(
        "department"
    )
    if region.level in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE):
        items = _for_unit(
            items.filter(applies_to__in=applies_to_values_for(region.unit_type)), region.code
        )
    by_version: dict[int, list[ListItem]] = {a.version.pk: [] for a in applicable}
    for item in items.order_by("seq"):
        by_version[item.version_id].append(item)
    return [(a, by_version[a.version.pk]) for a in applicable]


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


def item_as_dict(item: ListItem) -> dict:
    """The stable export shape of an item (department by its short name as published)."""
    data = {f: getattr(item, f) for f in EXPORT_FIELDS}
    data["department"] = item.department_label
    return data


def version_export(*, version: ListVersion, on: datetime.date | None = None) -> dict:
    """The JSON shape of ``export_list`` (a stable interface other tools rely on).

    ``status`` is the version's status on ``on`` (today by default), so an
    export of an earlier date says whether that version has since been replaced.
    """
    status = version_status(version=version, on=on)
    return {
        "region": version.duty_list.region.code,
        "region_name": version.duty_list.region.name,
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
        "items": item_dicts_for_version(version=version),
    }


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


def version_by_number(*, duty_list: DutyList, number: int) -> ListVersion | None:
    return duty_list.versions.filter(number=number).select_related("duty_list__region").first()


def items_for_department(
    *, department, region: Region, on: datetime.date | None = None
) -> list[tuple[ApplicableList, list[ListItem]]]:
    """Items naming ``department`` in the lists in force for ``region`` on ``on`` (two queries)."""
    applicable = lists_for_region(region=region, on=on)
    if not applicable:
        return []
    by_version: dict[int, list[ListItem]] = {a.version.pk: [] for a in applicable}
    for item in (
        ListItem.objects.filter(version__in=[a.version for a in applicable], department=department)
        .select_related("department")
        .order_by("seq")
    ):
        by_version[item.version_id].append(item)
    return [(a, by_version[a.version.pk]) for a in applicable if by_version[a.version.pk]]


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
