"""Read-only JSON API of the public registry: regions, lists as of a date, versions, compare, search.

Every bad parameter is a 400 or 404 with a Chinese ``detail``, never a 500.
Dates are taken as strings and parsed here so that the message is ours.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import create_model

from registry import params, selectors
from registry.columns import (
    ADMISSION_FIELDS,
    DERIVED_FIELDS,
    FIELD_LABELS,
    ITEM_FIELDS,
    MATCHING_FIELDS,
)
from registry.enums import ListKind
from registry.models import DutyList, Region
from registry.search import search_items

from .errors import ERRORS

router = Router(tags=["清单"])


class RegionRef(Schema):
    code: str
    name: str
    level: str
    unit_type: str


class RegionOut(RegionRef):
    full_name: str
    parent: RegionRef | None = None
    children: list[RegionRef]


class ListRef(Schema):
    """Which list: its region and kind."""

    region: str
    region_name: str
    kind: str
    kind_name: str


class VersionRef(Schema):
    """Which version of a list, with its 文号 and 印发机关."""

    version: int
    effective_from: datetime.date
    document_no: str
    issuing_body: str


class VersionState(VersionRef):
    """A version with its 调整类型, 修订说明 and status (现行有效, 尚未生效, 已失效)."""

    change_type: str
    change_note: str
    status: str
    status_code: str


# A list response names the list, then the version: pydantic orders the fields of the bases from
# the last base to the first, so ``(Version…, ListRef)`` puts the ListRef fields first.
class ListSummary(VersionRef, ListRef):
    region: str = Field(description="清单所属区划代码（县级统一制定的清单为县的代码）")
    inherited: bool
    item_count: int = Field(description="适用于所查询区划的事项数（已按适用范围筛选）")


# The item fields come from the catalogue (registry.columns): each described by its Chinese name
# or the fuller note below; the admission terms, matching aids and adjustment may be absent.
_ITEM_NOTES = {
    "targets": "限定承接单位（准入事项，如“东岗村（990123101201）”）；空表示按适用范围全部",
    "admission_no": "准入文号（经准入审定的事项）",
    "keywords": "关键词（清单编辑维护的匹配辅助）",
    "adjustment": "本级调整清单中的调整方式：空为本级增补/普通事项（解析后的清单中不出现不适用）",
    "reason": "调整说明",
}
_ITEM_OPTIONAL = {*ADMISSION_FIELDS, *MATCHING_FIELDS, *DERIVED_FIELDS}


def _item_field(name: str) -> tuple[type, Any]:
    default = "" if name in _ITEM_OPTIONAL else ...
    return (int if name == "seq" else str), Field(
        default, description=_ITEM_NOTES.get(name, FIELD_LABELS[name])
    )


ItemFields = create_model("ItemFields", __base__=Schema, **{f: _item_field(f) for f in ITEM_FIELDS})


class Item(ItemFields):
    provenance: str = Field(
        "",
        description="来源代码：city 全市通用、county 全县通用、township 全乡镇（街道）通用、"
        "own 本级制定、local 本级增补（仅在本级调整清单或指定 unit 时给出）",
    )
    provenance_label: str = Field("", description="来源：全市通用 / 全县通用 / 本级增补 / 本级制定")
    origin: str = Field("", description="带来该事项的清单所属区划名称")
    reworded_by: str = Field("", description="作出本级表述的区划名称（未改写为空）")
    source_seq: int | None = Field(
        None,
        description="该事项在其所在文件（source_title）中的序号；解析后的清单中 seq 为本清单内的序号",
    )
    source_title: str = Field("", description="该事项所在清单的名称（如“松岭区基本履职事项清单”）")
    source_document_no: str = Field("", description="该事项所在清单的文号")
    source_reference: str = Field(
        "", description="出处：《清单名称》（文号）第n项（仅在本级调整清单或指定 unit 时给出）"
    )
    citation: str = Field(
        "",
        description="引用文字，如“依据《松岭区基本履职事项清单》（松区发〔2026〕3号）第12项（全县通用）”",
    )


class LayerOut(Schema):
    region: str
    region_name: str
    version: int
    document_no: str
    effective_from: str


class ExclusionOut(Schema):
    code: str
    name: str
    reason: str = Field(description="不适用理由")
    region_name: str = Field(description="作出“不适用”调整的区划")


class ListOut(VersionState, ListRef):
    effective_from: str  # as the export writes it (``selectors.version_export``)
    unit: str = Field(
        "", description="所适用单位的区划代码（解析本级调整后的清单；未指定时为清单所属区划）"
    )
    unit_name: str = ""
    derived: bool = Field(
        False, description="是否为在上级清单基础上调整的清单（市指导目录 → 县 → 乡镇）"
    )
    layers: list[LayerOut] = Field(
        [], description="解析所依据的各级清单版本，由上级到本级（derived 为真时）"
    )
    exclusions: list[ExclusionOut] = Field([], description="不适用事项及理由")
    items: list[Item]


class VersionOut(VersionState):
    superseded_by: int | None


class Segment(Schema):
    op: str
    text: str


class FieldChangeOut(Schema):
    field: str
    old: str
    new: str
    segments: list[Segment]


class ItemChangeOut(Schema):
    code: str
    name: str
    old_seq: int | None
    new_seq: int | None
    other_list: str
    changes: list[FieldChangeOut]


class CompareOut(Schema):
    region: str
    kind: str
    from_version: int
    to_version: int
    counts: dict[str, int]
    added: list[ItemChangeOut]
    removed: list[ItemChangeOut]
    modified: list[ItemChangeOut]
    moved: list[ItemChangeOut]
    moved_in: list[ItemChangeOut]
    moved_out: list[ItemChangeOut]


class SearchHitOut(Schema):
    score: int
    region: str
    kind: str
    kind_name: str
    version: int
    item: Item


class SearchOut(Schema):
    query: str
    terms: list[str]
    total: int
    page: int
    pages: int
    hits: list[SearchHitOut]


# --------------------------------------------------------------------------------------------
def _date(value: str | None) -> datetime.date:
    return params.date(value, name="on", default=timezone.localdate())


def _region(code: str) -> Region:
    params.region_code(code)
    region = selectors.region_get(code=code)
    if region is None:
        raise HttpError(404, f"没有区划代码为“{code}”的区划。")
    return region


def _duty_list(region_code: str, kind: str) -> DutyList:
    region = _region(region_code)
    if kind not in ListKind.values:
        raise HttpError(400, f"清单类型“{kind}”无效，可选：{'、'.join(ListKind.values)}。")
    duty_list = DutyList.objects.filter(region=region, kind=kind).select_related("region").first()
    if duty_list is None:
        raise HttpError(
            404, f"{region.name}没有“{ListKind(kind).label}”（该类清单可能由上级统一制定）。"
        )
    return duty_list


def _ref(region: Region) -> dict:
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "unit_type": region.unit_type,
    }


def _change(change) -> dict:
    return {
        "code": change.code,
        "name": change.name,
        "old_seq": change.old_seq,
        "new_seq": change.new_seq,
        "other_list": change.other_list,
        "changes": [
            {
                "field": fc.field,
                "old": fc.old,
                "new": fc.new,
                "segments": [{"op": s.op, "text": s.text} for s in fc.segments],
            }
            for fc in change.changes
        ],
    }


# --------------------------------------------------------------------------------------------
@router.get("/regions/{code}", response={200: RegionOut, **ERRORS}, summary="区划及其下级")
def region_detail(request, code: str):
    region = _region(code)
    return {
        **_ref(region),
        "full_name": region.full_name,
        "parent": _ref(region.parent) if region.parent else None,
        "children": [_ref(c) for c in region.children.order_by("code")],
    }


@router.get(
    "/regions/{code}/lists",
    response={200: list[ListSummary], **ERRORS},
    summary="某日适用于该区划的清单（含上级统一制定的清单）",
)
def region_lists(request, code: str, on: str | None = None):
    region = _region(code)
    return [
        {
            "region": entry.duty_list.region.code,
            "region_name": entry.duty_list.region.name,
            "kind": entry.duty_list.kind,
            "kind_name": entry.duty_list.get_kind_display(),
            "version": entry.version.number,
            "effective_from": entry.version.effective_from,
            "document_no": entry.version.document_no,
            "issuing_body": entry.version.issuing_body,
            "inherited": entry.inherited,
            "item_count": len(items),
        }
        for entry, items in selectors.items_for_region(region=region, on=_date(on))
    ]


@router.get(
    "/lists/{region}/{kind}",
    response={200: ListOut, **ERRORS},
    summary="某日施行的清单版本及事项（与 export_list 相同的字段）",
)
def list_detail(
    request,
    region: str,
    kind: str,
    on: str | None = None,
    unit: str = Query(
        "", description="下级单位的区划代码：按该单位的本级调整解析清单，并标明每项来源"
    ),
):
    duty_list = _duty_list(region, kind)
    day = _date(on)
    version = selectors.version_in_force(duty_list=duty_list, on=day)
    if version is None:
        raise HttpError(404, f"{duty_list}在{day:%Y年%m月%d日}没有有效版本。")
    target = None
    if unit:
        target = _region(unit)
        if duty_list.region_id not in {r.pk for r in target.lineage()}:
            raise HttpError(400, f"区划“{unit}”不在{duty_list.region.name}之下，清单不适用。")
    return selectors.version_export(version=version, unit=target)


@router.get(
    "/lists/{region}/{kind}/versions",
    response={200: list[VersionOut], **ERRORS},
    summary="清单的全部版本（由旧到新）",
)
def list_versions(request, region: str, kind: str):
    duty_list = _duty_list(region, kind)
    return [
        {
            "version": row.version.number,
            "effective_from": row.version.effective_from,
            "document_no": row.version.document_no,
            "issuing_body": row.version.issuing_body,
            "change_type": row.version.change_type,
            "change_note": row.version.change_note,
            "status": row.status.label,
            "status_code": row.status.value,
            "superseded_by": row.superseded_by.number if row.superseded_by else None,
        }
        for row in selectors.versions_with_status(duty_list=duty_list)
    ]


@router.get(
    "/lists/{region}/{kind}/compare",
    response={200: CompareOut, **ERRORS},
    summary="比较两个版本（按稳定编码）",
)
def list_compare(
    request, region: str, kind: str, from_: str = Query("", alias="from"), to: str = ""
):
    duty_list = _duty_list(region, kind)
    numbers = [
        params.integer(value, name=label, minimum=1, what="版本号（正整数）")
        for label, value in (("from", from_), ("to", to))
    ]
    versions = []
    for number in numbers:
        version = selectors.version_by_number(duty_list=duty_list, number=number)
        if version is None:
            raise HttpError(404, f"{duty_list}没有第{number}版。")
        versions.append(version)
    comparison = selectors.version_compare(old=versions[0], new=versions[1])
    return {
        "region": duty_list.region.code,
        "kind": duty_list.kind,
        "from_version": numbers[0],
        "to_version": numbers[1],
        "counts": dict(comparison.counts),
        **{
            key: [_change(c) for c in getattr(comparison, key)]
            for key in ("added", "removed", "modified", "moved", "moved_in", "moved_out")
        },
    }


@router.get("/search", response={200: SearchOut, **ERRORS}, summary="全文检索事项（中文分词）")
def search(
    request,
    q: str = "",
    region: str | None = None,
    on: str | None = None,
    kind: str = "",
    domain: str = "",
    department: str = "",
    page: str = Query("1", description="页码，从1开始；超过末页时 hits 为空"),
):
    if not q.strip():
        raise HttpError(400, "请提供检索词 q。")
    if kind and kind not in ListKind.values:
        raise HttpError(400, f"清单类型“{kind}”无效，可选：{'、'.join(ListKind.values)}。")
    results = search_items(
        q=q,
        region=_region(region) if region else None,
        on=_date(on),
        kind=kind,
        domain=domain,
        department=department,
        page=params.page(page),
    )
    return {
        "query": results.query,
        "terms": [t.text for t in results.terms],
        "total": results.total,
        "page": results.page,
        "pages": results.pages,
        "hits": [
            {
                "score": hit.score,
                "region": hit.version.duty_list.region.code,
                "kind": hit.version.duty_list.kind,
                "kind_name": hit.version.duty_list.get_kind_display(),
                "version": hit.version.number,
                "item": selectors.item_as_dict(hit.item),
            }
            for hit in results.hits
        ],
    }
