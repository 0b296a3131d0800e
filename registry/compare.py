"""Comparing two versions of a list, item by stable code. Pure: plain values in, dataclasses out.

An item is *added* or *removed* when its code appears on one side only,
*modified* when a text field changed, and *moved* when its 序号 changed or it
came from / went to another list (by code, found through ``moved_from`` /
``moved_to``). Modified and moved are independent: an item may be both.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from registry.item_fields import EXPORT_FIELDS

COMPARED_FIELDS: tuple[str, ...] = tuple(f for f in EXPORT_FIELDS if f not in ("code", "seq"))


@dataclass(frozen=True)
class Segment:
    """A run of characters of an inline diff: ``op`` is "equal", "insert" or "delete"."""

    op: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class ItemChange:
    code: str
    name: str
    old: Mapping[str, Any] | None
    new: Mapping[str, Any] | None
    changes: tuple[FieldChange, ...] = ()
    old_seq: int | None = None
    new_seq: int | None = None
    other_list: str = ""  # for cross-list moves: the list kind it came from or went to


@dataclass(frozen=True)
class Comparison:
    added: tuple[ItemChange, ...] = ()
    removed: tuple[ItemChange, ...] = ()
    modified: tuple[ItemChange, ...] = ()
    moved: tuple[ItemChange, ...] = ()
    moved_in: tuple[ItemChange, ...] = ()  # from another list
    moved_out: tuple[ItemChange, ...] = ()  # to another list
    unchanged: int = 0
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return any(
            (self.added, self.removed, self.modified, self.moved, self.moved_in, self.moved_out)
        )


def char_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Character-level diff, suited to Chinese text (no word boundaries)."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", old[i1:i2]))
        else:
            if i2 > i1:
                segments.append(Segment("delete", old[i1:i2]))
            if j2 > j1:
                segments.append(Segment("insert", new[j1:j2]))
    return tuple(segments)


def _norm(value: Any) -> str:
    return "" if value is None else str(value)


def compare_items(  # noqa: C901 - one matching pass over two item lists
    old_items: Iterable[Mapping[str, Any]],
    new_items: Iterable[Mapping[str, Any]],
    *,
    moved_to: Mapping[str, str] | None = None,
    moved_from: Mapping[str, str] | None = None,
) -> Comparison:
    """Compare items given as mappings with at least ``code``, ``seq`` and ``name``.

    ``moved_to`` maps codes of removed items that now stand in another list to
    that list's kind; ``moved_from`` maps codes of added items that came from
    another list to that list's kind.
    """
    moved_to = moved_to or {}
    moved_from = moved_from or {}
    old = {i["code"]: i for i in old_items}
    new = {i["code"]: i for i in new_items}
    added, moved_in = _one_sided(new, old, moved_from, side="new")
    removed, moved_out = _one_sided(old, new, moved_to, side="old")
    modified, moved = [], []
    unchanged = 0
    for code, before in old.items():
        after = new.get(code)
        if after is None:
            continue
        if after == before:  # most items of a new version are carried over untouched
            unchanged += 1
            continue
        found: list[FieldChange] = []
        for f in COMPARED_FIELDS:
            a, b = before.get(f), after.get(f)
            if a == b:
                continue  # the common case: no normalising, no diff
            a, b = _norm(a), _norm(b)
            if a != b:  # character diffs only for the fields that really changed
                found.append(FieldChange(f, a, b, char_diff(a, b)))
        changes = tuple(found)
        change = ItemChange(
            code=code,
            name=after["name"],
            old=before,
            new=after,
            changes=changes,
            old_seq=before["seq"],
            new_seq=after["seq"],
        )
        if changes:
            modified.append(change)
        if before["seq"] != after["seq"]:
            moved.append(change)
        if not changes and before["seq"] == after["seq"]:
            unchanged += 1

    def by_seq(c: ItemChange) -> int:
        return c.new_seq if c.new_seq is not None else (c.old_seq or 0)

    result = {
        "added": tuple(sorted(added, key=by_seq)),
        "removed": tuple(sorted(removed, key=by_seq)),
        "modified": tuple(sorted(modified, key=by_seq)),
        "moved": tuple(sorted(moved, key=by_seq)),
        "moved_in": tuple(sorted(moved_in, key=by_seq)),
        "moved_out": tuple(sorted(moved_out, key=by_seq)),
    }
    return Comparison(
        **result,
        unchanged=unchanged,
        counts={**{k: len(v) for k, v in result.items()}, "unchanged": unchanged},
    )


def _one_sided(
    items: Mapping[str, Mapping[str, Any]],
    others: Mapping[str, Any],
    moved: Mapping[str, str],
    *,
    side: str,
) -> tuple[list[ItemChange], list[ItemChange]]:
    """The items of one ``side`` ("old" or "new") whose code the other side lacks: those that
    stay in this list (added or removed) and those ``moved`` to or from another list."""
    here, across = [], []
    for code, item in items.items():
        if code in others:
            continue
        sides = {"old": None, "new": None, side: item, f"{side}_seq": item["seq"]}
        change = ItemChange(code=code, name=item["name"], **sides)
        if code in moved:
            across.append(_with(change, other_list=moved[code]))
        else:
            here.append(change)
    return here, across


def _with(change: ItemChange, **kwargs) -> ItemChange:
    return ItemChange(**{**change.__dict__, **kwargs})
