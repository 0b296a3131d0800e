"""Real files for the import tests: xlsx written by openpyxl (and patched by hand), csv in several encodings."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from openpyxl import Workbook


def xlsx_bytes(
    rows: list[list],
    *,
    title: str | None = None,
    sheet: str = "Sheet1",
    extra_sheets: dict[str, list[list]] | None = None,
    trailing_blank_rows: int = 0,
) -> bytes:
    """A workbook; ``title`` adds a merged title row above the header, like real lists have."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for name, other in (extra_sheets or {}).items():
        extra = book.create_sheet(name, 0)
        for row in other:
            extra.append(row)
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(rows[0]), 2))
    for row in rows:
        ws.append(row)
    for _ in range(trailing_blank_rows):
        ws.append(["  ", "\t"])  # cells that exist but hold only whitespace
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """Give formula cells the value Excel would have stored (openpyxl writes none)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                text = content.decode("utf-8")
                for ref, value in values.items():
                    # A text result needs t="str" on the cell, as Excel writes it.
                    kind = "" if value.replace(".", "", 1).isdigit() else ' t="str"'
                    text = re.sub(
                        rf'<c r="{ref}"([^>]*)>(<f>[^<]*</f>)<v\s*/?>(</v>)?',
                        lambda m, ref=ref, kind=kind, value=value: (
                            f'<c r="{ref}"{m.group(1)}{kind}>{m.group(2)}<v>{value}</v>'
                        ),
                        text,
                    )
                content = text.encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def csv_bytes(rows: list[list], *, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def zip_bomb(member_size: int) -> bytes:
    """A zip that looks like an xlsx and inflates to ``member_size`` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * member_size)
    return out.getvalue()
