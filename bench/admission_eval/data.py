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
# Development data: the dev file and the former held-out files (each reported on once with
# the tuning of its day, then development data; they no longer measure generalisation).
# In the order each became development data (39 and 40 were kept unseen until after 46).
HELDOUT_NUMBERS = (*range(2, 39), *range(41, 47), 39, 40, *range(47, 140))
DEV_FILES = (
    EVAL,
    FRESH,
    *(REPO / "bench" / "data" / f"assign-heldout{n}.csv" for n in HELDOUT_NUMBERS),
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
