"""The inspection calendar of a township and the load picture (基层负担画像) with its comparison
and charts."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from registry import params
from registry.spreadsheet_writer import file_response, write_table

from .. import selectors
from ..charts import trend_chart_svg
from ..picture import FIGURES, comparison, load_picture
from .access import _office_counties, _unit_in_scope


@require_GET
def inspection_calendar(request, code: str):
    township = _unit_in_scope(request, code)
    if township.level != "township":
        raise Http404("督查检查日历按乡镇（街道）查看。")
    year = params.integer(
        request.GET.get("year"), name="year", minimum=2000, maximum=2100,
        default=timezone.localdate().year,
    )  # fmt: skip
    county = township.parent
    return TemplateResponse(
        request,
        "burden/admin/calendar.html",
        {
            "township": township,
            "year": year,
            "weeks": selectors.inspection_calendar(township=township, year=year),
            "departments": selectors.department_counts(county=county, year=year),
        },
    )


@require_GET
def picture_index(request):
    """The comparison of the units of the user's counties (or of one township's villages)."""
    counties = _office_counties(request)
    on = params.date(request.GET.get("on"), name="on", default=timezone.localdate())
    code = request.GET.get("region")
    parent = _unit_in_scope(request, code) if code else counties[0]
    rows = comparison(parent, on)
    return TemplateResponse(
        request,
        "burden/admin/picture_index.html",
        {"parent": parent, "on": on, "rows": rows, "figures": FIGURES, "counties": counties},
    )


@require_GET
def picture(request, code: str):
    unit = _unit_in_scope(request, code)
    if unit.level not in ("township", "village"):
        raise Http404("负担画像按乡镇（街道）或村（社区）查看。")
    on = params.date(request.GET.get("on"), name="on", default=timezone.localdate())
    pic = load_picture(unit, on)
    if request.GET.get("format") == "xlsx":
        header = ["月份", *FIGURES.values()]
        rows = [header] + [[f"{d:%Y-%m}", *[f[k] for k in FIGURES]] for d, f in pic.months]
        rows += [[], ["码上减问题类别", "近12个月件数"], *pic.cases_by_category.items()]
        data = write_table(
            "xlsx", rows, sheet_name="负担画像",
            title=[f"{unit.full_name}基层负担画像（截至{on:%Y-%m-%d}）"],
        )  # fmt: skip
        return file_response(
            data,
            fmt="xlsx",
            filename=f"{unit.name}负担画像_{on:%Y%m%d}.xlsx",
            fallback=f"burden_{unit.code}_{on:%Y%m%d}.xlsx",
        )
    charts = [
        trend_chart_svg([(f"{d:%Y-%m}", f[k]) for d, f in pic.months], title=label)
        for k, label in FIGURES.items()
    ]
    return TemplateResponse(
        request,
        "burden/admin/picture.html",
        {"unit": unit, "on": on, "pic": pic, "figures": FIGURES, "charts": charts},
    )


@require_GET
def chart_svg(request, code: str, key: str):
    """One trend chart as an SVG file (for reports and printing)."""
    unit = _unit_in_scope(request, code)
    if key not in FIGURES or unit.level not in ("township", "village"):
        raise Http404("没有这个图表。")
    on = params.date(request.GET.get("on"), name="on", default=timezone.localdate())
    pic = load_picture(unit, on)
    svg = trend_chart_svg([(f"{d:%Y-%m}", f[key]) for d, f in pic.months], title=FIGURES[key])
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
