"""Imports run on the real job queue: django-tasks' database backend and its `db_worker` command.

The other import tests run jobs in the request (the immediate backend of the test settings); this
one proves the production path: the upload only queues the job, a worker process picks it up.
"""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from registry.enums import ImportStatus
from registry.models import ImportJob
from tests.import_files import csv_bytes

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# The worker closes the database connection between jobs, as a long-running process must: the
# test runs on committed data (transactional), not inside a test transaction.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_upload_queues_the_job_and_the_worker_parses_it(wagtail_root, client, site, upload):
    from django_tasks_db.models import DBTaskResult

    client.force_login(site["users"]["admin"])
    data = csv_bytes([["序号", "事项名称"], *[[str(n), f"事项{n}"] for n in range(1, 51)]])
    response = upload(client, site["county_list"], data)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.QUEUED  # nothing ran in the request
    assert DBTaskResult.objects.count() == 1
    assert "排队等待处理" in client.get(response["Location"]).text

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.rows_done) == (ImportStatus.READY, 50)
    status = client.get(reverse("jianfu:list_import_job_status", args=[job.pk])).json()
    assert status["status"] == "ready" and status["percent"] == 100
    assert "确认导入为草稿" in client.get(response["Location"]).text
