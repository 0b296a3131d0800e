"""The benchmark's inputs: the demo county lists (fixtures/linyuan) as ``IndexItem``s, the regions,
and the labelled task files (bench/data)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from registry.admission_precedents import Precedent
from registry.kinds import KIND_TO_VERDICT, LEVEL_KINDS
from registry.matching import IndexItem

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "fixtures" / "linyuan"

EVAL = REPO / "bench" / "data" / "assign-dev.csv"
FRESH = REPO / "bench" / "data" / "assign-fresh.csv"
HELDOUT2 = REPO / "bench" / "data" / "assign-heldout2.csv"
HELDOUT3 = REPO / "bench" / "data" / "assign-heldout3.csv"
HELDOUT4 = REPO / "bench" / "data" / "assign-heldout4.csv"
HELDOUT5 = REPO / "bench" / "data" / "assign-heldout5.csv"
HELDOUT6 = REPO / "bench" / "data" / "assign-heldout6.csv"
HELDOUT7 = REPO / "bench" / "data" / "assign-heldout7.csv"
HELDOUT8 = REPO / "bench" / "data" / "assign-heldout8.csv"
HELDOUT9 = REPO / "bench" / "data" / "assign-heldout9.csv"
HELDOUT10 = REPO / "bench" / "data" / "assign-heldout10.csv"
HELDOUT11 = REPO / "bench" / "data" / "assign-heldout11.csv"
HELDOUT12 = REPO / "bench" / "data" / "assign-heldout12.csv"
HELDOUT13 = REPO / "bench" / "data" / "assign-heldout13.csv"
HELDOUT14 = REPO / "bench" / "data" / "assign-heldout14.csv"
HELDOUT15 = REPO / "bench" / "data" / "assign-heldout15.csv"
HELDOUT16 = REPO / "bench" / "data" / "assign-heldout16.csv"
HELDOUT17 = REPO / "bench" / "data" / "assign-heldout17.csv"
HELDOUT18 = REPO / "bench" / "data" / "assign-heldout18.csv"
HELDOUT19 = REPO / "bench" / "data" / "assign-heldout19.csv"
HELDOUT20 = REPO / "bench" / "data" / "assign-heldout20.csv"
HELDOUT21 = REPO / "bench" / "data" / "assign-heldout21.csv"
HELDOUT22 = REPO / "bench" / "data" / "assign-heldout22.csv"
HELDOUT23 = REPO / "bench" / "data" / "assign-heldout23.csv"
HELDOUT24 = REPO / "bench" / "data" / "assign-heldout24.csv"
HELDOUT25 = REPO / "bench" / "data" / "assign-heldout25.csv"
HELDOUT26 = REPO / "bench" / "data" / "assign-heldout26.csv"
HELDOUT27 = REPO / "bench" / "data" / "assign-heldout27.csv"
HELDOUT28 = REPO / "bench" / "data" / "assign-heldout28.csv"
HELDOUT29 = REPO / "bench" / "data" / "assign-heldout29.csv"
HELDOUT30 = REPO / "bench" / "data" / "assign-heldout30.csv"
HELDOUT31 = REPO / "bench" / "data" / "assign-heldout31.csv"
HELDOUT32 = REPO / "bench" / "data" / "assign-heldout32.csv"
HELDOUT33 = REPO / "bench" / "data" / "assign-heldout33.csv"
HELDOUT34 = REPO / "bench" / "data" / "assign-heldout34.csv"
HELDOUT35 = REPO / "bench" / "data" / "assign-heldout35.csv"
HELDOUT36 = REPO / "bench" / "data" / "assign-heldout36.csv"
HELDOUT37 = REPO / "bench" / "data" / "assign-heldout37.csv"
HELDOUT38 = REPO / "bench" / "data" / "assign-heldout38.csv"
HELDOUT41 = REPO / "bench" / "data" / "assign-heldout41.csv"
HELDOUT42 = REPO / "bench" / "data" / "assign-heldout42.csv"
HELDOUT43 = REPO / "bench" / "data" / "assign-heldout43.csv"
HELDOUT44 = REPO / "bench" / "data" / "assign-heldout44.csv"
HELDOUT45 = REPO / "bench" / "data" / "assign-heldout45.csv"
HELDOUT46 = REPO / "bench" / "data" / "assign-heldout46.csv"
HELDOUT39 = REPO / "bench" / "data" / "assign-heldout39.csv"
HELDOUT40 = REPO / "bench" / "data" / "assign-heldout40.csv"
HELDOUT47 = REPO / "bench" / "data" / "assign-heldout47.csv"
HELDOUT48 = REPO / "bench" / "data" / "assign-heldout48.csv"
HELDOUT49 = REPO / "bench" / "data" / "assign-heldout49.csv"
HELDOUT50 = REPO / "bench" / "data" / "assign-heldout50.csv"
HELDOUT51 = REPO / "bench" / "data" / "assign-heldout51.csv"
HELDOUT52 = REPO / "bench" / "data" / "assign-heldout52.csv"
HELDOUT53 = REPO / "bench" / "data" / "assign-heldout53.csv"
HELDOUT54 = REPO / "bench" / "data" / "assign-heldout54.csv"
HELDOUT55 = REPO / "bench" / "data" / "assign-heldout55.csv"
HELDOUT56 = REPO / "bench" / "data" / "assign-heldout56.csv"
HELDOUT57 = REPO / "bench" / "data" / "assign-heldout57.csv"
HELDOUT58 = REPO / "bench" / "data" / "assign-heldout58.csv"
HELDOUT59 = REPO / "bench" / "data" / "assign-heldout59.csv"
HELDOUT60 = REPO / "bench" / "data" / "assign-heldout60.csv"
HELDOUT61 = REPO / "bench" / "data" / "assign-heldout61.csv"
HELDOUT62 = REPO / "bench" / "data" / "assign-heldout62.csv"
HELDOUT63 = REPO / "bench" / "data" / "assign-heldout63.csv"
HELDOUT64 = REPO / "bench" / "data" / "assign-heldout64.csv"
HELDOUT65 = REPO / "bench" / "data" / "assign-heldout65.csv"
HELDOUT66 = REPO / "bench" / "data" / "assign-heldout66.csv"
HELDOUT67 = REPO / "bench" / "data" / "assign-heldout67.csv"
HELDOUT68 = REPO / "bench" / "data" / "assign-heldout68.csv"
HELDOUT69 = REPO / "bench" / "data" / "assign-heldout69.csv"
HELDOUT70 = REPO / "bench" / "data" / "assign-heldout70.csv"
HELDOUT71 = REPO / "bench" / "data" / "assign-heldout71.csv"
HELDOUT72 = REPO / "bench" / "data" / "assign-heldout72.csv"
HELDOUT73 = REPO / "bench" / "data" / "assign-heldout73.csv"
HELDOUT74 = REPO / "bench" / "data" / "assign-heldout74.csv"
HELDOUT75 = REPO / "bench" / "data" / "assign-heldout75.csv"
HELDOUT76 = REPO / "bench" / "data" / "assign-heldout76.csv"
HELDOUT77 = REPO / "bench" / "data" / "assign-heldout77.csv"
HELDOUT78 = REPO / "bench" / "data" / "assign-heldout78.csv"
HELDOUT79 = REPO / "bench" / "data" / "assign-heldout79.csv"
HELDOUT80 = REPO / "bench" / "data" / "assign-heldout80.csv"
HELDOUT81 = REPO / "bench" / "data" / "assign-heldout81.csv"
HELDOUT82 = REPO / "bench" / "data" / "assign-heldout82.csv"
HELDOUT83 = REPO / "bench" / "data" / "assign-heldout83.csv"
# Development data: the dev file and the former held-out files (each reported on once with
# the tuning of its day, then development data; they no longer measure generalisation).
DEV_FILES = (
    EVAL,
    FRESH,
    HELDOUT2,
    HELDOUT3,
    HELDOUT4,
    HELDOUT5,
    HELDOUT6,
    HELDOUT7,
    HELDOUT8,
    HELDOUT9,
    HELDOUT10,
    HELDOUT11,
    HELDOUT12,
    HELDOUT13,
    HELDOUT14,
    HELDOUT15,
    HELDOUT16,
    HELDOUT17,
    HELDOUT18,
    HELDOUT19,
    HELDOUT20,
    HELDOUT21,
    HELDOUT22,
    HELDOUT23,
    HELDOUT24,
    HELDOUT25,
    HELDOUT26,
    HELDOUT27,
    HELDOUT28,
    HELDOUT29,
    HELDOUT30,
    HELDOUT31,
    HELDOUT32,
    HELDOUT33,
    HELDOUT34,
    HELDOUT35,
    HELDOUT36,
    HELDOUT37,
    HELDOUT38,
    HELDOUT41,
    HELDOUT42,
    HELDOUT43,
    HELDOUT44,
    HELDOUT45,
    HELDOUT46,
    HELDOUT39,
    HELDOUT40,
    HELDOUT47,
    HELDOUT48,
    HELDOUT49,
    HELDOUT50,
    HELDOUT51,
    HELDOUT52,
    HELDOUT53,
    HELDOUT54,
    HELDOUT55,
    HELDOUT56,
    HELDOUT57,
    HELDOUT58,
    HELDOUT59,
    HELDOUT60,
    HELDOUT61,
    HELDOUT62,
    HELDOUT63,
    HELDOUT64,
    HELDOUT65,
    HELDOUT66,
    HELDOUT67,
    HELDOUT68,
    HELDOUT69,
    HELDOUT70,
    HELDOUT71,
    HELDOUT72,
    HELDOUT73,
    HELDOUT74,
    HELDOUT75,
    HELDOUT76,
    HELDOUT77,
    HELDOUT78,
    HELDOUT79,
    HELDOUT80,
    HELDOUT81,
    HELDOUT82,
    HELDOUT83,
)

APPLIES_TO_UNIT_TYPES = {
    "全部": {"街道", "镇", "乡", "社区", "村"},
    "乡镇": {"镇", "乡"},
    "街道": {"街道"},
    "村": {"村"},
    "社区": {"社区"},
}


def _join(*parts: str) -> str:
    return "；".join(p for p in parts if p)


def item_from_row(kind: str, row: dict[str, str]) -> IndexItem:
    """How each CSV maps onto ``IndexItem`` (the database wiring should do the same)."""
    seq = int(row["seq"])
    common = {
        "list_kind": kind,
        "code": f"{kind}-{seq:04d}",
        "seq": seq,
        "name": row["name"],
        # The editors' 关键词 / 常见说法 (registry.admission_index joins them the same way).
        "aliases": _join(row.get("keywords", ""), row.get("phrases", "")),
    }
    if kind in ("township_basic", "village_selfgov"):
        return IndexItem(**common, content=row["content"], extra=_join(row["domain"], row["basis"]))
    if kind == "township_cooperate":
        return IndexItem(
            **common,
            content=row["township_duty"],
            department=row["lead_department"],
            extra=_join(row["domain"], row["department_duty"], row["basis"]),
        )
    if kind == "township_withdrawn":
        return IndexItem(
            **common, content=row["note"], department=row["department"], extra=row["domain"]
        )
    if kind == "village_assist":
        return IndexItem(
            **common,
            content=row["content"],
            department=row["department"],
            extra=_join(row["domain"], row["basis"]),
        )
    if kind == "village_negative":
        return IndexItem(**common, extra=row["category"], document_no=row.get("source", ""))
    if kind == "village_certificates":
        return IndexItem(
            **common, content=row["purpose"], extra=_join(row["note"], row["issuer"], row["basis"])
        )
    if kind == "village_no_certificates":
        return IndexItem(**common, alternative=row["alternative"])
    raise ValueError(kind)


def load_lists() -> dict[str, list[tuple[IndexItem, str]]]:
    lists: dict[str, list[tuple[IndexItem, str]]] = {}
    for kind in KIND_TO_VERDICT:
        with open(DATA / f"{kind}.csv", encoding="utf-8-sig") as fh:
            lists[kind] = [
                (item_from_row(kind, row), row.get("applies_to") or "全部")
                for row in csv.DictReader(fh)
            ]
    return lists


def load_regions() -> dict[str, dict[str, str]]:
    with open(DATA / "regions.csv", encoding="utf-8-sig") as fh:
        return {row["code"]: row for row in csv.DictReader(fh)}


def load_eval(path: Path = EVAL) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def load_dev() -> list[dict[str, str]]:
    """All development rows (dev file + former fresh file), in file order."""
    return [
        {**r, "_file": path.name} for path in DEV_FILES if path.exists() for r in load_eval(path)
    ]


def items_for(lists, level: str, unit_type: str) -> list[IndexItem]:
    return [
        item
        for kind in LEVEL_KINDS[level]
        for item, applies_to in lists[kind]
        if unit_type in APPLIES_TO_UNIT_TYPES.get(applies_to, set())
    ]


def as_decided(rows: Sequence[dict[str, str]]) -> tuple[Precedent, ...]:
    """Labelled rows as tasks a reviewer has decided (what the check compares a task with)."""
    return tuple(
        Precedent(
            text=r["text"],
            verdict=r["verdict"],
            target_level=r["target_level"],
            item_code=f"{r['list_kind']}-{int(r['seq']):04d}" if r["seq"] else "",
            source="bench",
        )
        for r in rows
    )
