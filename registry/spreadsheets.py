"""Reading an uploaded file (xlsx, csv, json) into plain rows, within bounds. Pure: bytes in, rows out.

The format is detected from the bytes, not the file name (a ``.xls`` that is
really an xlsx is read as xlsx). CSV encodings are detected without asking:
UTF-8 (with or without BOM), then GB18030 (a superset of GBK, what Chinese
Excel writes), then UTF-16 ("Unicode text"). An xlsx is a zip: its declared
decompressed size is checked before openpyxl opens it (Python's zipfile never
inflates a member past its declared size, so the check bounds the real size).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from dataclasses import dataclass

from registry.params import has_control_chars
from registry.spreadsheet_writer import csv_unguard

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 64
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_XLSX_MEMBERS = 500
MAX_XLSX_RATIO = 200  # decompressed/compressed, for members over 1 MB
# Trailing blank rows are tolerated; a long run of them ends the sheet.
MAX_BLANK_RUN = 1_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SpreadsheetError(Exception):
    """The file cannot be read at all; the message is for the person who uploaded it."""


@dataclass(frozen=True)
class FormulaCell:
    row: int
    column: int


@dataclass(frozen=True)
class Sheet:
    name: str
    # (row number as the person sees it, cell values as text)
    rows: list[tuple[int, list[str]]]
    uncached_formulas: tuple[FormulaCell, ...] = ()


@dataclass(frozen=True)
class Workbook:
    format: str  # "xlsx" | "csv" | "json"
    sheets: list[Sheet]
    encoding: str = ""
    meta: dict | None = None  # the header of a json export (kind, version …)
    row_word: str = "行"  # "项" for json: items have no row numbers


def _human(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def detect_format(data: bytes) -> str:
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if data[:8] == OLE_MAGIC:
        raise SpreadsheetError(
            "这是旧版 Excel 97-2003（.xls）文件，暂不支持；请在 Excel 中“另存为” .xlsx 后再上传。"
        )
    head = data[:64].lstrip(b"\xef\xbb\xbf").lstrip()
    if head[:1] in (b"{", b"["):
        return "json"
    return "csv"


def read_workbook(data: bytes, *, max_rows: int | None = None) -> Workbook:
    max_rows = MAX_ROWS if max_rows is None else max_rows
    if not data:
        raise SpreadsheetError("文件是空的。")
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(
            f"文件大小 {_human(len(data))} 超过上限 {_human(MAX_UPLOAD_BYTES)}，请拆分后分批导入。"
        )
    fmt = detect_format(data)
    if fmt == "xlsx":
        book = _read_xlsx(data, max_rows=max_rows)
    elif fmt == "json":
        book = _read_json(data, max_rows=max_rows)
    else:
        book = _read_csv(data, max_rows=max_rows)
    _refuse_control_chars(book)
    return book


def _refuse_control_chars(book: Workbook) -> None:
    """NUL cannot be stored by PostgreSQL and no person types a control character: name the row."""
    for sheet in book.sheets:
        for number, values in sheet.rows:
            if any(has_control_chars(v) for v in values):
                where = f"工作表“{sheet.name}”" if len(book.sheets) > 1 else ""
                raise SpreadsheetError(
                    f"{where}第{number}{book.row_word}含有不允许的控制字符（如 NUL），"
                    "请删除后重新导入。"
                )


def cell_text(value) -> str:
    """A cell as text: whole numbers without ``.0``, dates as YYYY-MM-DD, whitespace trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SpreadsheetError("文件不是有效的 xlsx 工作簿（压缩包已损坏）。")
    infos = archive.infolist()
    if len(infos) > MAX_XLSX_MEMBERS:
        raise SpreadsheetError("xlsx 文件结构异常（包含的部件过多），已拒绝解析。")
    total = sum(i.file_size for i in infos)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise SpreadsheetError(
            f"xlsx 文件解压后达 {_human(total)}，超过上限 {_human(MAX_XLSX_UNCOMPRESSED)}，"
            "已拒绝解析（可能是压缩炸弹或包含大量无关内容）。"
        )
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_XLSX_RATIO * max(
            info.compress_size, 1
        ):
            raise SpreadsheetError(
                f"xlsx 文件中的“{info.filename}”压缩比异常（{_human(info.compress_size)} 解压后"
                f" {_human(info.file_size)}），已拒绝解析。"
            )
    if "[Content_Types].xml" not in {i.filename for i in infos}:
        raise SpreadsheetError("文件不是有效的 xlsx 工作簿。")


def _too_many_rows(max_rows: int) -> SpreadsheetError:
    return SpreadsheetError(f"文件超过 {max_rows} 行的上限，请拆分后分批导入。")


