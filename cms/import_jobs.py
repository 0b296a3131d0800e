"""The admin side of an import job (``registry.ImportJob``), shared by the list import
(``cms/import_views.py``) and the master-data import (``cms/master_import_views.py``).

Both screens go upload → preview → confirm: the upload field and its size limit, queueing the job
after the commit, the answers to the page script (``static/js/import.js``), the status it polls
and the confirm step are written here once.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from registry.imports import import_job_commit, import_job_create, import_job_process_task
from registry.models import ImportJob
from registry.spreadsheets import MAX_ROWS, MAX_UPLOAD_BYTES

MAX_MB = MAX_UPLOAD_BYTES // 1024 // 1024


class UploadForm(forms.Form):
    """The file of an import, refused above the upload limit before anything reads it."""

    file = forms.FileField(
        label="文件",
        help_text=f"xlsx、csv（UTF-8 或 GBK）或 json，不超过 {MAX_MB} MB、{MAX_ROWS} 行。",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"文件大小 {upload.size / 1024 / 1024:.1f} MB 超过上限 {MAX_MB} MB，"
                "请拆分后分批导入。"
            )
        return upload


def is_script(request) -> bool:
    """The upload was posted by the page script (it shows progress and errors in place)."""
    return request.headers.get("x-requested-with") == "XMLHttpRequest"


def job_start(request, form: UploadForm, preview_url_name: str, **fields) -> HttpResponse | None:
    """Store the file of a valid upload form as a job (``fields``: what it imports into), queue
    it and send the user (or the script) to its preview. ``None`` when the file is refused: the
    reason is on the form's file field."""
    upload = form.cleaned_data["file"]
    try:
        job = import_job_create(
            file_name=upload.name, data=upload.read(), user=request.user, **fields
        )
    except ValidationError as exc:
        form.add_error("file", exc)
        return None
    # After the commit, so a worker in another process finds the job.
    transaction.on_commit(lambda: import_job_process_task.enqueue(job_id=job.pk))
    url = reverse(preview_url_name, args=[job.pk])
    if is_script(request):
        return JsonResponse({"url": url})
    return redirect(url)


def form_errors_response(form: forms.Form, *, unlabelled=("__all__",)) -> JsonResponse:
    """Every invalid field for the script, named by its label (the script shows them above the
    button); the errors of the fields in ``unlabelled`` speak for themselves."""
    errors = [
        e if f in unlabelled else f"{form.fields[f].label}：{e}"
        for f, errs in form.errors.items()
        for e in errs
    ]
    return JsonResponse({"errors": errors}, status=400)


def job_status_response(job: ImportJob) -> JsonResponse:
    """What the preview page polls while the job runs."""
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
            "percent": job.percent,
        }
    )


def job_commit(request, job: ImportJob) -> ImportJob | None:
    """Commit the previewed job; ``None`` (with the reasons as messages) when it was refused."""
    try:
        return import_job_commit(job=job, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return None
