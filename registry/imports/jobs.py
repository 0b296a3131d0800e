"""Jobs: the two-step import across web processes (store, process in the worker, commit), housekeeping."""

from __future__ import annotations

import dataclasses
import logging

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django_tasks import task

from registry import selectors
from registry.enums import ImportStatus, ImportTarget
from registry.models import DutyList, ImportJob, Region
from registry.spreadsheets import MAX_UPLOAD_BYTES

from .list_rows import _commit_rows, list_import_prepare
from .master_data import master_import_commit, master_import_prepare

logger = logging.getLogger(__name__)

# --- jobs: the two-step import across web processes --------------------------------------------


@transaction.atomic
def import_job_create(
    *,
    target: str,
    region: Region | None,
    file_name: str,
    data: bytes,
    kind: str = "",
    page_id: int | None = None,
    header: dict | None = None,
    user=None,
) -> ImportJob:
    """Store an upload in the database (not a local temp file) until it is confirmed."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"文件大小超过上限 {MAX_UPLOAD_BYTES // 1024 // 1024} MB，请拆分后分批导入。"
        )
    if not data:
        raise ValidationError("文件是空的。")
    job = ImportJob(
        target=target,
        region=region,
        kind=kind,
        page_id=page_id,
        file_name=file_name[:255],
        file_size=len(data),
        data=data,
        header=header or {},
        created_by=user,
    )
    job.save()
    return job


def import_job_process(*, job_id: int) -> ImportJob:
    """Parse and preview a stored upload; progress is written as it goes (visible to pollers)."""
    job = ImportJob.objects.select_related("region").get(pk=job_id)
    if job.status not in (ImportStatus.QUEUED, ImportStatus.PROCESSING):
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PROCESSING)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total)

    try:
        if job.target == ImportTarget.LIST:
            plan = list_import_prepare(
                region=job.region,
                kind=job.kind,
                file_name=job.file_name,
                data=bytes(job.data),
                progress=progress,
            )
        else:
            plan = master_import_prepare(
                target=job.target,
                file_name=job.file_name,
                data=bytes(job.data),
                county=job.region,
                progress=progress,
            )
        # The result is written in a savepoint: if the database refuses it, the failure below
        # can still be recorded, so no job is ever left "processing".
        with transaction.atomic():
            job.refresh_from_db()
            job.status = ImportStatus.READY if plan.ok else ImportStatus.INVALID
            job.errors, job.warnings = plan.errors, plan.warnings
            job.preview = plan.preview()
            job.payload = plan.rows if plan.ok else []
            job.base_version_id = plan.base_version.pk if plan.base_version else None
            job.rows_total = job.rows_done = len(plan.rows) if plan.ok else job.rows_total
            job.save()
    except Exception:
        logger.exception("import job %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, errors=["处理文件时发生内部错误，请联系管理员。"]
        )
    job.refresh_from_db()
    return job


@task()
def import_job_process_task(job_id: int) -> None:
    import_job_process(job_id=job_id)


@transaction.atomic
def import_job_commit(*, job: ImportJob, user=None) -> ImportJob:
    """Confirm a previewed import. Refuses if the list changed since the preview."""
    job = ImportJob.objects.select_for_update(of=("self",)).select_related("region").get(pk=job.pk)
    if job.status == ImportStatus.COMMITTED:
        raise ValidationError("该文件已经导入，不能重复确认。")
    if job.status != ImportStatus.READY:
        raise ValidationError("该导入尚未通过校验，不能确认。")
    if job.target == ImportTarget.LIST:
        duty_list = DutyList.objects.filter(region=job.region, kind=job.kind).first()
        current = selectors.version_in_force(duty_list=duty_list) if duty_list else None
        if (current.pk if current else None) != job.base_version_id:
            raise ValidationError("预览之后清单已发布了新版本，请重新上传文件生成预览。")
        result = _commit_rows(
            region=job.region,
            kind=job.kind,
            rows=job.payload,
            header=job.header,
            user=user,
            page_id=job.page_id,
            file_name=job.file_name,
            counts=job.preview.get("counts", {}),
        )
    else:
        result = master_import_commit(
            target=job.target,
            rows=job.payload,
            county=job.region,
            user=user,
            file_name=job.file_name,
            counts=job.preview.get("counts", {}),
        )
    job.status = ImportStatus.COMMITTED
    job.result = result
    job.committed_by = user
    job.committed_at = timezone.now()
    job.save()
    return job


# --- housekeeping ------------------------------------------------------------------------------

FINISHED_STATUSES = (ImportStatus.COMMITTED, ImportStatus.INVALID, ImportStatus.FAILED)
PENDING_STATUSES = (ImportStatus.QUEUED, ImportStatus.PROCESSING, ImportStatus.READY)


@dataclasses.dataclass(frozen=True)
class PurgeResult:
    finished: int  # confirmed, invalid or failed jobs past the retention period
    abandoned: int  # previews never confirmed (or stuck in processing) past the grace period
    bytes: int  # uploaded file bytes released

    @property
    def total(self) -> int:
        return self.finished + self.abandoned


def import_jobs_purge_queryset(*, days: int = 30, pending_days: int = 1, now=None):
    """The jobs a purge would delete (uploaded bytes must not stay in the database forever)."""
    if days < 0 or pending_days < 0:
        raise ValueError("days must not be negative")
    now = now or timezone.now()
    finished = ImportJob.objects.filter(
        status__in=FINISHED_STATUSES, created_at__lt=now - timezone.timedelta(days=days)
    )
    abandoned = ImportJob.objects.filter(
        status__in=PENDING_STATUSES, created_at__lt=now - timezone.timedelta(days=pending_days)
    )
    return finished, abandoned


@transaction.atomic
def import_jobs_purge(
    *, days: int = 30, pending_days: int = 1, dry_run: bool = False, now=None
) -> PurgeResult:
    """Delete old import jobs with their uploaded bytes; the audit log keeps what was imported.

    Finished jobs (confirmed, invalid, failed) go after ``days``; previews nobody
    confirmed (and jobs stuck in processing) after ``pending_days``.
    """
    finished, abandoned = import_jobs_purge_queryset(days=days, pending_days=pending_days, now=now)
    total_bytes = sum(
        qs.aggregate(total=models.Sum("file_size"))["total"] or 0 for qs in (finished, abandoned)
    )
    if dry_run:
        return PurgeResult(
            finished=finished.count(), abandoned=abandoned.count(), bytes=total_bytes
        )
    # ImportJob has no dependent rows, so delete() is one DELETE per queryset.
    result = PurgeResult(
        finished=finished.delete()[0], abandoned=abandoned.delete()[0], bytes=total_bytes
    )
    if result.total:
        logger.info(
            "purged %s import jobs (%s finished, %s abandoned, %s bytes)",
            result.total,
            result.finished,
            result.abandoned,
            result.bytes,
        )
    return result
