"""Public pages: the QR poster, the report form, the receipt, the status page, typical cases.

Phone first and usable without JavaScript. Nothing here logs or stores the client's address;
responses that carry a query code are never cached.
"""

from __future__ import annotations

import io

import segno
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from registry import params
from registry.form_errors import form_add_service_errors
from registry.models import Region

from . import ratelimit, receipts, refcache, selectors
from .enums import DECLINE_POINTERS, PUBLIC_STATUS_LABELS, CaseStatus, DeclineReason
from .forms import RatingForm, ReportForm, StatusLookupForm, new_submission_token
from .services.cases import case_rate, case_submit
from .visibility import state_reason

OUT_OF_SCOPE = [
    (DeclineReason.LITIGATION.label, DECLINE_POINTERS[DeclineReason.LITIGATION]),
    (DeclineReason.CRIME.label, DECLINE_POINTERS[DeclineReason.CRIME]),
    (DeclineReason.PETITION.label, DECLINE_POINTERS[DeclineReason.PETITION]),
]


def _no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private"
    return response


def _region_or_404(code: str) -> tuple[Region, Region]:
    region = selectors.region_by_code(code)  # cached, ancestors loaded
    if region is None:
        raise Http404
    county = region.county
    if county is None:
        raise Http404
    return region, county


@require_GET
def index(request):
    counties = [(c, list(c.children.order_by("code"))) for c in selectors.reporting_counties()]
    return render(request, "mashangjian/index.html", {"counties": counties})


@require_http_methods(["GET", "POST"])
def report(request, code: str):
    with refcache.pinned():  # one version check of the cached regions, rules and calendar
        return _report(request, code)