def _read_xlsx(data: bytes, *, max_rows: int) -> Workbook:
    from openpyxl import load_workbook

    _check_zip(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for malformed parts
        raise SpreadsheetError(
            f"无法读取 xlsx 工作簿：{type(exc).__name__}。请用 Excel 另存后重试。"
        )
    sheets: list[Sheet] = []
    formulas_by_sheet: dict[str, list[FormulaCell]] = {}
    try:
        for ws in book.worksheets:
            rows: list[tuple[int, list[str]]] = []
            formulas: list[FormulaCell] = []
            blank_run = 0
            # The declared width, capped: padding every row to 64 cells costs more than parsing.
            width = min(ws.max_column or MAX_COLUMNS, MAX_COLUMNS)
            for number, cells in enumerate(ws.iter_rows(max_col=width), start=1):
                values = []
                for col, cell in enumerate(cells):
                    value = cell.value
                    if getattr(cell, "data_type", None) == "f":
                        formulas.append(FormulaCell(number, col))
                        value = None
                    values.append(cell_text(value))
                if any(values):
                    blank_run = 0
                    rows.append((number, values))
                    if len(rows) > max_rows + 25:  # header and title rows are not items
                        raise _too_many_rows(max_rows)
                else:
                    blank_run += 1
                    if blank_run > MAX_BLANK_RUN:
                        break
            sheets.append(Sheet(name=ws.title, rows=rows))
            formulas_by_sheet[ws.title] = formulas
    finally:
        book.close()
    if any(formulas_by_sheet.values()):
        sheets = _fill_formulas(data, sheets, formulas_by_sheet)
    return Workbook(format="xlsx", sheets=sheets)


def _fill_formulas(
    data: bytes, sheets: list[Sheet], formulas: dict[str, list[FormulaCell]]
) -> list[Sheet]:
    """Formula cells take the value Excel last calculated; without one they are reported."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    result = []
    try:
        for sheet in sheets:
            wanted = formulas.get(sheet.name) or []
            if not wanted:
                result.append(sheet)
                continue
            by_row: dict[int, list[str]] = dict(sheet.rows)
            targets = {(f.row, f.column) for f in wanted}
            last = max(f.row for f in wanted)
            ws = book[sheet.name]
            cached: dict[tuple[int, int], str] = {}
            for number, values in enumerate(
                ws.iter_rows(max_row=last, max_col=MAX_COLUMNS, values_only=True), start=1
            ):
                for col, value in enumerate(values):
                    if (number, col) in targets:
                        cached[(number, col)] = cell_text(value)
            uncached = []
            for f in wanted:
                value = cached.get((f.row, f.column), "")
                if f.row in by_row:
                    by_row[f.row][f.column] = value
                if not value:
                    uncached.append(f)
            rows = sorted(by_row.items())
            result.append(Sheet(name=sheet.name, rows=rows, uncached_formulas=tuple(uncached)))
    finally:
        book.close()
    return result


def _decode(data: bytes) -> tuple[str, str]:
    attempts = [("utf-8-sig", "UTF-8"), ("gb18030", "GB18030/GBK")]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        attempts = [("utf-16", "UTF-16")]
    for codec, name in attempts:
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(
        "无法识别 CSV 文件的编码（支持 UTF-8、带 BOM 的 UTF-8 和 GBK/GB18030），"
        "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后重试。"
    )


def _read_csv(data: bytes, *, max_rows: int) -> Workbook:
    text, encoding = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    if first_line.count("\t") == 0 and first_line.count("，") > 0 and first_line.count(",") == 0:
        raise SpreadsheetError("CSV 表头用的是中文全角逗号“，”分隔，请改用英文逗号“,”。")
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            # Our CSV exports prefix "'" so a leading = + - @ is never a formula; undo it.
            values = [cell_text(csv_unguard(c)) for c in cells[:MAX_COLUMNS]]
            if any(values):
                rows.append((number, values))
                if len(rows) > max_rows + 25:
                    raise _too_many_rows(max_rows)
    except csv.Error as exc:
        raise SpreadsheetError(f"CSV 文件格式错误（第{reader.line_num}行）：{exc}")
    return Workbook(format="csv", sheets=[Sheet(name="CSV", rows=rows)], encoding=encoding)


def _read_json(data: bytes, *, max_rows: int) -> Workbook:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SpreadsheetError(f"JSON 文件无法解析：{exc}")
    meta = None
    if isinstance(doc, dict):
        meta = {k: v for k, v in doc.items() if k != "items"}
        doc = doc.get("items")
    if not isinstance(doc, list) or not all(isinstance(i, dict) for i in doc):
        raise SpreadsheetError(
            "JSON 文件须为事项对象的数组，或包含 “items” 数组的对象（导出格式）。"
        )
    if len(doc) > max_rows:
        raise _too_many_rows(max_rows)
    keys: list[str] = []
    for item in doc:
        for key in item:
            if key not in keys:
                keys.append(key)
    rows = [(0, list(keys))]
    rows += [(n, [cell_text(item.get(k)) for k in keys]) for n, item in enumerate(doc, start=1)]
    return Workbook(format="json", sheets=[Sheet(name="JSON", rows=rows)], meta=meta, row_word="项")
