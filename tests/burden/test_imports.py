"""xlsx import of a register: preview, Chinese row errors, all-or-nothing, export headers."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from burden.models import Inspection, RegisterImport, ReportForm

D = datetime.date

FORM_HEADER = [
    "报表编号",
    "报表名称",
    "制发部门",
    "有效期至",
    "填报频次",
    "填报主体",
    "指标数",
    "状态",
]


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, register, rows, county):
    return client.post(
        reverse("burden_admin:import", args=[register]),
        {"county": county.pk, "file": SimpleUploadedFile("目录.xlsx", xlsx(rows))},
    )


def test_import_preview_then_confirm(two, client):
    client.force_login(two.office)
    response = upload(
        client,
        "forms",
        [
            FORM_HEADER,
            [
                "BB-001",
                "低保走访台账",
                "县民政局",
                D(2026, 12, 31),
                "月报",
                "村（社区）",
                12,
                "目录内",
            ],
            ["BB-002", "统计年报", "县统计局", "2027-06-30", "年报", "乡镇和村", "30", "目录内"],
        ],
        two.county,
    )
    job = RegisterImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("burden_admin:import_preview", args=[job.pk])
    preview = client.get(response.url).content.decode()
    assert "新增 <strong>2</strong>" in preview
    assert not ReportForm.objects.exists()  # nothing written before confirmation
    done = client.post(reverse("burden_admin:import_confirm", args=[job.pk]), follow=True)
    assert (
        "已从“目录.xlsx”导入基层报表目录：新增 2 条，更新 0 条，未变 0 条。"
        in done.content.decode()
    )
    form = ReportForm.objects.get(number="BB-001")
    assert (form.department, form.valid_until, form.filled_by) == (
        two.minzheng,
        D(2026, 12, 31),
        "village",
    )
    assert form.history.get().history_user == two.office
    # the same file again updates, and a committed import cannot be confirmed twice
    again = client.post(reverse("burden_admin:import_confirm", args=[job.pk]), follow=True)
    assert "该文件已导入，不能重复导入。" in again.content.decode()


def test_import_errors_name_row_column_and_reason_and_write_nothing(two, client):
    client.force_login(two.office)
    upload(
        client,
        "forms",
        [
            FORM_HEADER,
            ["BB-001", "好的一行", "县民政局", "", "月报", "村（社区）", 1, "目录内"],
            ["BB-002", "部门不对", "县农业局", "", "月报", "村（社区）", 1, "目录内"],
            ["BB-003", "日期不对", "县民政局", "2026-02-30", "周报", "村", "1²", "目录内"],
            ["BB-001", "重复", "县民政局", "", "月报", "村（社区）", 1, "目录内"],
        ],
        two.county,
    )
    job = RegisterImport.objects.get()
    assert job.errors == [
        "第3行「制发部门」：本县没有部门“县农业局”。",
        "第4行「有效期至」：日期“2026-02-30”无效，应为 YYYY-MM-DD。",
        "第4行「填报频次」：“周报”不是可选值（可选：一次性、月报、季报、半年报、年报、不定期）。",
        "第4行「填报主体」：“村”不是可选值（可选：乡镇（街道）、村（社区）、乡镇和村）。",
        "第4行「指标数」：“1²”不是非负整数。",
        "第5行：与第2行重复（报表编号相同）。",
    ]
    page = client.get(reverse("burden_admin:import_preview", args=[job.pk])).content.decode()
    assert "未导入任何一行" in page
    refused = client.post(reverse("burden_admin:import_confirm", args=[job.pk]), follow=True)
    assert "文件有错误，请改正后重新上传。" in refused.content.decode()
    assert not ReportForm.objects.exists()


def test_import_model_rules_apply_and_unknown_header(two, client):
    client.force_login(two.office)
    upload(
        client,
        "inspections",
        [
            [
                "督查检查考核事项",
                "牵头部门",
                "计划类型",
                "涉及乡镇（街道）",
                "开始日期",
                "结束日期",
                "负责人",
            ],
            ["低保核查", "县民政局", "年度计划内", "西镇", "2026-03-05", "2026-03-02", "x"],
        ],
        two.county,
    )
    job = RegisterImport.objects.get()
    assert job.errors == ["第1行（表头）：不认识的列“负责人”。"]
    job.delete()
    upload(
        client,
        "inspections",
        [
            [
                "督查检查考核事项",
                "牵头部门",
                "计划类型",
                "涉及乡镇（街道）",
                "开始日期",
                "结束日期",
            ],
            ["低保核查", "县民政局", "年度计划内", "西镇、邻镇", "2026-03-02", "2026-03-05"],
            ["统计检查", "县统计局", "年度计划内", "西镇、东街道", "2026-03-05", "2026-03-02"],
        ],
        two.county,
    )
    job = RegisterImport.objects.get()
    assert job.errors == [
        "第2行「涉及乡镇（街道）」：本县没有乡镇（街道）“邻镇”。",
        "第3行「结束日期」：结束日期不能早于开始日期。",
    ]
    assert not Inspection.objects.exists()


def test_import_of_another_county_refused(two, client):
    client.force_login(two.office)
    response = upload(client, "forms", [FORM_HEADER], two.other)
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not RegisterImport.objects.exists()


def test_export_has_chinese_headers_and_only_the_county(two, client):
    from tests.burden.test_registers import make_form

    make_form(two.county, two.minzheng, "BB-001", title="本县报表", valid_until=D(2026, 12, 31))
    make_form(two.other, two.other_dept, "BB-001", title="邻县报表")
    client.force_login(two.office)
    response = client.get(reverse("burden_admin:export", args=["forms"]))
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("报表编号", "报表名称", "用途", "制发部门")
    assert len(rows) == 2
    assert rows[1][:4] == ("BB-001", "本县报表", None, "县民政局")
    assert "月报" in rows[1] and "2026-12-31" in rows[1]


def test_export_writes_formula_like_names_as_text(two, client):
    """The register export goes through the product's one writer (registry.spreadsheet_writer):
    a name that starts like a formula is a text cell, never run by Excel or WPS."""
    from tests.burden.test_registers import make_form

    for n, title in enumerate(("=1+1", "+SUM(A1:A9)", "-2", "@cmd", "\t=1"), start=1):
        make_form(two.county, two.minzheng, f"BB-00{n}", title=title)
    client.force_login(two.office)
    response = client.get(reverse("burden_admin:export", args=["forms"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert {c.value for c in cells} == {"=1+1", "+SUM(A1:A9)", "-2", "@cmd", "\t=1"}
    assert {c.data_type for c in cells} == {"s"}
