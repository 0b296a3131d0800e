"""Statistics: the tables by dimension, their export and the charts of the last 12 months."""

from __future__ import annotations

import datetime

from django.http import HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from registry import params

from .. import exports, selectors
from ..charts import bar_chart_svg, line_chart_svg
from .access import _statistics_scope_or_403


def _date(value: str, *, name: str) -> datetime.date | None:
    return params.optional_date(value, name=name)


def _stats_range(request) -> tuple[datetime.date | None, datetime.date | None, str]:
    """The 起/止 dates of the statistics, or a Chinese message saying what is wrong."""
    values = {"start": request.GET.get("start", ""), "end": request.GET.get("end", "")}
    dates = {}
    for key, label in (("start", "起始日期"), ("end", "截止日期")):
        try:
            dates[key] = _date(values[key], name=key)
        except params.BadParameter:
            return (
                None,
                None,
                f"{label}“{values[key][:20]}”无效，应为 YYYY-MM-DD 格式，例如 2026-03-01。",
            )
    if dates["start"] and dates["end"] and dates["start"] > dates["end"]:
        return (
            None,
            None,
            f"起始日期（{dates['start']:%Y-%m-%d}）晚于截止日期（{dates['end']:%Y-%m-%d}），"
            "请调换或重新选择。",
        )
    return dates["start"], dates["end"], ""


CHARTS = {
    "counts": "反映件数",
    **{key: label for key, (_, label) in selectors.RATE_SERIES.items()},
}


def _charts(
    scope, *, end: datetime.date | None, publish: bool, month_table=None
) -> list[tuple[str, str, str]]:
    """(key, title, svg) of the 12 months up to ``end`` (today): counts, then each rate.
    ``month_table``: the page's month table when it covers every date (no start, no end)."""
    series = selectors.monthly_series(
        scope=scope, today=end, publish=publish, month_table=month_table
    )
    charts = []
    for key, label in CHARTS.items():
        title = f"近12个月{label}"
        svg = (
            bar_chart_svg(series.counts, title=title)
            if key == "counts"
            else line_chart_svg(series.rates[key], title=title)
        )
        charts.append((key, title, svg))
    return charts


@require_GET
def statistics_chart(request, name: str):
    """One chart of the statistics page as an SVG file (same scope, range and publish flag)."""
    scope = _statistics_scope_or_403(request)
    if name not in CHARTS:
        return HttpResponseBadRequest(
            f"图表“{name[:20]}”不存在，可选：{'、'.join(f'{k}（{v}）' for k, v in CHARTS.items())}。",
            content_type="text/plain; charset=utf-8",
        )
    _, end, error = _stats_range(request)
    if error:
        return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
    svg = {k: v for k, _, v in _charts(scope, end=end, publish=_publish(request))}[name]
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f"inline; filename=msj-{name}.svg"
    response["Cache-Control"] = "private, no-store"
    return response


def _publish(request) -> bool:
    return request.GET.get("publish") == "1"


@require_GET
def statistics(request):
    scope = _statistics_scope_or_403(request)
    start, end, error = _stats_range(request)
    publish = request.GET.get("publish") == "1"
    dimensions = selectors.dimensions_for(scope)
    # Every table of the page from the monthly figures (a cut month's days counted live), the
    # charts' months too when the tables cover every date.
    figures = (
        {}
        if error
        else selectors.statistics_tables(
            scope=scope, dimensions=list(dimensions), start=start, end=end, publish=publish
        )
    )
    tables = [(key, label, figures[key]) for key, label in dimensions.items() if key in figures]
    every_date = not error and start is None and end is None
    return TemplateResponse(
        request,
        "mashangjian/admin/statistics.html",
        {
            "tables": tables,
            "error": error,
            "charts": _charts(
                scope,
                end=end,
                publish=publish,
                month_table=figures["month"] if every_date else None,
            ),
            "headers": selectors.STAT_HEADERS,
            "start": request.GET.get("start", ""),
            "end": request.GET.get("end", ""),
            "publish": publish,
            # A city role: every county under the city, counted only (it sees no case).
            "read_only": bool(scope.read_counties) and not scope.is_office,
            "query": request.GET.urlencode(),
        },
        status=400 if error else 200,
    )


@require_GET
def statistics_export(request, fmt: str):
    scope = _statistics_scope_or_403(request)
    dimension = request.GET.get("dimension", "region")
    dimensions = selectors.dimensions_for(scope)
    if dimension not in dimensions:
        return HttpResponseBadRequest(
            f"统计维度“{dimension[:20]}”无效，可选：{'、'.join(dimensions.values())}。",
            content_type="text/plain; charset=utf-8",
        )
    start, end, error = _stats_range(request)
    if error:
        return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
    table = selectors.statistics_table(
        scope=scope,
        dimension=dimension,
        start=start,
        end=end,
        publish=request.GET.get("publish") == "1",
    )
    headers = [dimensions[dimension], *selectors.EXPORT_HEADERS[1:]]
    return exports.response(
        headers=headers,
        rows=[r.values() for r in [*table.rows, table.total]],
        fmt=fmt,
        filename=f"码上减统计-{dimensions[dimension]}",
    )
