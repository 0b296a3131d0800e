"""Master data import: regions and departments of a county."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from wagtail.log_actions import log

from registry.enums import ImportTarget, RegionLevel, UnitType
from registry.models import Department, Region
from registry.resources import (
    DEPARTMENT_HEADER_ALIASES,
    REGION_HEADER_ALIASES,
    HeaderMapping,
    normalize_header,
    resolve_headers,
)
from registry.services.regions import department_upsert, region_upsert

from .plan import PREVIEW_LIMIT, PROGRESS_EVERY, ImportPlan, Progress
from .sheet import _cell, _find_header, _missing_header_message, _read

# --- master data -----------------------------------------------------------------------------

LEVEL_WORDS = {
    **{v: v for v in RegionLevel.values},
    **{label: value for value, label in RegionLevel.choices},
    "市": RegionLevel.CITY,
    "县": RegionLevel.COUNTY,
    "区": RegionLevel.COUNTY,
    "乡镇": RegionLevel.TOWNSHIP,
    "街道": RegionLevel.TOWNSHIP,
    "村": RegionLevel.VILLAGE,
    "社区": RegionLevel.VILLAGE,
}


def master_import_prepare(  # noqa: C901 - the import's pipeline; each step is a helper
    *,
    target: str,
    file_name: str,
    data: bytes,
    county: Region | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Regions (with their codes and parents) or a county's departments. Writes nothing."""
    plan = ImportPlan(target=target, file_name=file_name)
    book = _read(plan, data)
    if book is None:
        return plan
    if target == ImportTarget.REGIONS:
        aliases, required, labels = (
            REGION_HEADER_ALIASES,
            ("code", "name", "level", "unit_type"),
            {
                "code": "区划代码",
                "name": "名称",
                "level": "层级",
                "unit_type": "单位类型",
                "parent_code": "上级区划代码",
            },
        )
    elif target == ImportTarget.DEPARTMENTS:
        if county is None or county.level != RegionLevel.COUNTY:
            plan.error("导入部门须指定所属县（县级区划）。")
            return plan
        aliases, required, labels = (
            DEPARTMENT_HEADER_ALIASES,
            ("code", "name", "short_name"),
            {"code": "部门编码", "name": "全称", "short_name": "简称", "kind": "机构类别"},
        )
    else:
        plan.error(f"未知的导入对象“{target}”。")
        return plan
    table = {normalize_header(k): v for k, v in aliases.items()}
    found = _find_header(book, table, "code")
    if found is None:
        plan.error(_missing_header_message(book, labels["code"]))
        return plan
    sheet, header_index, header_cells = found
    mapping = resolve_headers(header_cells, table)
    plan.sheet, plan.header_row, plan.columns = (
        sheet.name,
        sheet.rows[header_index][0] or None,
        dict(mapping.headers),
    )
    for f in required:
        if f not in mapping.columns:
            plan.error(f"缺少“{labels[f]}”列。")
    for written, first in mapping.duplicates:
        plan.error(f"表头“{written}”与“{first}”是同一列，只能保留一个。")
    if mapping.ignored:
        plan.warnings.append(f"以下列无法识别，已忽略：{'、'.join(mapping.ignored)}。")
    if plan.errors:
        return plan
    word = book.row_word
    data_rows = sheet.rows[header_index + 1 :]
    if progress:
        progress(0, len(data_rows))
    for done, (number, cells) in enumerate(data_rows, start=1):
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, len(data_rows))
        values = {f: _cell(cells, i) for f, i in mapping.columns.items()}
        if not any(values.values()):
            continue
        values["row"] = number
        for f in required:
            if not values.get(f):
                plan.error(f"第{number}{word}“{mapping.headers[f]}”：不能为空。")
        plan.rows.append(values)
    if progress:
        progress(len(data_rows), len(data_rows))
    if not plan.rows and not plan.errors:
        plan.error("文件中没有数据。")
    if target == ImportTarget.REGIONS:
        _validate_regions(plan, mapping, word)
    else:
        _validate_departments(plan, mapping, word, county)
    return plan


def _validate_regions(plan: ImportPlan, mapping: HeaderMapping, word: str) -> None:  # noqa: C901 - a row validator: one check per column
    h = mapping.headers
    seen: dict[str, int] = {}
    for row in plan.rows:
        at = f"第{row['row']}{word}"
        code = row.get("code", "")
        if code and not (len(code) == 12 and code.isascii() and code.isdigit()):  # not "²" or "١"
            plan.error(f"{at}“{h['code']}”：“{code}”须为12位数字。")
        if code in seen:
            plan.error(f"{at}“{h['code']}”：{code} 与第{seen[code]}{word}重复。")
        seen.setdefault(code, row["row"])
        level = LEVEL_WORDS.get(row.get("level", ""))
        if row.get("level") and level is None:
            plan.error(
                f"{at}“{h['level']}”：“{row['level']}”无效，应为"
                f"{'、'.join(RegionLevel.labels)}之一。"
            )
        row["level"] = level
        if row.get("unit_type") and row["unit_type"] not in UnitType.values:
            plan.error(
                f"{at}“{h['unit_type']}”：“{row['unit_type']}”无效，应为"
                f"{'、'.join(UnitType.values)}之一。"
            )
        if len(row.get("name", "")) > 64:
            plan.error(f"{at}“{h['name']}”：名称超过 64 个字。")
    if plan.errors:
        return
    in_file = {r["code"] for r in plan.rows}
    parents = {r.get("parent_code") for r in plan.rows if r.get("parent_code")}
    known = set(Region.objects.filter(code__in=parents - in_file).values_list("code", flat=True))
    for row in plan.rows:
        parent = row.get("parent_code", "")
        if parent and parent not in in_file and parent not in known:
            plan.error(
                f"第{row['row']}{word}“{h.get('parent_code', '上级区划代码')}”："
                f"上级区划 {parent} 既不在文件中，也不在系统中。"
            )
        if parent == row["code"]:
            plan.error(f"第{row['row']}{word}：上级区划不能是自己。")
    if plan.errors:
        return
    # Parents before children, whatever the order in the file.
    depth: dict[str, int] = {}
    by_code = {r["code"]: r for r in plan.rows}

    def level_of(code: str, trail: tuple = ()) -> int:
        if code in depth:
            return depth[code]
        if code in trail:
            plan.error(f"区划 {code} 的上级关系成环。")
            return 0
        parent = by_code.get(code, {}).get("parent_code", "")
        depth[code] = 0 if parent not in by_code else level_of(parent, (*trail, code)) + 1
        return depth[code]

    plan.rows.sort(key=lambda r: (level_of(r["code"]), r["row"]))
    existing = {r.code: r for r in Region.objects.filter(code__in=in_file).select_related("parent")}
    level_label = dict(RegionLevel.choices)

    def shown(row_or_region) -> dict[str, str]:
        if isinstance(row_or_region, Region):
            r = row_or_region
            values = (r.name, r.level, r.unit_type, r.parent.code if r.parent_id else "")
        else:
            r = row_or_region
            values = (r["name"], r["level"], r["unit_type"], r.get("parent_code", ""))
        name, level, unit_type, parent = values
        return {
            "名称": name,
            "层级": level_label.get(level, level),
            "单位类型": unit_type,
            "上级区划代码": parent,
        }

    _master_counts(plan, existing, shown)


