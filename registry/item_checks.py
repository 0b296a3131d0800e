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
from registry.enums import AppliesTo
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
