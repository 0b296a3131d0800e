"""manage.py purge_import_jobs: old jobs and their uploaded bytes go, recent ones and the audit log stay."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from registry.enums import ImportStatus, ImportTarget
from registry.imports import import_jobs_purge
from registry.models import ImportJob


def _job(region, status, age_days, name):
    job = ImportJob.objects.create(
        target=ImportTarget.LIST,
        region=region,
        kind="township_basic",
        file_name=name,
        file_size=1000,
        data=b"x" * 1000,
        status=status,
    )
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=age_days)
    )
    return job


@pytest.fixture
def jobs(tree):
    county = tree["county"]
    return {
        "old_committed": _job(county, ImportStatus.COMMITTED, 31, "a"),
        "old_invalid": _job(county, ImportStatus.INVALID, 40, "b"),
        "old_failed": _job(county, ImportStatus.FAILED, 31, "c"),
        "recent_committed": _job(county, ImportStatus.COMMITTED, 29, "d"),
        "stale_preview": _job(county, ImportStatus.READY, 2, "e"),
        "stuck": _job(county, ImportStatus.PROCESSING, 2, "f"),
        "fresh_preview": _job(county, ImportStatus.READY, 0, "g"),
    }


def _left():
    return set(ImportJob.objects.values_list("file_name", flat=True))


def test_purge_defaults(jobs, capsys):
    call_command("purge_import_jobs")
    assert _left() == {"d", "g"}
    out = capsys.readouterr().out
    assert "已删除 5 个导入任务（已结束 3 个，未确认 2 个）" in out
    assert "4.9 KB" in out


def test_dry_run_deletes_nothing(jobs, capsys):
    call_command("purge_import_jobs", "--dry-run")
    assert len(_left()) == 7
    out = capsys.readouterr().out
    assert "将删除 5 个导入任务" in out and "未删除" in out


def test_days_options(jobs):
    result = import_jobs_purge(days=35, pending_days=3)
    assert (result.finished, result.abandoned, result.bytes) == (1, 0, 1000)
    assert _left() == {"a", "c", "d", "e", "f", "g"}
    call_command("purge_import_jobs", "--days", "0", "--pending-days", "0")
    assert _left() == set()


def test_negative_days_refused(jobs):
    with pytest.raises(CommandError, match="不能为负数"):
        call_command("purge_import_jobs", "--days", "-1")
    assert len(_left()) == 7
