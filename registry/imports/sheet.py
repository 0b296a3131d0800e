"""Reading a sheet: the header row, cells, sequence numbers, department names."""

from __future__ import annotations

import difflib

from registry.models import Department, Region
from registry.resources import normalize_header, resolve_headers
from registry.spreadsheets import Sheet, SpreadsheetError, Workbook, read_workbook

from .plan import HEADER_SCAN_ROWS, ImportPlan

# --- reading ---------------------------------------------------------------------------------


def _read(plan: ImportPlan, data: bytes) -> Workbook | None:
    """The workbook in ``data`` (its format and encoding noted on the plan), or None with the
    reason as the plan's error."""
    try:
        book = read_workbook(data)
    except SpreadsheetError as exc:
        plan.error(str(exc))
        return None
    plan.file_format, plan.encoding = book.format, book.encoding
    return book


def _find_header(
    book: Workbook, table: dict[str, str], required: str, preferred: str = ""
) -> tuple[Sheet, int, list[str]] | None:
    """The sheet and row holding the header: the first row naming ``required`` and another column."""
    candidates = []
    for sheet in book.sheets:
        for index, (_, cells) in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
            mapping = resolve_headers(cells, table)
            if required in mapping.columns and mapping.score >= 2:
                candidates.append((sheet, index, cells))
                break
    if not candidates:
        return None
    for candidate in candidates:
        if preferred and preferred in candidate[0].name:
            return candidate
    return candidates[0]


def _missing_header_message(book: Workbook, required_header: str) -> str:
    names = "、".join(f"“{s.name}”" for s in book.sheets) or "（无）"
    if book.format == "json":
        return f"JSON 文件中的事项没有“{required_header}”字段。"
    return (
        f"未找到表头：工作表 {names} 的前 {HEADER_SCAN_ROWS} 行中没有“{required_header}”列。"
        "请确认选择了正确的工作表和文件，表头须在数据之上的一行。"
    )


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def _parse_seq(text: str) -> int | None:
    text = text.strip().rstrip(".、．")
    if text.isascii() and text.isdigit() and int(text) > 0:  # not "²" or "١"
        return int(text)
    return None


class _Departments:
    def __init__(self, county: Region | None):
        self.by_key: dict[str, Department] = {}
        self.short_names: list[str] = []
        if county is None:
            return
        for dept in Department.objects.filter(county=county):
            self.short_names.append(dept.short_name)
            for key in (dept.code, dept.name, dept.short_name):
                self.by_key.setdefault(normalize_header(key), dept)

    def find(self, text: str) -> Department | None:
        return self.by_key.get(normalize_header(text))

    def suggest(self, text: str) -> str:
        close = difflib.get_close_matches(text, self.short_names, n=1, cutoff=0.4)
        return f"，是否为“{close[0]}”？" if close else "。"
