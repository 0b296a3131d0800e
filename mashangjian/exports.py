"""CSV and xlsx downloads of cases and statistics. Handling units never get contact details."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone

from registry.spreadsheet_writer import file_response, write_table

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
]
CONTACT_HEADERS = ["反映方式", "联系人", "联系方式"]


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
        ]
        if office_any:
            row += (
                ["匿名" if case.anonymous else "实名", case.contact_name, case.contact_phone]
                if office
                else ["", "", ""]
            )
        rows.append(row)
    return headers, rows


def response(*, headers: list[str], rows: list[list], fmt: str, filename: str) -> HttpResponse:
    """The download, written by the product's one spreadsheet writer (formula guard included)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    resp = file_response(
        write_table(fmt, [headers, *rows]),
        fmt=fmt,
        filename=f"{filename}.{fmt}",
        fallback=f"mashangjian-export.{fmt}",
    )
    resp["Cache-Control"] = "private, no-store"
    return resp
