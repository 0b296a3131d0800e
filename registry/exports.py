"""Writing a version as json, csv (UTF-8 with BOM, so Excel opens it) or xlsx, with the same columns.

csv and xlsx start with a title row naming the unit, the list, the version, the 文号 and the
生效日期, then the header row, then one row per item (docs/export.md); json carries the same
facts as top-level fields. Cells are written by registry.spreadsheet_writer (the formula guard).
"""

from __future__ import annotations

import json

from django.http import HttpResponse

from registry.columns import display_columns
from registry.spreadsheet_writer import file_response, write_table

FORMATS = ("json", "csv", "xlsx")


def _table(export: dict) -> list[list]:
    columns = [("code", "事项编码"), *display_columns(export["kind"])]
    if export.get("derived"):
        # Where each item of a derived list comes from (全市通用 / 全县通用 / 本级增补) and the
        # document it stands in, with its number there (the 序号 is its place in this list).
        columns[1:1] = [("provenance_label", "来源"), ("source_reference", "出处")]
    headers = [header for _, header in columns]
    return [headers, *([item.get(field, "") for field, _ in columns] for item in export["items"])]


def export_title(export: dict) -> list[str]:
    """The title row: one "label：value" cell per fact, so a person reads it and a program splits it."""
    unit = export.get("unit_name") or export["region_name"]
    layers = export.get("layers") or []
    source = (
        [
            "依据："
            + "；".join(f"{layer['region_name']}{layer['document_no']}" for layer in layers[:-1])
        ]
        if len(layers) > 1
        else []
    )
    return [
        f"单位：{unit}",
        f"清单：{export['kind_name']}",
        f"版本：第{export['version']}版",
        f"文号：{export['document_no']}",
        f"生效日期：{export['effective_from']}",
        *source,
    ]


def render_export(export: dict, fmt: str) -> bytes:
    """``export`` is the shape returned by ``registry.selectors.version_export``."""
    if fmt == "json":
        return json.dumps(export, ensure_ascii=False, indent=2).encode("utf-8")
    if fmt not in FORMATS:
        raise ValueError(f"不支持的格式“{fmt}”，可选：{'、'.join(FORMATS)}。")
    return write_table(
        fmt, _table(export), sheet_name=export["kind_name"], title=export_title(export)
    )


def export_filename(export: dict, fmt: str) -> str:
    """The Chinese file name: unit, list and version (e.g. 林源县基本履职事项清单第2版.xlsx)."""
    unit = export.get("unit_name") or export["region_name"]
    return f"{unit}{export['kind_name']}第{export['version']}版.{fmt}"


def export_fallback_filename(export: dict, fmt: str) -> str:
    """The ASCII name for clients that do not read RFC 5987 ``filename*``."""
    unit = export.get("unit", export["region"])
    return f"{unit}-{export['kind']}-v{export['version']}.{fmt}"


def export_response(export: dict, fmt: str) -> HttpResponse:
    return file_response(
        render_export(export, fmt),
        fmt=fmt,
        filename=export_filename(export, fmt),
        fallback=export_fallback_filename(export, fmt),
    )
