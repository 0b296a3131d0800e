"""Writing a version as json, csv (UTF-8 with BOM, so Excel opens it) or xlsx, with the same columns."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import Workbook

from registry.columns import display_columns

FORMATS = ("json", "csv", "xlsx")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _table(export: dict) -> tuple[list[str], list[list]]:
    columns = [("code", "事项编码"), *display_columns(export["kind"])]
    headers = [header for _, header in columns]
    rows = [[item.get(field, "") for field, _ in columns] for item in export["items"]]
    return headers, rows


def render_export(export: dict, fmt: str) -> bytes:
    """``export`` is the shape returned by ``registry.selectors.version_export``."""
    if fmt == "json":
        return json.dumps(export, ensure_ascii=False, indent=2).encode("utf-8")
    headers, rows = _table(export)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=export["kind_name"][:31])
        sheet.append(headers)
        for row in rows:
            # Cells are text: a leading "=" must never become a formula.
            sheet.append([_as_text(v) for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    raise ValueError(f"不支持的格式“{fmt}”，可选：{'、'.join(FORMATS)}。")


def _as_text(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_filename(export: dict, fmt: str) -> str:
    return f"{export['region']}-{export['kind']}-v{export['version']}.{fmt}"
