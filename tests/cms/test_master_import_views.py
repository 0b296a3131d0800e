"""The admin master-data import (regions, departments): upload → preview → confirm, scoped by role."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.models import ModelLogEntry

from registry.enums import ImportStatus, ImportTarget
from registry.imports import import_job_process
from registry.models import Department, ImportJob, Region
from tests.factories import make_department, make_neighbour_county, make_user
from tests.import_files import csv_bytes, xlsx_bytes

URL = "/admin/jianfu/master-data/import/"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

REGIONS = [
    ["区划代码", "名称", "层级", "上级区划代码", "单位类型"],
    ["880101100300", "北村", "村（社区）", "880101100100", "村"],
    ["880101100100", "北乡", "乡镇（街道）", "880101000000", "乡"],
    ["880101100000", "西镇（改名）", "乡镇（街道）", "880101000000", "镇"],
]


@pytest.fixture
def superuser(db):
    return make_user("root", superuser=True)


@pytest.fixture
def other_county(tree):
    county = make_neighbour_county(tree["city"])["county"]
    make_department(county, "邻县民政局", code="N001")
    return county


def _post(client, captured, data, name="主数据.csv", xhr=False, **fields):
    headers = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"} if xhr else {}
    with captured(execute=True):
        return client.post(URL, {"file": SimpleUploadedFile(name, data), **fields}, **headers)


def test_superuser_imports_regions_with_a_per_row_preview(
    client, superuser, tree, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    response = _post(
        client,
        django_capture_on_commit_callbacks,
        xlsx_bytes(REGIONS, title="青山市区划代码表"),
        name="区划.xlsx",
        target=ImportTarget.REGIONS,
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jianfu:master_import_job", args=[job.pk])
    assert job.status == ImportStatus.READY and job.region is None

    html = client.get(response["Location"]).text
    assert "新增 <strong>2</strong>" in html and "更新 <strong>1</strong>" in html
    # Created rows with their fields, updated rows with old → new, named by the file's row.
    assert "第3行" in html and "北村" in html and "村（社区）" in html
    assert "<del>西镇</del> → <ins>西镇（改名）</ins>" in html
    assert "确认导入" in html
    assert not Region.objects.filter(code="880101100300").exists()  # nothing written yet

    confirm = client.post(reverse("jianfu:master_import_confirm", args=[job.pk]), follow=True)
    assert "已从“区划.xlsx”导入行政区划 3 行：新增 2，更新 1，未变 0。" in confirm.text
    assert Region.objects.get(code="880101100300").parent.code == "880101100100"
    assert Region.objects.get(code="880101100000").name == "西镇（改名）"
    entry = ModelLogEntry.objects.get(action="registry.master.import")
    assert entry.user == superuser
    assert entry.data["file_name"] == "区划.xlsx"
    assert entry.data["counts"] == {"created": 2, "updated": 1, "unchanged": 0}
    again = client.post(reverse("jianfu:master_import_confirm", args=[job.pk]), follow=True)
    assert "不能重复确认" in again.text


def test_county_admin_imports_own_county_departments(
    client, site, other_county, django_capture_on_commit_callbacks
):
    county = site["tree"]["county"]
    existing = make_department(county, "县民政局", code="D01")
    admin = site["users"]["admin"]
    client.force_login(admin)
    page = client.get(URL).text
    assert 'value="departments"' in page and 'value="regions"' not in page
    assert "测试市测试县（880101000000）" in page and "邻县" not in page

    data = csv_bytes(
        [
            ["部门编码", "全称", "简称", "机构类别"],
            ["D01", "测试县民政局", "县民政局", "政府工作部门"],
            ["D02", "测试县医疗保障局", "县医保局", "政府工作部门"],
        ],
        encoding="gbk",
    )
    response = _post(
        client,
        django_capture_on_commit_callbacks,
        data,
        name="部门.csv",
        target=ImportTarget.DEPARTMENTS,
        county=county.pk,
    )
    job = ImportJob.objects.get()
    assert job.region == county
    html = client.get(response["Location"]).text
    assert "新增 <strong>1</strong>" in html and "更新 <strong>1</strong>" in html
    assert "<strong>机构类别：</strong><del>（空）</del> → <ins>政府工作部门</ins>" in html

    client.post(reverse("jianfu:master_import_confirm", args=[job.pk]))
    assert Department.objects.get(county=county, code="D02").short_name == "县医保局"
    existing.refresh_from_db()
    assert existing.kind == "政府工作部门"
    entry = ModelLogEntry.objects.get(action="registry.master.import")
    assert entry.user == admin and entry.data["file_name"] == "部门.csv"
    assert entry.data["counts"] == {"created": 1, "updated": 1, "unchanged": 0}


def test_county_admin_cannot_import_regions_or_another_county(
    client, site, other_county, superuser, django_capture_on_commit_callbacks
):
    client.force_login(site["users"]["admin"])
    data = csv_bytes([["部门编码", "全称", "简称"], ["N02", "邻县某局", "邻县某局"]])
    refused = _post(
        client,
        django_capture_on_commit_callbacks,
        data,
        target=ImportTarget.DEPARTMENTS,
        county=other_county.pk,
    )
    assert refused.status_code == 200 and "county" in refused.context["form"].errors
    regions = _post(
        client,
        django_capture_on_commit_callbacks,
        csv_bytes(REGIONS),
        target=ImportTarget.REGIONS,
    )
    assert regions.status_code == 200 and "target" in regions.context["form"].errors
    assert not ImportJob.objects.exists()

    # Jobs of others (the superuser's regions, another county's departments) are out of reach.
    client.force_login(superuser)
    _post(client, django_capture_on_commit_callbacks, csv_bytes(REGIONS), target="regions")
    _post(
        client,
        django_capture_on_commit_callbacks,
        data,
        target="departments",
        county=other_county.pk,
    )
    client.force_login(site["users"]["admin"])
    for job in ImportJob.objects.all():
        for name in ("master_import_job", "master_import_job_status"):
            response = client.get(reverse(f"jianfu:{name}", args=[job.pk]))
            assert response.status_code == 302 and response["Location"] == reverse(
                "wagtailadmin_home"
            )
        client.post(reverse("jianfu:master_import_confirm", args=[job.pk]))
    assert ImportJob.objects.filter(status=ImportStatus.COMMITTED).count() == 0
    assert not Department.objects.filter(code="N02").exists()


@pytest.mark.parametrize("user", ["reviewer", "street_editor"])
def test_other_roles_have_no_master_import(client, site, user):
    client.force_login(site["users"][user])
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert URL not in client.get(reverse("wagtailadmin_home")).text


def test_menu_item_in_the_registry_group(client, site):
    client.force_login(site["users"]["admin"])
    html = client.get(reverse("wagtailadmin_home")).text  # the sidebar is JSON (ASCII-escaped)
    group = html.index(json.dumps("清单登记"))
    item = html.index(f'{json.dumps("导入区划/部门")}, "icon_name": "upload"')
    assert group < item < html.index(f'"url": "{URL}"') < html.index("]]}", group)


def test_row_errors_and_nothing_written(client, site, django_capture_on_commit_callbacks):
    county = site["tree"]["county"]
    make_department(county, "县民政局", code="D01")
    client.force_login(site["users"]["admin"])
    data = csv_bytes(
        [
            ["部门编码", "全称", "简称"],
            ["D02", "测试县医疗保障局", "县医保局"],
            ["D03", "另一个局", "县民政局"],
            ["D04", "", "县某局"],
        ]
    )
    response = _post(
        client,
        django_capture_on_commit_callbacks,
        data,
        target=ImportTarget.DEPARTMENTS,
        county=county.pk,
    )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.INVALID
    html = client.get(response["Location"]).text
    assert "第4行“全称”：不能为空。" in html
    assert "未写入任何内容" in html and "确认导入</button>" not in html
    client.post(reverse("jianfu:master_import_confirm", args=[job.pk]))
    assert set(Department.objects.values_list("code", flat=True)) == {"D01"}
    assert not ModelLogEntry.objects.filter(action="registry.master.import").exists()


def test_xhr_upload_answers_json(client, superuser, tree, django_capture_on_commit_callbacks):
    client.force_login(superuser)
    ok = _post(
        client, django_capture_on_commit_callbacks, csv_bytes(REGIONS), xhr=True, target="regions"
    )
    job = ImportJob.objects.get()
    assert ok.json() == {"url": reverse("jianfu:master_import_job", args=[job.pk])}
    bad = _post(client, django_capture_on_commit_callbacks, b"", xhr=True, target="regions")
    assert bad.status_code == 400
    assert bad.json()["errors"] == ["文件：所提交的是空文件。"]


@override_settings(TASKS=DUMMY_TASKS)
def test_queued_job_shows_polling_progress(
    client, superuser, tree, django_capture_on_commit_callbacks
):
    """With a queueing task backend the preview polls the job until a worker has parsed it."""
    client.force_login(superuser)
    response = _post(
        client, django_capture_on_commit_callbacks, csv_bytes(REGIONS), target="regions"
    )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.QUEUED
    status_url = reverse("jianfu:master_import_job_status", args=[job.pk])
    html = client.get(response["Location"]).text
    assert f'data-import-status-url="{status_url}"' in html
    assert "排队等待处理…" in html and '<meta http-equiv="refresh" content="3">' in html
    assert client.get(status_url).json()["status"] == "queued"

    import_job_process(job_id=job.pk)  # what the worker does
    assert client.get(status_url).json() == {
        "status": "ready",
        "status_label": "待确认",
        "rows_done": 3,
        "rows_total": 3,
        "percent": 100,
    }
    html = client.get(response["Location"]).text
    assert "data-import-status-url" not in html and "确认导入" in html
