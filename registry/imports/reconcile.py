"""Matching rows to the version in force: by stable code, exact name, then similarity."""

from __future__ import annotations

import difflib
from collections import defaultdict

from registry import selectors
from registry.columns import ADMISSION_FIELDS, DERIVED_FIELDS, TEXT_FIELDS
from registry.enums import AppliesTo, ListKind
from registry.models import DutyList, ListItem, Region
from registry.resources import HeaderMapping

from .plan import NEW_KEY_PREFIX, SIMILARITY_THRESHOLD, ImportPlan


def _base_item(item: ListItem) -> dict:
    data = selectors.item_as_dict(item)
    data["department_id"] = item.department_id
    return data


def _compare_shape(row: dict) -> dict:
    shape = {
        f: row.get(f, "")
        for f in ("code", "seq", *TEXT_FIELDS, "department", "applies_to", *DERIVED_FIELDS)
    }
    if not shape["code"]:
        shape["code"] = f"{NEW_KEY_PREFIX}{row['row']}"
    return shape


def _bigrams(text: str) -> set[str]:
    text = "".join(text.split())
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def _similarity(row: dict, item: dict) -> float:
    name = difflib.SequenceMatcher(None, row["name"], item["name"], autojunk=False).ratio()
    if row.get("content") and item.get("content"):
        content = difflib.SequenceMatcher(
            None, row["content"], item["content"], autojunk=False
        ).ratio()
        return 0.6 * name + 0.4 * content
    return name


def _match(plan: ImportPlan, base: list[dict], mapping: HeaderMapping) -> None:  # noqa: C901 - code, name, then similarity matching in one pass
    """Give rows the stable code of the base item they are: by code, exact name, then similarity."""
    by_code = {i["code"]: i for i in base}
    taken: set[str] = {r["code"] for r in plan.rows if r["code"]}
    for row in plan.rows:
        if row["code"]:
            row["matched"] = "code" if row["code"] in by_code else ""
    # A 不适用 / 本级表述 row of a derived list names its source item (imports.list_rows), and a
    # row is never matched by name to such an adjustment.
    free = [i for i in base if i["code"] not in taken and not i.get("adjustment")]
    by_name: dict[str, list[dict]] = defaultdict(list)
    for item in free:
        by_name[item["name"]].append(item)
    pending = []
    for row in plan.rows:
        if row["code"] or row.get("adjustment"):
            continue
        same = [i for i in by_name.get(row["name"], ()) if i["code"] not in taken]
        if len(same) == 1:
            row["code"], row["matched"] = same[0]["code"], "name"
            taken.add(row["code"])
        else:
            pending.append(row)
    free = [i for i in free if i["code"] not in taken]
    if pending and free:
        # Candidates share at least a few character pairs of the name (an inverted
        # index keeps this near-linear instead of comparing every row with every item).
        index: dict[str, list[int]] = defaultdict(list)
        for n, item in enumerate(free):
            for gram in _bigrams(item["name"]):
                index[gram].append(n)
        scored = []
        for row in pending:
            grams = _bigrams(row["name"])
            hits: dict[int, int] = defaultdict(int)
            for gram in grams:
                for n in index.get(gram, ()):
                    hits[n] += 1
            best = sorted(hits.items(), key=lambda kv: -kv[1])[:10]
            for n, common in best:
                if common * 3 < len(grams):
                    continue
                score = _similarity(row, free[n])
                if score >= SIMILARITY_THRESHOLD:
                    scored.append((score, row["row"], n, row))
        scored.sort(key=lambda s: (-s[0], s[1]))
        for score, _, n, row in scored:
            item = free[n]
            if row["code"] or item["code"] in taken:
                continue
            row["code"], row["matched"], row["similarity"] = (
                item["code"],
                "similar",
                round(score, 2),
            )
            taken.add(item["code"])
            plan.warnings.append(
                f"第{row['row']}行“{row['name']}”按名称和内容相似度（{score:.0%}）"
                f"认定为原事项 {item['code']}“{item['name']}”，保留其编码。"
            )
    # Columns the file does not have keep the values of the item they match; the admission
    # terms are never read from a file (see imports.admissions), so they always do.
    for row in plan.rows:
        item = by_code.get(row["code"]) if row["code"] else None
        for f in ADMISSION_FIELDS:
            row[f] = item.get(f, "") if item is not None else ""
        for f in (*TEXT_FIELDS, "department", "applies_to"):
            if f in mapping.columns:
                continue
            if item is not None:
                row[f] = item[f]
                if f == "department":
                    row["department_id"] = item["department_id"]
            elif f == "applies_to":
                row[f] = AppliesTo.ALL
        row.pop("present", None)


def _check_foreign_codes(
    plan: ImportPlan, region: Region, kind: str, base: list[dict], duty_list: DutyList | None
) -> dict[str, str]:
    """Codes not in the version in force must be known in this region or an ancestor's lists.

    A township list may take over items of the county's lists (same code), so the
    lookup climbs the region's lineage. Returns the codes that came from another
    list (a sibling list of this region, or any list of an ancestor region) mapped
    to that list's label, for the "moved in" section of the preview.
    """
    base_codes = {i["code"] for i in base}
    foreign = {
        r["code"]: r
        for r in plan.rows
        if r["code"] and r["code"] not in base_codes and not r.get("adjustment")
    }
    if not foreign:
        return {}
    lineage = region.lineage()
    distance = {r.pk: n for n, r in enumerate(lineage)}  # 0 = this region, 1 = parent, …
    names = {r.pk: r.name for r in lineage}
    found = (
        ListItem.objects.filter(version__duty_list__region__in=lineage, code__in=list(foreign))
        .order_by("version__effective_from", "version__number")
        .values_list("code", "version__duty_list__region_id", "version__duty_list__kind")
        .distinct()
    )
    # Per code: the nearest region wins; within one region the latest version wins.
    known: dict[str, tuple[int, int, str]] = {}
    for code, region_id, list_kind in found:
        current = known.get(code)
        if current is None or distance[region_id] <= current[0]:
            known[code] = (distance[region_id], region_id, list_kind)
    for code, row in foreign.items():
        if code not in known:
            plan.error(
                f"第{row['row']}行“事项编码”：{code} 在本区划及上级区划的清单中都不存在；"
                "新增事项请留空编码。"
            )
    moved_from = {}
    for code, (dist, region_id, list_kind) in known.items():
        if dist == 0:
            if list_kind != kind:  # a sibling list of this region
                moved_from[code] = list_kind
        else:
            label = ListKind(list_kind).label if list_kind in ListKind.values else list_kind
            moved_from[code] = f"{names[region_id]}{label}"
    return moved_from