def _validate_departments(  # noqa: C901 - a row validator: one check per column
    plan: ImportPlan, mapping: HeaderMapping, word: str, county: Region
) -> None:
    h = mapping.headers
    for field_name in ("code", "short_name"):
        seen: dict[str, int] = {}
        for row in plan.rows:
            value = row.get(field_name, "")
            if value in seen:
                plan.error(
                    f"第{row['row']}{word}“{h[field_name]}”：{value} 与第{seen[value]}{word}重复。"
                )
            seen.setdefault(value, row["row"])
    limits = {"code": 16, "name": 128, "short_name": 64, "kind": 64}
    for row in plan.rows:
        for f, limit in limits.items():
            if len(row.get(f, "")) > limit:
                plan.error(f"第{row['row']}{word}“{h[f]}”：超过 {limit} 个字。")
    if plan.errors:
        return
    existing = {d.code: d for d in Department.objects.filter(county=county)}
    owner = {d.short_name: d.code for d in existing.values()}
    for row in plan.rows:
        other = owner.get(row["short_name"])
        if other and other != row["code"]:
            plan.error(
                f"第{row['row']}{word}“{h['short_name']}”：简称“{row['short_name']}”"
                f"已属于部门 {other}。"
            )

    def shown(row_or_department) -> dict[str, str]:
        if isinstance(row_or_department, Department):
            d = row_or_department
            return {"全称": d.name, "简称": d.short_name, "机构类别": d.kind}
        r = row_or_department
        return {"全称": r["name"], "简称": r["short_name"], "机构类别": r.get("kind", "")}

    _master_counts(plan, existing, shown)


def _master_counts(
    plan: ImportPlan, existing: dict, shown: Callable[[Any], dict[str, str]]
) -> None:
    """Counts and, per row, what will be created or which fields change (old → new)."""
    created, updated = [], []
    for row in plan.rows:
        current = existing.get(row["code"])
        after = shown(row)
        if current is None:
            created.append(
                {"row": row["row"], "code": row["code"], "name": row["name"], "fields": after}
            )
            continue
        before = shown(current)
        changes = [
            {"label": label, "old": before[label], "new": value}
            for label, value in after.items()
            if before[label] != value
        ]
        if changes:
            updated.append(
                {"row": row["row"], "code": row["code"], "name": row["name"], "changes": changes}
            )
    plan.counts = {
        "rows": len(plan.rows),
        "created": len(created),
        "updated": len(updated),
        "unchanged": len(plan.rows) - len(created) - len(updated),
    }
    plan.changes = {
        "created": created[:PREVIEW_LIMIT],
        "updated": updated[:PREVIEW_LIMIT],
        "created_more": max(0, len(created) - PREVIEW_LIMIT),
        "updated_more": max(0, len(updated) - PREVIEW_LIMIT),
    }


@transaction.atomic
def master_import_commit(
    *,
    target: str,
    rows: list[dict],
    county: Region | None = None,
    user=None,
    file_name: str = "",
    counts: dict | None = None,
) -> dict:
    """Upsert every row through the region/department services, all or nothing."""
    if target == ImportTarget.REGIONS:
        regions: dict[str, Region] = {}
        for row in rows:
            parent_code = row.get("parent_code") or ""
            parent = None
            if parent_code:
                parent = regions.get(parent_code) or Region.objects.get(code=parent_code)
            regions[row["code"]] = region_upsert(
                code=row["code"],
                name=row["name"],
                level=row["level"],
                unit_type=row["unit_type"],
                parent=parent,
            )
        anchor = next(iter(regions.values()), None)
    else:
        for row in rows:
            department_upsert(
                county=county,
                code=row["code"],
                name=row["name"],
                short_name=row["short_name"],
                kind=row.get("kind", ""),
            )
        anchor = county
    result = {"target": target, "rows": len(rows), "file_name": file_name}
    if counts:
        result["counts"] = {
            k: counts[k] for k in ("created", "updated", "unchanged") if k in counts
        }
    if anchor is not None:
        log(instance=anchor, action="registry.master.import", user=user, data=result)
    return result
