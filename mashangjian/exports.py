"""CSV and xlsx downloads of cases and statistics. Handling units never get contact details."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone

from registry.spreadsheet_writer import file_response, write_table

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
            *_check_cells(v.check_result),
        ]
        if office:
            row += (
                ["匿名" if v.anonymous else "实名", v.contact_name, v.contact_phone]
                if v.office
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
