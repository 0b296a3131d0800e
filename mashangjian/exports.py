"""CSV and xlsx downloads of cases and statistics. Handling units never get contact details."""

from __future__ import annotations

import csv
import datetime
import io
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from .visibility import CaseView

CASE_HEADERS = [
    "案件编号",
    "提交时间",
    "问题类别",
    "反映地区",
    "被反映单位",
    "发生时间",
    "承办",
    "状态",
    "状态说明",
    "受理期限",
    "办理期限",
    "超期",
    "反映内容",
]
CONTACT_HEADERS = ["反映方式", "联系人", "联系方式"]


def case_rows(*, views: list[CaseView], office: bool) -> tuple[list[str], list[list]]:
    """Rows for an export, from the protected views (visibility.case_view): a unit reads the
    redacted texts; contact details only where the viewer is the case's office. Dates stay
    dates (the xlsx stores them as such)."""
    headers = CASE_HEADERS + (CONTACT_HEADERS if office else [])
    rows = []
    for v in views:
        row = [
            v.number,
            timezone.localtime(v.submitted_at).replace(tzinfo=None, second=0, microsecond=0),
            v.category_name,
            v.region_name,
            v.subject,
            v.occurred,
            v.handler,
            v.status_label,
            v.reason,
            v.accept_due,
            v.handle_due,
            "是" if v.overdue else "",
            v.content,
        ]
        if office:
            row += (
                ["匿名" if v.anonymous else "实名", v.contact_name, v.contact_phone]
                if v.office
                else ["", "", ""]
            )
        rows.append(row)
    return headers, rows


def _safe(value):
    """Neutralise spreadsheet formulas in user-written cells (CSV injection); numbers and dates
    are kept as they are."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float | datetime.date):
        value = str(value)
    if isinstance(value, str):
        return "'" + value if value[:1] in ("=", "+", "-", "@") else value
    return value


def _csv_cell(value) -> str:
    value = _safe(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


_FORMATS = {datetime.datetime: "yyyy-mm-dd hh:mm", datetime.date: "yyyy-mm-dd"}


def response(*, headers: list[str], rows: list[list], fmt: str, filename: str) -> HttpResponse:
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows([[_csv_cell(c) for c in row] for row in rows])
        resp = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        wb = Workbook()
        ws = wb.active
        ws.title = "数据"
        ws.append(headers)
        for row in rows:
            ws.append([_safe(c) for c in row])
            for cell in ws[ws.max_row]:
                fmt_ = _FORMATS.get(type(cell.value))
                if fmt_:
                    cell.number_format = fmt_
        out = io.BytesIO()
        wb.save(out)
        resp = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.{fmt}"
    resp["Cache-Control"] = "private, no-store"
    return resp
