"""Public pages: is the form I was handed in the county's catalogue? (lookup by number, one page
and one QR code per form). Nothing here names a person."""

from __future__ import annotations

import io

import segno
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cms.public.helpers import qr_svg
from registry import params
from registry.models import Region

from . import flags as F
from .enums import FormStatus
from .links import entry_case_counts
from .models import ReportForm


def _counties():
    return list(Region.objects.filter(level="county").order_by("code"))


def _verdict(form: ReportForm | None, on) -> tuple[str, str]:
    """(css class, Chinese sentence) for a village worker holding this form."""
    if form is None:
        return (
            "bad",
            "本县报表目录中没有这个编号：这张报表未经准入，可以拒绝填报，并可通过“码上减”反映。",
        )
    if form.status == FormStatus.ABOLISHED and form.abolished_on and form.abolished_on <= on:
        return "bad", f"这张报表已于 {form.abolished_on:%Y年%m月%d日} 废止，不应再要求填报。"
    if form.status == FormStatus.OUTSIDE:
        return "bad", "这张报表不在县级报表目录内（已登记为目录外报表），可以拒绝填报。"
    if form.valid_until and form.valid_until < on:
        return (
            "warn",
            f"这张报表在目录内，但有效期已于 {form.valid_until:%Y年%m月%d日} 届满，不应再要求填报。",
        )
    return "ok", "这张报表在县级报表目录内，现行有效。"


@require_GET
def form_lookup(request):
    counties = _counties()
    number = params.text(request.GET.get("number"), name="number", max_length=32).strip()
    county_code = request.GET.get("county") or (counties[0].code if len(counties) == 1 else "")
    context = {"counties": counties, "number": number, "county_code": county_code}
    if number and county_code:
        code = params.region_code(county_code, name="county")
        county = get_object_or_404(Region, code=code, level="county")
        form = ReportForm.objects.filter(county=county, number=number).first()
        if form is not None:
            from django.shortcuts import redirect

            return redirect("burden_form", county.code, form.number)
        context.update(searched=True, verdict=_verdict(None, timezone.localdate()), county=county)
        return TemplateResponse(request, "burden/form_lookup.html", context, status=404)
    return TemplateResponse(request, "burden/form_lookup.html", context)


def _form(county_code: str, number: str) -> ReportForm:
    code = params.region_code(county_code, name="county")
    number = params.text(number, name="number", max_length=32)
    return get_object_or_404(
        ReportForm.objects.select_related("county", "department"),
        county__code=code,
        number=number,
    )


@require_GET
def form_detail(request, county_code: str, number: str):
    form = _form(county_code, number)
    today = timezone.localdate()
    url = request.build_absolute_uri(reverse("burden_form", args=[form.county.code, form.number]))
    return TemplateResponse(
        request,
        "burden/form_detail.html",
        {
            "form": form,
            "verdict": _verdict(form, today),
            "flags": F.form_flags([form], today)[form.pk],
            "linked_cases": entry_case_counts("form", [form.pk]).get(form.pk, 0),
            "qr": qr_svg(url),
            "url": url,
            "today": today,
        },
    )


@require_GET
def form_qr(request, county_code: str, number: str):
    form = _form(county_code, number)
    url = request.build_absolute_uri(reverse("burden_form", args=[form.county.code, form.number]))
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="form-{form.pk}.svg"'
    return response
