"""The five registers' spreadsheets: import (upload → preview → confirm) and export."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from registry.models import Region
from registry.spreadsheet_writer import file_response, write_table
from registry.spreadsheets import MAX_UPLOAD_BYTES

from ..columns import COLUMNS
from ..enums import Register
from ..imports import import_commit, import_create
from ..models import RegisterImport
from ..resources import export_rows
from .access import _office_counties


def _register(name: str) -> Register:
    if name not in Register.values:
        raise Http404("没有这个登记簿。")
    return Register(name)


class ImportForm(forms.Form):
    county = forms.ModelChoiceField(label="所属县", queryset=Region.objects.none())
    file = forms.FileField(label="文件", help_text="xlsx 或 csv（UTF-8 或 GBK），第一行为表头。")

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = Region.objects.filter(pk__in=[c.pk for c in counties])
        self.fields["county"].initial = counties[0].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"文件大小超过上限 {MAX_UPLOAD_BYTES // 1024 // 1024} MB，请拆分后分批导入。"
            )
        return upload


@require_http_methods(["GET", "POST"])
def register_import(request, register: str):
    register = _register(register)
    counties = _office_counties(request)
    form = ImportForm(request.POST or None, request.FILES or None, counties=counties)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_create(
            register=register,
            county=form.cleaned_data["county"],
            user=request.user,
            file_name=upload.name,
            data=upload.read(),
        )
        return redirect("burden_admin:import_preview", job.pk)
    return TemplateResponse(
        request,
        "burden/admin/import_upload.html",
        {
            "form": form,
            "register": register,
            "headers": "、".join(c[1] for c in COLUMNS[register]),
            "template_url": reverse("burden_admin:export", args=[register.value]) + "?template=1",
        },
    )


def _job(request, job_id: int) -> RegisterImport:
    job = get_object_or_404(RegisterImport.objects.select_related("county"), pk=job_id)
    if job.county_id not in {c.pk for c in _office_counties(request)}:
        raise Http404("未找到该导入。")
    return job


@require_GET
def import_preview(request, job_id: int):
    job = _job(request, job_id)
    register = Register(job.register)
    return TemplateResponse(
        request,
        "burden/admin/import_preview.html",
        {
            "job": job,
            "register": register,
            "headers": [c[1] for c in COLUMNS[register]],
            "created": sum(r["action"] == "create" for r in job.rows),
            "updated": sum(r["action"] == "update" for r in job.rows),
            "unchanged": sum(r["action"] == "unchanged" for r in job.rows),
        },
    )


@require_POST
def import_confirm(request, job_id: int):
    job = _job(request, job_id)
    try:
        counts = import_commit(job=job, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("burden_admin:import_preview", job.pk)
    messages.success(
        request,
        f"已从“{job.file_name}”导入{Register(job.register).label}：新增 {counts['created']} 条，"
        f"更新 {counts['updated']} 条，未变 {counts['unchanged']} 条。",
    )
    return redirect(f"burden_{job.register}:index")


@require_GET
def register_export(request, register: str):
    register = _register(register)
    counties = _office_counties(request)
    from ..selectors import MODELS

    qs = MODELS[register].objects.filter(county__in=counties)
    if request.GET.get("template"):
        qs = qs.none()
    rows = export_rows(register, qs)
    today = timezone.localdate()
    data = write_table("xlsx", rows, sheet_name=register.label)
    return file_response(
        data,
        fmt="xlsx",
        filename=f"{register.label}_{today:%Y%m%d}.xlsx",
        fallback=f"{register.value}_{today:%Y%m%d}.xlsx",
    )


@require_GET
def hub(request):
    """导入/导出: the five registers with their import, export and listing links."""
    _office_counties(request)
    return TemplateResponse(
        request,
        "burden/admin/hub.html",
        {
            "registers": [
                {
                    "register": r,
                    "index": reverse(f"burden_{r.value}:index"),
                    "import": reverse("burden_admin:import", args=[r.value]),
                    "export": reverse("burden_admin:export", args=[r.value]),
                }
                for r in Register
            ]
        },
    )
