"""Hotspots: groups of similar recent cases (the office only), and their export."""

from __future__ import annotations

import datetime

from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from registry import params

from .. import exports, hotspots, selectors
from ..models import Category
from .access import _scope_or_403


def _hotspots(request, scope) -> tuple[list[dict], int, str]:
    """The hotspot groups of the last ``days`` days (optionally of one category), each with its
    cases (id, number) and its places named."""
    days = params.integer(
        request.GET.get("days"), name="days", minimum=1, maximum=3650, default=180
    )
    category = params.text(request.GET.get("category", ""), name="category", max_length=16)
    since = timezone.localdate() - datetime.timedelta(days=days)
    clusters = hotspots.cluster(
        selectors.hotspot_candidates(scope=scope, since=since, category=category)
    )
    names = selectors.region_names(i for h in clusters for i in h.region_ids)
    groups = [
        {
            "hotspot": h,
            "cases": list(zip(h.case_ids, h.case_numbers, strict=True)),
            "places": [names.get(i, "") for i in h.region_ids],
        }
        for h in clusters
    ]
    return groups, days, category


@require_GET
def hotspot_list(request):
    scope = _scope_or_403(request, office=True)
    groups, days, category = _hotspots(request, scope)
    return TemplateResponse(
        request,
        "mashangjian/admin/hotspots.html",
        {
            "groups": groups,
            "days": days,
            "category": category,
            "categories": Category.objects.all(),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def hotspots_export(request, fmt: str):
    scope = _scope_or_403(request, office=True)
    groups, days, _ = _hotspots(request, scope)
    rows = [
        [
            "、".join(g["hotspot"].keywords),
            len(g["cases"]),
            len(g["places"]),
            "、".join(g["places"]),
            "、".join(g["hotspot"].categories),
            "、".join(n for _, n in g["cases"]),
        ]
        for g in groups
    ]
    return exports.response(
        headers=["关键词", "件数", "地区数", "地区", "类别", "案件编号"],
        rows=rows,
        fmt=fmt,
        filename=f"码上减热点-近{days}天",
    )
