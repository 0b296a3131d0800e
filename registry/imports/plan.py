"""The result of reading a file: ImportPlan (rows, errors, warnings, preview) and its limits."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from registry.columns import KIND_COLUMNS, TEXT_FIELDS
from registry.compare import Comparison
from registry.enums import ListKind
from registry.models import ListVersion
from registry.models.items import AbstractItemFields

HEADER_SCAN_ROWS = 20
MAX_LISTED_ERRORS = 300
PREVIEW_LIMIT = 200  # entries per change category kept for display
SIMILARITY_THRESHOLD = 0.6
TEXT_MAX_CHARS = 5_000  # TextFields have no database limit; a cell longer than this is a mistake
PROGRESS_EVERY = 500

NEW_KEY_PREFIX = "新增#"

Progress = Callable[[int, int], None]


def _max_length(field_name: str) -> int:
    return AbstractItemFields._meta.get_field(field_name).max_length or TEXT_MAX_CHARS


FIELD_LIMITS = {f: _max_length(f) for f in (*TEXT_FIELDS, "code", "reason")}


@dataclasses.dataclass
class ImportPlan:
    """What a file would do, before anything is written."""

    target: str
    file_name: str
    kind: str = ""  # list imports: the list kind (its column headers label the preview)
    file_format: str = ""
    encoding: str = ""
    sheet: str = ""
    header_row: int | None = None
    columns: dict[str, str] = dataclasses.field(default_factory=dict)  # field -> header
    rows: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)
    base_version: ListVersion | None = None
    comparison: Comparison | None = None
    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    changes: dict[str, list[dict]] = dataclasses.field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, message: str) -> None:
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(message)
        elif len(self.errors) == MAX_LISTED_ERRORS:
            self.errors.append(f"错误超过 {MAX_LISTED_ERRORS} 条，其余未列出；请先修正以上问题。")

    def preview(self) -> dict:
        """A JSON-serialisable summary for the preview screen and the command."""
        data = {
            "file_format": self.file_format,
            "encoding": self.encoding,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "columns": self.columns,
            "rows": len(self.rows),
            "counts": self.counts,
            "base_version": _version_label(self.base_version),
        }
        if self.comparison is not None:
            data["changes"] = comparison_as_json(self.comparison, kind=self.kind)
        if self.changes:
            data["changes"] = self.changes
        return data


def _version_label(version: ListVersion | None) -> str:
    if version is None:
        return ""
    return f"第{version.number}版（{version.document_no}，{version.effective_from:%Y-%m-%d}起施行）"


def comparison_as_json(
    comparison: Comparison, *, kind: str = "", limit: int = PREVIEW_LIMIT
) -> dict:
    # The list's own headers first (事项名称 vs 证明名称 …), then any kind's for hidden fields.
    labels = {f: header for columns in KIND_COLUMNS.values() for f, header in columns}
    labels.update(dict(KIND_COLUMNS.get(kind, ())))
    out: dict[str, Any] = {}
    for category in ("added", "removed", "modified", "moved", "moved_in", "moved_out"):
        entries = getattr(comparison, category)
        out[category] = [
            {
                "code": "" if c.code.startswith(NEW_KEY_PREFIX) else c.code,
                "name": c.name,
                "old_seq": c.old_seq,
                "new_seq": c.new_seq,
                "other_list": _list_label(c.other_list),
                "changes": [
                    {
                        "field": fc.field,
                        "label": labels.get(fc.field, fc.field),
                        "segments": [[s.op, s.text] for s in fc.segments],
                    }
                    for fc in c.changes
                ],
            }
            for c in entries[:limit]
        ]
        out[f"{category}_more"] = max(0, len(entries) - limit)
    return out


def _list_label(other_list: str) -> str:
    """A kind (a sibling list) as its label; an ancestor's list is already labelled."""
    if other_list in ListKind.values:
        return ListKind(other_list).label
    return other_list
