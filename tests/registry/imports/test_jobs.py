"""registry.imports.jobs: a stored upload processed, previewed and committed once, across
web processes; nothing written on any error."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Revision

from registry import selectors
from registry.enums import ImportStatus, ImportTarget
from registry.exports import render_export
from registry.imports import (
    import_job_commit,
    import_job_create,
    import_job_process,
    list_import_commit,
)
from registry.models import ImportJob, ListVersion
from tests.factories import items, publish
from tests.import_files import csv_bytes
from tests.registry.imports.helpers import COOP, HEADER_COOP, prepare


def test_nothing_written_on_any_error(county, coop_version, list_page):
    data = csv_bytes([HEADER_COOP, ["1", "", "甲", "县民证局", "", ""]])
    revisions = Revision.objects.count()
    plan = prepare(county, data, name="a.csv")
    with pytest.raises(ValidationError):
        list_import_commit(region=county, kind=COOP, plan=plan)
    job = import_job_create(
        target=ImportTarget.LIST, region=county, kind=COOP, file_name="a.csv", data=data
    )
    job = import_job_process(job_id=job.pk)
    assert job.status == ImportStatus.INVALID and job.payload == []
    with pytest.raises(ValidationError):
        import_job_commit(job=job)
    assert Revision.objects.count() == revisions
    assert ListVersion.objects.count() == 1


def _reimport_job(county, version, list_page, fmt):
    """A list import job of the version's own export (``fmt``): its bytes and the queued job."""
    data = render_export(selectors.version_export(version=version), fmt)
    job = import_job_create(
        target=ImportTarget.LIST,
        region=county,
        kind=COOP,
        page_id=list_page.pk,
        file_name=f"a.{fmt}",
        data=data,
    )
    return data, job


def test_job_two_step_and_stale_preview(county, coop_version, depts, list_page):
    data, job = _reimport_job(county, coop_version, list_page, "xlsx")
    job = import_job_process(job_id=job.pk)
    assert job.status == ImportStatus.READY, job.errors
    assert job.rows_total == job.rows_done == 3
    assert job.preview["counts"]["unchanged"] == 3
    # Re-read from the database, as another web process would.
    job = ImportJob.objects.get(pk=job.pk)
    assert bytes(job.data) == data
    publish(county, COOP, datetime.date(2025, 6, 1), items("新版事项"))
    with pytest.raises(ValidationError, match="重新上传"):
        import_job_commit(job=job)


def test_job_commit_once(county, coop_version, list_page):
    _, job = _reimport_job(county, coop_version, list_page, "csv")
    job = import_job_commit(job=import_job_process(job_id=job.pk))
    assert job.status == ImportStatus.COMMITTED and job.result["items"] == 3
    with pytest.raises(ValidationError, match="不能重复确认"):
        import_job_commit(job=job)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_nul_byte_is_refused_naming_the_row_and_the_job_ends(county, depts, fmt):
    """SQLite stored the NUL; PostgreSQL refused it and left the job "processing" forever."""
    if fmt == "csv":
        data = csv_bytes(
            [
                HEADER_COOP,
                ["1", "民政", "低保审核", "县民政局", "", ""],
                ["2", "民政", "台账\x00报送", "县民政局", "", ""],
            ]
        )
        where = "第3行"
    else:
        data = json.dumps([{"事项名称": "低保审核"}, {"事项名称": "台账\x00报送"}]).encode()
        where = "第2项"
    job = import_job_create(
        target=ImportTarget.LIST, region=county, kind=COOP, file_name=f"a.{fmt}", data=data
    )
    job = import_job_process(job_id=job.pk)
    assert job.status == ImportStatus.INVALID, (job.status, job.errors)
    assert any(where in e and "控制字符" in e for e in job.errors), job.errors
    assert not ImportJob.objects.filter(status=ImportStatus.PROCESSING).exists()


def test_jobs_queued_before_the_move_still_find_their_task():
    """django-tasks stores a task's dotted path; rows queued before the package move name the old one."""
    from django.utils.module_loading import import_string

    from registry.imports import import_job_process_task

    assert import_string("registry.services.imports.import_job_process_task") is (
        import_job_process_task
    )
