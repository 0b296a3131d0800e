"""The checks of one item, shared by publishing and the spreadsheet import.

``registry.services.versions.version_validate`` speaks of 第N项 (the Nth item of the draft),
the import (``registry.imports.list_rows``) of 第N行 (the row of the file); the rules and the
wording are the same: ``第N项“事项名称”：不能为空。`` / ``第N行“事项名称”：不能为空。``.
Each ``*_reason`` returns the Chinese reason, or None when the value is fine.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from registry.codes import CODE_RE
from registry.columns import LOCAL_COLUMNS
from registry.enums import Adjustment, AppliesTo, ListKind
from registry.models.items import target_codes


def at(number: int, word: str) -> str:
    """The row label: 第3项 (an item of a draft) or 第3行 (a row of a file)."""
    return f"第{number}{word}"


def message(label: str, header: str, reason: str) -> str:
    return f"{label}“{header}”：{reason}"


def name_reason(name: str) -> str | None:
    return None if (name or "").strip() else "不能为空。"


def seq_reason(seq: int | None, written: str = "") -> str | None:
    """``written`` is the cell as typed, when it could not be read as a number."""
    if seq is not None and seq >= 1:
        return None
    shown = written or ("" if seq is None else str(seq))
    return f"“{shown}”不是正整数。" if shown else "不能为空。"


def code_reason(code: str) -> str | None:
    if not code or CODE_RE.match(code):
        return None
    return f"“{code}”格式不正确（应如 JB-001），新增事项请留空。"


def applies_to_reason(value: str) -> str | None:
    if not value or value in AppliesTo.values:
        return None
    return f"“{value}”无效，应为{'、'.join(AppliesTo.values)}之一。"


def targets_reason(targets: str) -> str | None:
    if not (targets or "").strip() or target_codes(targets):
        return None
    return f"“{targets[:40]}”未写明12位区划代码，应如“东岗村（990123101201）”。"


def duplicate_errors(values: Iterable[tuple[int, Any]], *, header: str, word: str) -> list[str]:
    """``(number, value)`` pairs in order: each repeat of a value names where it first stood."""
    seen: dict[Any, int] = {}
    errors = []
    for number, value in values:
        if not value:
            continue
        if value in seen:
            errors.append(
                message(at(number, word), header, f"{value} 与{at(seen[value], word)}重复。")
            )
        else:
            seen[value] = number
    return errors


# --- adjustments of a derived list (registry.layers) -------------------------------------------

# How people write 调整方式 in a file: the labels, the stored values and a few plain words.
_ADJUSTMENT_WORDS = {
    "": Adjustment.ADDED,
    "本级增补": Adjustment.ADDED,
    "增补": Adjustment.ADDED,
    "新增": Adjustment.ADDED,
    "不适用": Adjustment.EXCLUDED,
    "本级不适用": Adjustment.EXCLUDED,
    "excluded": Adjustment.EXCLUDED,
    "本级表述": Adjustment.REWORDED,
    "表述调整": Adjustment.REWORDED,
    "reworded": Adjustment.REWORDED,
}


def adjustment_value(written: str) -> str | None:
    """The stored 调整方式 of a cell as written (label or value), None when it is not one."""
    return _ADJUSTMENT_WORDS.get("".join((written or "").split()).lower())


def adjustment_written_reason(written: str) -> str:
    labels = "、".join(f"“{label}”" for label in Adjustment.labels)
    return f"“{written}”无效，应为{labels}之一（本级增补可留空）。"


def adjustment_reason(
    *, adjustment: str, code: str, reason: str, source: dict, kind: str
) -> str | None:
    """Why an item of a derived list cannot stand against its ``source`` (by code), or None.

    The rule of ``version_validate`` and of the list import alike."""
    if adjustment not in Adjustment.values:
        return f"调整方式“{adjustment}”无效。"
    if adjustment == Adjustment.ADDED:
        if code and code in source:
            return (
                "事项编码与上级清单的事项相同；本级不适用请标为“不适用”并写明理由，"
                "本级表述请标为“本级表述”，不能另立一项替换上级事项。"
            )
        return None
    label = Adjustment(adjustment).label
    if not code:
        return f"标为“{label}”的事项须填写上级事项编码。"
    if code not in source:
        return f"上级清单在生效日期没有编码为“{code}”的事项，不能标为“{label}”。"
    if adjustment == Adjustment.EXCLUDED and not (reason or "").strip():
        return "标为“不适用”的上级事项须写明理由。"
    if adjustment == Adjustment.REWORDED and not LOCAL_COLUMNS.get(kind, ()):
        return f"{ListKind(kind).label}没有可由本级表述的栏目，不能标为“本级表述”。"
    return None
