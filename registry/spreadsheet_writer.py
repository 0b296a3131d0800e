"""Writing tables as CSV or xlsx downloads: the one writer and the one formula guard of the product.

Both the list exports (registry.exports) and the 码上减 exports (mashangjian.exports) write here,
and registry.spreadsheets reads our own files back through ``csv_unguard``. The layout and the
guard are documented for consumers in docs/export.md.

Formulas: Excel and WPS run a CSV cell that starts with ``= + - @`` (or a tab or carriage return
before one) as a formula, so such a CSV cell gets a leading apostrophe, the convention both
programs show as "text". A cell that already starts with apostrophes before one of those
characters gets one more, so ``csv_unguard`` gives back exactly what was written. In xlsx a cell
has a type: text cells are written as strings (type ``s``) and are never formulas, so the data
stays exact with no apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BOLD = Font(bold=True)


def csv_guard(value) -> str:
    """A cell as CSV text that no spreadsheet program runs as a formula."""
    text = "" if value is None else str(value)
    if text.lstrip("'")[:1] in FORMULA_START:
        return "'" + text
    return text


def csv_unguard(text: str) -> str:
    """The inverse of ``csv_guard`` (used when the product reads its own CSV back)."""
    if text[:1] == "'" and text.lstrip("'")[:1] in FORMULA_START:
        return text[1:]
    return text


def write_csv(rows: Iterable[Sequence], *, title: Sequence[str] = ()) -> bytes:
    """UTF-8 with a BOM (so Excel opens it as UTF-8), CRLF line ends, every cell guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if title:
        writer.writerow([csv_guard(c) for c in title])
    writer.writerows([csv_guard(c) for c in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _typed(sheet, value, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # openpyxl types a string starting with "=" as a formula; a typed string cell is data.
        cell.data_type = "s"
    if bold:
        cell.font = BOLD
    return cell


def write_xlsx(
    rows: Iterable[Sequence], *, sheet_name: str = "数据", title: Sequence[str] = (), header=True
) -> bytes:
    """One sheet: the optional title row, the header row (bold), then the rows, values typed."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_name[:31])
    if title:
        sheet.append([_typed(sheet, c, bold=True) for c in title])
    for index, row in enumerate(rows):
        sheet.append([_typed(sheet, c, bold=header and index == 0) for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_table(
    fmt: str, rows: Iterable[Sequence], *, sheet_name: str = "数据", title: Sequence[str] = ()
) -> bytes:
    if fmt == "csv":
        return write_csv(rows, title=title)
    if fmt == "xlsx":
        return write_xlsx(rows, sheet_name=sheet_name, title=title)
    raise ValueError(f"不支持的格式“{fmt}”，可选：csv、xlsx。")


def content_disposition(filename: str, *, fallback: str) -> str:
    """``attachment`` with the Chinese name as RFC 5987 ``filename*`` and an ASCII fallback
    (RFC 6266) for the few clients that do not read ``filename*``."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(data: bytes, *, fmt: str, filename: str, fallback: str) -> HttpResponse:
    """A download of ``data``; ``filename`` and ``fallback`` include the extension."""
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(filename, fallback=fallback)
    return response


def guard_wagtail_csv_exports() -> None:
    """Wagtail's own admin reports (locked pages, site history, workflows …) write CSV without a
    formula guard; their rows go through ``csv_guard`` too (called once from RegistryConfig)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: csv_guard(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    SpreadsheetExportMixin.write_csv_row = write_csv_row