def _report(request, code: str):
    region, county = _region_or_404(code)
    regions = selectors.reporting_regions(county=county)
    cats = selectors.categories()
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, county=county, regions=regions)
        if not ratelimit.allow(request, "submit"):
            return _no_store(render(request, "mashangjian/limited.html", status=429))
        if form.is_valid():
            data = form.cleaned_data
            try:
                receipt = case_submit(
                    idempotency_key=data["submission_token"],
                    source=ratelimit.source_of(request),
                    category=data["category"],
                    # the cached instance: its ancestors are loaded, Region.county needs no query
                    region=selectors.region_by_code(data["region"].code) or data["region"],
                    subject_department=data["subject_department"],
                    subject_text=data["subject_text"],
                    occurred=data["occurred"],
                    content=data["content"],
                    anonymous=data["anonymous"],
                    contact_name=data["contact_name"],
                    contact_phone=data["contact_phone"],
                    files=data["attachments"],
                )
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                # POST → redirect → GET: a reload of the receipt never files again.
                response = redirect("mashangjian:receipt")
                receipts.remember(response, receipt)
                return _no_store(response)
    else:
        form = ReportForm(
            county=county,
            regions=regions,
            initial={"region": region.pk, "submission_token": new_submission_token()},
        )
    return render(
        request,
        "mashangjian/report.html",
        {
            "form": form,
            "region": region,
            "county": county,
            "categories": cats,
            "out_of_scope": OUT_OF_SCOPE,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def receipt(request):
    """The receipt, read from the reporter's own short-lived signed cookie: reloading or
    bookmarking it shows the same case and never files another."""
    shown = receipts.recall(request)
    if shown is None:
        return _no_store(render(request, "mashangjian/receipt_gone.html", status=200))
    case = selectors.case_by_number(number=shown.number)
    if case is None:
        return _no_store(render(request, "mashangjian/receipt_gone.html", status=200))
    return _no_store(render(request, "mashangjian/receipt.html", {"receipt": shown, "case": case}))


def _status_context(case):
    return {
        "case": case,
        "status_label": PUBLIC_STATUS_LABELS[case.status],
        "reason": state_reason(case),
        "closed": case.status == CaseStatus.CLOSED,
        "declined": case.status == CaseStatus.DECLINED,
    }


def _looked_up(lookup: StatusLookupForm):
    """The case a lookup form's number and query code name, or None when the form is invalid or
    names none (a wrong number and a wrong code look alike)."""
    if not lookup.is_valid():
        return None
    return selectors.case_for_reporter(
        number=lookup.cleaned_data["number"], code=lookup.cleaned_data["code"]
    )


def _not_found(request):
    form = StatusLookupForm(request.POST or None)
    return _no_store(
        render(request, "mashangjian/status_not_found.html", {"form": form}, status=404)
    )


@require_http_methods(["GET", "POST"])
def status(request):
    """Follow a case with its number and query code. A wrong number and a wrong code look alike."""
    if request.method == "GET":
        return _no_store(
            render(request, "mashangjian/status_lookup.html", {"form": StatusLookupForm()})
        )
    if not ratelimit.allow(request, "lookup"):
        return _no_store(render(request, "mashangjian/limited.html", status=429))
    form = StatusLookupForm(request.POST)
    case = _looked_up(form)
    if case is None:
        return _not_found(request)
    context = _status_context(case) | {"rating_form": RatingForm(initial=form.cleaned_data)}
    return _no_store(render(request, "mashangjian/status.html", context))


@require_POST
def rate(request):
    if not ratelimit.allow(request, "lookup"):
        return _no_store(render(request, "mashangjian/limited.html", status=429))
    form = RatingForm(request.POST)
    lookup = StatusLookupForm(request.POST)
    case = _looked_up(lookup)
    if case is None:
        return _not_found(request)
    message = ""
    if form.is_valid():
        try:
            case = case_rate(case=case, satisfaction=form.cleaned_data["satisfaction"])
            message = (
                "感谢您的评价。"
                if case.status == CaseStatus.CLOSED
                else "已收到您的评价，案件将重新办理。"
            )
        except ValidationError as exc:
            message = "；".join(exc.messages)
    else:
        message = "请选择评价。"
    context = _status_context(case) | {
        "rating_form": RatingForm(initial=lookup.cleaned_data),
        "message": message,
    }
    return _no_store(render(request, "mashangjian/status.html", context))


# ---------------------------------------------------------------- QR posters


def _report_url(request, region: Region) -> str:
    return request.build_absolute_uri(reverse("mashangjian:report", args=[region.code]))


def _poster(request, region: Region, county: Region) -> dict:
    url = _report_url(request, region)
    svg = segno.make(url, error="m").svg_inline(scale=8, dark="#000", border=2)
    return {"region": region, "county": county, "url": url, "qr_svg": svg}


@require_GET
def poster(request, code: str):
    region, county = _region_or_404(code)
    return render(
        request,
        "mashangjian/poster.html",
        {"posters": [_poster(request, region, county)], "region": region},
    )


@require_GET
def poster_sheet(request, code: str):
    """A township's villages, one A4 poster per page, for printing in one go."""
    township, county = _region_or_404(code)
    villages = list(township.children.order_by("code")) or [township]
    return render(
        request,
        "mashangjian/poster.html",
        {
            "posters": [_poster(request, v, county) for v in villages],
            "region": township,
            "sheet": True,
        },
    )


@require_GET
def poster_image(request, code: str, fmt: str):
    region, _ = _region_or_404(code)
    qr = segno.make(_report_url(request, region), error="m")
    out = io.BytesIO()
    if fmt == "svg":
        qr.save(out, kind="svg", scale=10, border=2)
        content_type = "image/svg+xml"
    else:
        qr.save(out, kind="png", scale=12, border=2)
        content_type = "image/png"
    response = HttpResponse(out.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="mashangjian-{region.code}.{fmt}"'
    return response


@require_GET
def typical(request):
    from django.core.paginator import Paginator

    page = Paginator(selectors.typical_cases(), 20).get_page(params.page(request.GET.get("page")))
    return render(request, "mashangjian/typical.html", {"page_obj": page})
