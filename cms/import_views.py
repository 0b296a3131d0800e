"""Admin screens: import a list from a spreadsheet (upload → preview → confirm) and export any version.

The upload is stored in the database (``registry.ImportJob``) and processed by
a task, so the preview and the confirmation may be served by different web
processes. Only users who can edit the list page may import; the result is a
draft that still goes through the 清单审核 workflow.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from registry import selectors
from registry.enums import ChangeType, ImportStatus, ImportTarget
from registry.exports import FORMATS, export_response
from registry.models import ImportJob

from .import_jobs import (
    UploadForm,
    form_errors_response,
    is_script,
    job_commit,
    job_start,
    job_status_response,
)
from .models import DutyListPage

CATEGORIES = (
    ("added", "新增"),
    ("removed", "删除"),
    ("modified", "修改"),
    ("moved", "序号调整"),
    ("moved_in", "从其他清单移入"),
    ("moved_out", "移出到其他清单"),
)


class ImportForm(UploadForm):
    document_no = forms.CharField(label="文号", max_length=128, required=False)
    issuing_body = forms.CharField(label="印发机关", max_length=128, required=False)
    effective_from = forms.DateField(
        label="生效日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="留空则保留草稿中已有的值。",
    )
    change_type = forms.ChoiceField(
        label="调整类型", choices=[("", "（不变）"), *ChangeType.choices], required=False
    )
    change_note = forms.CharField(
        label="修订说明", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def header(self) -> dict:
        data = {
            k: self.cleaned_data.get(k)
            for k in ("document_no", "issuing_body", "change_type", "change_note")
        }
        if self.cleaned_data.get("effective_from"):
            data["effective_from"] = self.cleaned_data["effective_from"].isoformat()
        return {k: v for k, v in data.items() if v}


def _editable_page(request, page_id: int) -> DutyListPage:
    page = get_object_or_404(DutyListPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def _job_for(request, job_id: int) -> tuple[ImportJob, DutyListPage]:
    job = get_object_or_404(ImportJob, pk=job_id, target=ImportTarget.LIST)
    return job, _editable_page(request, job.page_id)


@require_http_methods(["GET", "POST"])
def list_import(request, page_id: int):
    page = _editable_page(request, page_id)
    region = page.get_parent().specific.region
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        started = job_start(
            request,
            form,
            "jianfu:list_import_job",
            target=ImportTarget.LIST,
            region=region,
            kind=page.kind,
            page_id=page.pk,
            header=form.header(),
        )
        if started:
            return started
    if request.method == "POST" and is_script(request):
        return form_errors_response(form, unlabelled=("file", "__all__"))
    duty_list = page.duty_list
    return TemplateResponse(
        request,
        "cms/admin/import_upload.html",
        {
            "page": page,
            "form": form,
            "versions": selectors.versions_with_status(duty_list=duty_list) if duty_list else [],
            "formats": FORMATS,
            "jobs": ImportJob.objects.filter(page_id=page.pk).select_related("created_by")[:10],
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        },
    )


@require_GET
def list_import_job(request, job_id: int):
    job, page = _job_for(request, job_id)
    preview = job.preview or {}
    changes = preview.get("changes") or {}
    sections = [
        {
            "key": key,
            "label": label,
            "entries": changes.get(key, []),
            "more": changes.get(f"{key}_more", 0),
            "count": (preview.get("counts") or {}).get(key, 0),
        }
        for key, label in CATEGORIES
    ]
    return TemplateResponse(
        request,
        "cms/admin/import_preview.html",
        {
            "page": page,
            "job": job,
            "preview": preview,
            "counts": preview.get("counts") or {},
            "sections": sections,
            "statuses": ImportStatus,
            "running": job.status in (ImportStatus.QUEUED, ImportStatus.PROCESSING),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            "import_url": reverse("jianfu:list_import", args=[page.pk]),
        },
    )


@require_GET
def list_import_job_status(request, job_id: int):
    job, _ = _job_for(request, job_id)
    return job_status_response(job)


@require_POST
def list_import_confirm(request, job_id: int):
    job, page = _job_for(request, job_id)
    committed = job_commit(request, job)
    if committed is None:
        return redirect("jianfu:list_import_job", job.pk)
    messages.success(
        request,
        f"已从“{job.file_name}”导入 {committed.result.get('items', 0)} 个事项，生成新的草稿；"
        "请检查后提交“清单审核”，审核通过后方可发布。",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_GET
def list_version_export(request, page_id: int, number: int, fmt: str):
    page = get_object_or_404(DutyListPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit() and not request.user.is_superuser:
        raise PermissionDenied
    if fmt not in FORMATS or page.duty_list is None:
        raise Http404("没有这个版本或格式。")
    version = get_object_or_404(page.duty_list.versions, number=number)
    return export_response(selectors.version_export(version=version), fmt)
