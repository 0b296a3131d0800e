"""Shared by the public routes: constants, dates, labelled items, query strings, page look-ups."""

from __future__ import annotations

import dataclasses
import datetime
from urllib.parse import urlencode

import segno
from django.apps import apps
from django.http import Http404, HttpResponseRedirect

from registry import params as request_params
from registry.columns import display_columns
from registry.enums import ListKind
from registry.models import ListItem

DATE_RE = r"(?P<on>\d{4}-\d{2}-\d{2})"
DOWNLOAD_FORMATS = ("xlsx", "csv", "json")

# The department pivot: what a department is, in each list that names one.
DEPARTMENT_ROLES: dict[str, str] = {
    ListKind.TOWNSHIP_COOPERATE: "县级主责部门（乡镇配合）",
    ListKind.TOWNSHIP_WITHDRAWN: "承接部门（由乡镇收回）",
    ListKind.VILLAGE_ASSIST: "责任部门（村、社区协助）",
}


def parse_date(value: str) -> datetime.date:
    try:
        return request_params.date(value, name="date")
    except request_params.BadParameter:
        raise Http404(f"日期“{value}”无效，应为 YYYY-MM-DD 格式，例如 2026-03-01。")


@dataclasses.dataclass(frozen=True)
class PublicItem:
    """An item as a reader sees it: labelled values in the kind's column order."""

    item: ListItem
    fields: tuple[tuple[str, str], ...]

    @property
    def code(self) -> str:
        return self.item.code


def _display(item: ListItem, field: str) -> str:
    if field == "department":
        return item.department_label  # the short name as published, not the current one
    if field == "applies_to":
        return item.get_applies_to_display()
    return str(getattr(item, field) or "")


def public_items(kind: str, items: list[ListItem]) -> list[PublicItem]:
    shown = [(f, h) for f, h in display_columns(kind) if f not in ("seq", "name", "domain")]
    return [
        PublicItem(
            item=i,
            fields=tuple((h, v) for f, h in shown if (v := _display(i, f))),
        )
        for i in items
    ]


def qs(**params) -> str:
    clean = {k: v for k, v in params.items() if v}
    return "?" + urlencode(clean) if clean else ""


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=3, border=2)


def redirect_to_date(page, request, value: str):
    on = parse_date(value)
    params = {k: v for k, v in request.GET.items() if k != "on"}
    return HttpResponseRedirect(f"{page.get_url(request)}{on.isoformat()}/{qs(**params)}")


# cms.models imports this package (the page classes are built from its route mixins), so this
# package never imports cms.models back; it names the two page classes it queries through the
# app registry instead (import-linter contract "The public routes do not import the page models").
def region_pages():
    """The manager of ``cms.RegionPage``."""
    return apps.get_model("cms", "RegionPage").objects


def live_list_pages(duty_lists):
    """Live ``cms.DutyListPage`` objects of ``duty_lists`` (lists or their ids), one query."""
    return apps.get_model("cms", "DutyListPage").objects.live().filter(duty_list__in=duty_lists)
