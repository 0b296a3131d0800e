"""Admin screens: import master data (regions, a county's departments) upload → preview → confirm.

The same two-step job as a list import (``registry.ImportJob``, processed by a
task, so confirm may land on another web process). Who may import:

- regions (codes, names, levels, parents): superusers only;
- departments: superusers, or members of 县级管理员 holding the department
  add/change permissions, for a county in their own page scope.

Every write goes through ``registry.imports`` (region_upsert /
department_upsert in one transaction) and is logged as ``registry.master.import``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.admin.menu import MenuItem

from registry.enums import ImportStatus, ImportTarget, RegionLevel
from registry.models import ImportJob, Region

from .import_jobs import (
    UploadForm,
    form_errors_response,
    is_script,
    job_commit,
    job_start,
    job_status_response,
)
from .permissions import user_scope_regions
from .roles import COUNTY_ADMIN, county_group_name

MASTER_TARGETS = (ImportTarget.REGIONS, ImportTarget.DEPARTMENTS)
TEMPLATES = {
    ImportTarget.REGIONS: "区划代码、名称、层级、上级区划代码、单位类型",
    ImportTarget.DEPARTMENTS: "部门编码、全称、简称、机构类别",
}


# --- permissions -------------------------------------------------------------------------------


def can_import_regions(user) -> bool:
    return user.is_active and user.is_superuser


def department_import_counties(user) -> list[Region]:
    """Counties whose departments the user may import (their own county for a county admin)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return list(Region.objects.counties().order_by("code"))
    if not (
        user.has_perm("registry.add_department") and user.has_perm("registry.change_department")
    ):
        return []
    # Only the counties whose own administrator group the user is in (groups are per county).
    names = set(user.groups.values_list("name", flat=True))
    return sorted(
        (
            r
            for r in user_scope_regions(user)
            if r.level == RegionLevel.COUNTY and county_group_name(r, COUNTY_ADMIN) in names
        ),
        key=lambda r: r.code,
    )


def allowed_targets(user) -> list[str]:
    targets = []
    if can_import_regions(user):
        targets.append(ImportTarget.REGIONS)
    if department_import_counties(user):
        targets.append(ImportTarget.DEPARTMENTS)
    return targets


def _check_job(request, job: ImportJob) -> None:
    if job.target == ImportTarget.REGIONS:
        allowed = can_import_regions(request.user)
    else:
        allowed = any(c.pk == job.region_id for c in department_import_counties(request.user))
    if not allowed:
        raise PermissionDenied


class MasterImportMenuItem(MenuItem):
    """「清单登记 › 导入区划/部门」, shown only to users who may import something."""

    def is_shown(self, request):
        return bool(allowed_targets(request.user))


def master_import_menu_item() -> MasterImportMenuItem:
    return MasterImportMenuItem(
        "导入区划/部门", reverse("jianfu:master_import"), icon_name="upload", order=900
    )


# --- form --------------------------------------------------------------------------------------


class MasterImportForm(UploadForm):
    field_order = ["target", "county", "file"]
    target = forms.ChoiceField(label="导入对象", widget=forms.RadioSelect)
    county = forms.ModelChoiceField(
        label="所属县",
        queryset=Region.objects.none(),
        required=False,
        help_text="导入部门时必选：部门属于哪个县。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        targets = allowed_targets(user)
        self.fields["target"].choices = [
            (t, f"{ImportTarget(t).label}（{TEMPLATES[t]}）") for t in targets
        ]
        if len(targets) == 1:
            self.fields["target"].initial = targets[0]
        counties = department_import_counties(user)
        self.fields["county"].queryset = Region.objects.filter(
            pk__in=[c.pk for c in counties]
        ).order_by("code")
        self.fields["county"].label_from_instance = lambda r: f"{r.full_name}（{r.code}）"
        if len(counties) == 1:
            self.fields["county"].initial = counties[0].pk

    def clean(self):
        data = super().clean()
        if data.get("target") == ImportTarget.DEPARTMENTS and not data.get("county"):
            self.add_error("county", "导入部门须选择所属县。")
        return data


# --- views -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def master_import(request):
    if not allowed_targets(request.user):
        raise PermissionDenied
    form = MasterImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        county = form.cleaned_data.get("county") if target == ImportTarget.DEPARTMENTS else None
        started = job_start(request, form, "jianfu:master_import_job", target=target, region=county)
        if started:
            return started
    if request.method == "POST" and is_script(request):
        return form_errors_response(form)
    targets = allowed_targets(request.user)
    counties = department_import_counties(request.user)
    jobs = ImportJob.objects.filter(target__in=targets).select_related("created_by", "region")
    if not request.user.is_superuser:
        jobs = jobs.filter(region__in=counties)
    return TemplateResponse(
        request,
        "cms/admin/master_import_upload.html",
        {"form": form, "jobs": jobs[:10]},
    )


@require_GET
def master_import_job(request, job_id: int):
    job = get_object_or_404(
        ImportJob.objects.select_related("region", "created_by", "committed_by"),
        pk=job_id,
        target__in=MASTER_TARGETS,
    )
    _check_job(request, job)
    preview = job.preview or {}
    changes = preview.get("changes") or {}
    return TemplateResponse(
        request,
        "cms/admin/master_import_preview.html",
        {
            "job": job,
            "target_label": ImportTarget(job.target).label,
            "counts": preview.get("counts") or {},
            "created": changes.get("created", []),
            "created_more": changes.get("created_more", 0),
            "updated": changes.get("updated", []),
            "updated_more": changes.get("updated_more", 0),
            "statuses": ImportStatus,
            "running": job.status in (ImportStatus.QUEUED, ImportStatus.PROCESSING),
            "import_url": reverse("jianfu:master_import"),
            "index_url": reverse(
                "regions:index" if job.target == ImportTarget.REGIONS else "departments:index"
            ),
        },
    )


@require_GET
def master_import_job_status(request, job_id: int):
    job = get_object_or_404(ImportJob, pk=job_id, target__in=MASTER_TARGETS)
    _check_job(request, job)
    return job_status_response(job)


@require_POST
def master_import_confirm(request, job_id: int):
    job = get_object_or_404(ImportJob, pk=job_id, target__in=MASTER_TARGETS)
    _check_job(request, job)
    committed = job_commit(request, job)
    if committed is None:
        return redirect("jianfu:master_import_job", job.pk)
    counts = committed.result.get("counts", {})
    messages.success(
        request,
        f"已从“{job.file_name}”导入{ImportTarget(job.target).label} "
        f"{committed.result.get('rows', 0)} 行："
        f"新增 {counts.get('created', 0)}，更新 {counts.get('updated', 0)}，"
        f"未变 {counts.get('unchanged', 0)}。",
    )
    return redirect("jianfu:master_import_job", job.pk)
