"""CSV and xlsx downloads of cases and statistics. Handling units never get contact details."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from .permissions import Scope

CASE_HEADERS = [
    "案件编号",
    "提交时间",
    "问题类别",
    "反映地区",
    "被反映单位",
    "承办",
    "状态",
    "受理期限",
    "办理期限",
    "超期",
    "反映内容",
    "准入审查结论",
    "反映的任务不得交办",
    "所引清单事项",
]
CONTACT_HEADERS = ["反映方式", "联系人", "联系方式"]


def _check_cells(result: dict | None) -> list[str]:
    """The stored admission check as three columns: verdict, prohibited (是/否), cited items."""
    if not result:
        return ["未审查", "", ""]
    cited = "；".join(
        f"{m.get('code', '')} {m.get('name', '')}（第{m.get('version', '')}版 {m.get('document_no', '')}）"
        for m in result.get("matches", [])
    )
    return [result.get("verdict_label", ""), "是" if result.get("prohibited") else "否", cited]


def case_rows(*, cases, scope: Scope) -> tuple[list[str], list[list[str]]]:
    """Rows for an export. A row includes contact details only where the viewer is the office."""
    office_any = scope.is_office
    headers = CASE_HEADERS + (CONTACT_HEADERS if office_any else [])
    rows = []
    for case in cases:
        office = scope.is_office_for(case)
        row = [
            case.number,
            timezone.localtime(case.submitted_at).strftime("%Y-%m-%d %H:%M"),
            case.category.name,
            case.region.name,
            case.subject_label,
            "机制办直接督办"
            if case.direct
            else (str(case.handler_department) if case.handler_department_id else ""),
            case.get_status_display(),
            f"{case.accept_due:%Y-%m-%d}",
            f"{case.handle_due:%Y-%m-%d}" if case.handle_due else "",
            "是" if case.overdue else "",
            case.content if office else case.content_redacted,
            *_check_cells(case.check_result),
        ]
        if office_any:
            row += (
                ["匿名" if case.anonymous else "实名", case.contact_name, case.contact_phone]
                if office
                else ["", "", ""]
            )
        rows.append(row)
    return headers, rows


def _safe(value):
    """Neutralise spreadsheet formulas in user-written cells (CSV injection); numbers stay
    numbers (a spreadsheet sums them)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def response(*, headers: list[str], rows: list[list], fmt: str, filename: str) -> HttpResponse:
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows([[_safe(c) for c in row] for row in rows])
        resp = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        wb = Workbook()
        ws = wb.active
        ws.title = "数据"
        ws.append(headers)
        for row in rows:
            ws.append([_safe(c) for c in row])
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
