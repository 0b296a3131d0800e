"""The admin import screen (upload → preview → confirm) and version exports, through the test client."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.models import PageLogEntry

from cms.models import DutyListPage
from registry.enums import ImportStatus
from registry.imports import import_job_process
from registry.models import ImportJob, ListVersion
from registry.spreadsheets import MAX_UPLOAD_BYTES
from tests.import_files import csv_bytes


@pytest.fixture
def admin_client_(client, site):
    client.force_login(site["users"]["admin"])
    return client


def test_import_screen_requires_edit_permission(client, site):
    url = reverse("jianfu:list_import", args=[site["county_list"].pk])
    client.force_login(site["users"]["street_editor"])
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
    denied = client.get(url)
    assert denied.status_code == 302 and denied["Location"] == reverse("wagtailadmin_home")
    client.force_login(site["users"]["admin"])
    response = client.get(url)
    assert response.status_code == 200
    assert "从文件导入清单" in response.text


def test_street_editor_imports_into_own_list_only(client, site, upload):
    client.force_login(site["users"]["street_editor"])
    data = csv_bytes([["序号", "事项名称"], ["1", "甲"]])
    own = upload(client, site["street_list"], data)
    assert own.status_code == 302
    other = upload(client, site["town_list"], data)
    assert other.status_code == 302 and other["Location"] == reverse("wagtailadmin_home")
    assert ImportJob.objects.count() == 1


def test_upload_preview_confirm(admin_client_, site, county_list_in_force, upload):
    page = site["county_list"]
    data = csv_bytes(
        [
            ["事项编码", "序号", "事项名称", "具体内容"],
            ["JB-001", "1", "现行甲", ""],
            ["", "2", "<script>alert('x')</script>", "<b>新</b>"],
        ]
    )
    response = upload(
        admin_client_, page, data, document_no="测发〔2026〕1号", effective_from="2026-12-01"
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/imports/{job.pk}/")
    assert job.status == ImportStatus.READY

    preview = admin_client_.get(response["Location"])
    html = preview.text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>alert('x')</script>" not in html
    assert "新增 <strong>1</strong>" in html and "删除 <strong>1</strong>" in html
    assert "确认导入为草稿" in html

    status = admin_client_.get(reverse("jianfu:list_import_job_status", args=[job.pk])).json()
    assert status["status"] == "ready" and status["percent"] == 100

    confirm = admin_client_.post(reverse("jianfu:list_import_confirm", args=[job.pk]))
    assert confirm.status_code == 302
    assert confirm["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    page = DutyListPage.objects.get(pk=page.pk)
    draft = page.get_latest_revision_as_object()
    assert [i.name for i in draft.draft_items.all()] == ["现行甲", "<script>alert('x')</script>"]
    assert draft.next_effective_from == datetime.date(2026, 12, 1)
    assert ListVersion.objects.count() == 1  # the draft awaits review; nothing is published
    entry = PageLogEntry.objects.get(page=page, action="registry.list.import")
    assert entry.user == site["users"]["admin"] and entry.data["file_name"] == "清单.csv"
    # A second confirm (e.g. a double click served by another process) is refused.
    again = admin_client_.post(reverse("jianfu:list_import_confirm", args=[job.pk]), follow=True)
    assert "不能重复确认" in again.text


def test_invalid_file_shows_errors_and_no_confirm(admin_client_, site, upload):
    data = csv_bytes([["序号", "事项名称", "适用范围"], ["1", "", "城市"]])
    response = upload(admin_client_, site["county_list"], data)
    html = admin_client_.get(response["Location"]).text
    assert "文件有 2 处错误，未写入任何内容" in html
    assert "第2行“事项名称”：不能为空。" in html
    assert "确认导入为草稿" not in html
    job = ImportJob.objects.get()
    assert (
        admin_client_.post(reverse("jianfu:list_import_confirm", args=[job.pk])).status_code == 302
    )
    assert not PageLogEntry.objects.filter(action="registry.list.import").exists()


def test_oversized_upload_is_refused(admin_client_, site, upload):
    data = b"a" * (MAX_UPLOAD_BYTES + 1)
    response = upload(admin_client_, site["county_list"], data)
    assert response.status_code == 200
    assert "超过上限 10 MB" in response.text
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_export_download_and_reimport_is_a_no_op(
    admin_client_, site, county_list_in_force, fmt, upload
):
    page = site["county_list"]
    url = reverse("jianfu:list_version_export", args=[page.pk, 1, fmt])
    response = admin_client_.get(url)
    assert response.status_code == 200
    assert f"-township_basic-v1.{fmt}" in response["Content-Disposition"]
    if fmt == "csv":
        assert response.content.startswith(b"\xef\xbb\xbf")
    reimport = upload(admin_client_, page, response.content, name=f"export.{fmt}")
    html = admin_client_.get(reimport["Location"]).text
    assert "文件内容与现行版本完全相同，没有变化。" in html


def test_export_requires_edit_permission(client, site, county_list_in_force):
    client.force_login(site["users"]["town_editor"])
    url = reverse("jianfu:list_version_export", args=[site["county_list"].pk, 1, "csv"])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_header_button_on_the_list_editor(admin_client_, site):
    page = site["county_list"]
    html = admin_client_.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).text
    assert reverse("jianfu:list_import", args=[page.pk]) in html


def test_upload_page_works_without_and_with_javascript(
    admin_client_, site, django_capture_on_commit_callbacks
):
    """The form posts normally (no JS); the script sends it with XHR for an upload progress bar."""
    page = site["county_list"]
    html = admin_client_.get(reverse("jianfu:list_import", args=[page.pk])).text
    assert 'enctype="multipart/form-data"' in html and "data-import-upload" in html
    assert "data-import-progress" in html and "/static/js/import.js" in html
    data = csv_bytes([["序号", "事项名称"], ["1", "甲"]])
    url = reverse("jianfu:list_import", args=[page.pk])
    with django_capture_on_commit_callbacks(execute=True):
        xhr = admin_client_.post(
            url,
            {"file": SimpleUploadedFile("a.csv", data)},
            HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        )
    job = ImportJob.objects.get()
    assert xhr.json() == {"url": reverse("jianfu:list_import_job", args=[job.pk])}
    assert job.status == ImportStatus.READY  # the immediate backend parsed it in the request
    bad = admin_client_.post(
        url, {"file": SimpleUploadedFile("a.csv", b"")}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    assert bad.status_code == 400 and bad.json()["errors"] == ["所提交的是空文件。"]


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_queued_job_preview_polls_until_parsed(admin_client_, site, upload):
    """With a queueing task backend (a worker elsewhere) the preview shows the job's progress."""
    data = csv_bytes([["序号", "事项名称"], *[[str(n), f"事项{n}"] for n in range(1, 1201)]])
    response = upload(admin_client_, site["county_list"], data)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.QUEUED
    status_url = reverse("jianfu:list_import_job_status", args=[job.pk])
    html = admin_client_.get(response["Location"]).text
    assert f'data-import-status-url="{status_url}"' in html and "排队等待处理…" in html
    assert "确认导入为草稿" not in html

    # Halfway through, as a poller in another request sees it.
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.PROCESSING, rows_done=500, rows_total=1200
    )
    assert admin_client_.get(status_url).json()["percent"] == 42
    assert "已处理 500 / 1200 行" in admin_client_.get(response["Location"]).text

    import_job_process(job_id=job.pk)
    status = admin_client_.get(status_url).json()
    assert (status["status"], status["rows_done"], status["percent"]) == ("ready", 1200, 100)
    assert "确认导入为草稿" in admin_client_.get(response["Location"]).text
