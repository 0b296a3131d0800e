"""registry.imports: real files in, a preview out, a draft revision (never a version) written."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision

from cms.models import DutyListPage, HomePage, RegionPage
from registry import selectors, spreadsheets
from registry.enums import AppliesTo, ImportStatus, ImportTarget, ListKind
from registry.exports import render_export
from registry.imports import (
    import_job_commit,
    import_job_create,
    import_job_process,
    list_import_commit,
    list_import_prepare,
    master_import_commit,
    master_import_prepare,
)
from registry.models import Department, ImportJob, ListVersion, Region
from registry.services.versions import ItemData
from tests.factories import items, make_department, publish
from tests.import_files import csv_bytes, with_cached_values, xlsx_bytes, zip_bomb

BASIC = ListKind.TOWNSHIP_BASIC
COOP = ListKind.TOWNSHIP_COOPERATE
HEADER_COOP = [
    "序号",
    "类别/领域",
    "事项名称",
    "县级主责部门",
    "县级部门职责",
    "乡镇（街道）配合职责",
]


@pytest.fixture
def county(tree):
    return tree["county"]


@pytest.fixture
def depts(county):
    return {
        name: make_department(county, name) for name in ("县民政局", "县市场监管局", "县公安局")
    }


@pytest.fixture
def coop_version(county, depts):
    return publish(
        county,
        COOP,
        datetime.date(2025, 1, 1),
        [
            ItemData(
                seq=1,
                name="消防安全监督检查",
                domain="平安法治",
                department=depts["县公安局"],
                department_duty="依法开展消防监督检查",
                local_duty="落实消防安全网格化管理",
            ),
            ItemData(
                seq=2,
                name="食品安全监管",
                domain="平安法治",
                department=depts["县市场监管局"],
                department_duty="负责食品生产经营监督检查",
                local_duty="开展食品安全宣传，指导农村集体聚餐申报备案",
            ),
            ItemData(
                seq=3,
                name="社会救助",
                domain="民生保障",
                department=depts["县民政局"],
                department_duty="审核确认救助对象",
                local_duty="受理救助申请并入户调查",
                basis="《社会救助暂行办法》",
                note="隐藏列：配合清单不显示备注",
            ),
        ],
    )


@pytest.fixture
def list_page(county):
    """The county's page tree with one cooperation list page (the draft target)."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="imp-home"))
    parent = home
    for region in reversed(county.lineage()):
        parent = parent.add_child(
            instance=RegionPage(title=region.name, slug=region.code, region=region)
        )
    page = parent.add_child(instance=DutyListPage(title="配合清单", slug="coop", kind=COOP))
    page.save_revision()
    return page


def prepare(region, data, kind=COOP, name="清单.xlsx"):
    return list_import_prepare(region=region, kind=kind, file_name=name, data=data)


# --- encodings and layout ----------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_encodings_detected_without_asking(county, depts, encoding):
    data = csv_bytes(
        [HEADER_COOP, ["1", "民生保障", "低保对象入户核查", "县民政局", "审核确认", "入户调查"]],
        encoding=encoding,
    )
    plan = prepare(county, data, name="清单.csv")
    assert plan.ok, plan.errors
    assert plan.rows[0]["name"] == "低保对象入户核查"
    assert plan.rows[0]["department_id"] == depts["县民政局"].pk
    assert plan.encoding == ("GB18030/GBK" if encoding.startswith("gb") else "UTF-8")


def test_bom_does_not_break_the_first_header(county):
    data = "\ufeff序号,事项名称\n1,甲\n".encode()
    plan = prepare(county, data, kind=BASIC, name="a.csv")
    assert plan.ok, plan.errors
    assert plan.columns == {"seq": "序号", "name": "事项名称"}


def test_undecodable_csv_is_reported(county):
    plan = prepare(county, b"\xff\xff\xff,\xff", kind=BASIC, name="a.csv")
    assert plan.errors[0].startswith("无法识别 CSV 文件的编码")


def test_merged_title_rows_blank_trailing_rows_and_whitespace(county, depts):
    data = xlsx_bytes(
        [
            [
                " 序号 ",
                "领域",
                "事项名称\n",
                " 县级主责部门",
                "县级部门职责",
                "乡镇（街道）配合职责",
            ],
            [1, " 民生保障 ", "  低保对象入户核查 ", " 县民政局 ", "审核", "调查"],
            [2, "平安法治", "消防宣传", "县公安局", "", ""],
        ],
        title="林源县乡镇（街道）配合履职事项清单",
        trailing_blank_rows=5,
    )
    plan = prepare(county, data)
    assert plan.ok, plan.errors
    assert plan.header_row == 2
    assert [r["name"] for r in plan.rows] == ["低保对象入户核查", "消防宣传"]
    assert plan.rows[0]["domain"] == "民生保障"
    assert plan.rows[0]["row"] == 3


def test_demo_county_column_names_are_accepted(county, depts):
    data = csv_bytes(
        [
            ["seq", "domain", "name", "lead_department", "department_duty", "township_duty"],
            ["1", "民生", "甲", "县民政局", "职责", "配合"],
        ]
    )
    plan = prepare(county, data, name="township_cooperate.csv")
    assert plan.ok, plan.errors
    assert plan.rows[0]["local_duty"] == "配合"


def test_xls_saved_as_xlsx_is_read_by_content(county):
    data = xlsx_bytes([["序号", "事项名称"], [1, "甲"]])
    plan = prepare(county, data, kind=BASIC, name="旧清单.xls")
    assert plan.ok and plan.file_format == "xlsx"


def test_real_old_xls_gets_a_clear_message(county):
    plan = prepare(county, spreadsheets.OLE_MAGIC + b"\0" * 100, kind=BASIC, name="a.xls")
    assert "另存为" in plan.errors[0]


def test_formulas_take_excel_cached_values_and_dates_become_text(county):
    raw = xlsx_bytes(
        [
            ["序号", "事项名称", "具体内容", "依据"],
            ["=0+1", "甲", datetime.datetime(2024, 3, 1), 12.0],
            [2.0, '="乙"&"事项"', "内容", "依据"],
        ]
    )
    data = with_cached_values(raw, {"A2": "1", "B3": "乙事项"})
    plan = prepare(county, data, kind=BASIC)
    assert plan.ok, plan.errors
    assert plan.rows[0]["seq"] == 1
    assert plan.rows[0]["content"] == "2024-03-01"
    assert plan.rows[0]["basis"] == "12"
    assert plan.rows[1]["seq"] == 2
    assert plan.rows[1]["name"] == "乙事项"


def test_formula_without_cached_value_is_an_error(county):
    data = xlsx_bytes([["序号", "事项名称"], ["=0+1", "甲"]])
    plan = prepare(county, data, kind=BASIC)
    assert not plan.ok
    assert "第2行“序号”：单元格是公式但没有计算结果" in plan.errors[0]


def test_html_and_script_are_stored_as_text(county, list_page):
    data = csv_bytes(
        [["序号", "事项名称", "具体内容"], ["1", "<script>alert(1)</script>", "<b>粗</b>"]]
    )
    plan = prepare(county, data, kind=BASIC, name="a.csv")
    assert plan.ok, plan.errors
    assert plan.rows[0]["name"] == "<script>alert(1)</script>"
    assert plan.rows[0]["content"] == "<b>粗</b>"


# --- limits ------------------------------------------------------------------------------------


def test_zip_bomb_refused_before_parsing(county):
    plan = prepare(county, zip_bomb(20 * 1024 * 1024), kind=BASIC)
    assert not plan.ok
    assert "压缩比异常" in plan.errors[0]


def test_total_decompressed_size_is_bounded(county, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_XLSX_UNCOMPRESSED", 4096)
    data = xlsx_bytes([["序号", "事项名称"], *[[n, f"事项{n}"] for n in range(1, 200)]])
    plan = prepare(county, data, kind=BASIC)
    assert "解压后达" in plan.errors[0] and "超过上限" in plan.errors[0]


def test_file_size_limit(county):
    data = b"a" * (spreadsheets.MAX_UPLOAD_BYTES + 1)
    plan = prepare(county, data, kind=BASIC, name="big.csv")
    assert "超过上限 10.0 MB" in plan.errors[0]


def test_row_count_limit(county, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 50)
    data = csv_bytes([["序号", "事项名称"], *[[n, f"事项{n}"] for n in range(1, 100)]])
    plan = prepare(county, data, kind=BASIC, name="a.csv")
    assert plan.errors == ["文件超过 50 行的上限，请拆分后分批导入。"]


def test_ten_thousand_rows(county):
    rows = [["序号", "领域", "事项名称", "具体内容"]]
    rows += [[n, "领域", f"事项{n}", f"内容{n}" * 5] for n in range(1, 10_001)]
    plan = prepare(county, xlsx_bytes(rows), kind=BASIC)
    assert plan.ok, plan.errors[:3]
    assert plan.counts["added"] == 10_000
    assert plan.rows[-1]["seq"] == 10_000


# --- row and column errors ---------------------------------------------------------------------


def _errors(county, rows, kind=COOP):
    plan = prepare(county, csv_bytes(rows), kind=kind, name="a.csv")
    assert not plan.ok
    return plan.errors


def test_missing_name(county, depts):
    errors = _errors(county, [HEADER_COOP, ["1", "", "", "县民政局", "职责", ""]])
    assert errors == ["第2行“事项名称”：不能为空。"]


def test_unknown_department_suggests_the_closest_short_name(county, depts):
    errors = _errors(county, [HEADER_COOP, ["1", "", "甲", "县民证局", "", ""]])
    assert errors == ["第2行“县级主责部门”：未知部门“县民证局”，是否为“县民政局”？"]


def test_department_matched_by_full_name_or_code(county, depts):
    full = depts["县公安局"].name
    plan = prepare(
        county,
        csv_bytes(
            [
                HEADER_COOP,
                ["1", "", "甲", full, "", ""],
                ["2", "", "乙", depts["县民政局"].code, "", ""],
            ]
        ),
        name="a.csv",
    )
    assert plan.ok, plan.errors
    assert [r["department"] for r in plan.rows] == ["县公安局", "县民政局"]


def test_duplicate_seq_and_code(county, coop_version):
    errors = _errors(
        county,
        [
            ["事项编码", "序号", "事项名称"],
            ["PH-001", "1", "甲"],
            ["PH-001", "1", "乙"],
        ],
    )
    assert "第3行“序号”：1 与第2行重复。" in errors
    assert "第3行“事项编码”：PH-001 与第2行重复。" in errors


def test_bad_seq_and_code_format(county):
    errors = _errors(county, [["事项编码", "序号", "事项名称"], ["X1", "一", "甲"]], kind=BASIC)
    assert "第2行“序号”：“一”不是正整数。" in errors
    assert any("“X1”格式不正确" in e for e in errors)


def test_text_over_the_field_limit(county):
    errors = _errors(county, [["序号", "事项名称"], ["1", "长" * 201]], kind=BASIC)
    assert errors == ["第2行“事项名称”：内容有 201 个字，超过上限 200 个字。"]


def test_applies_to_value_that_does_not_exist(county):
    errors = _errors(county, [["序号", "事项名称", "适用范围"], ["1", "甲", "城市"]], kind=BASIC)
    assert errors == [f"第2行“适用范围”：“城市”无效，应为{'、'.join(AppliesTo.values)}之一。"]


def test_missing_header(county):
    errors = _errors(county, [["编号", "内容"], ["1", "甲"]], kind=BASIC)
    assert "未找到表头" in errors[0] and "“事项名称”" in errors[0]


def test_columns_of_another_kind_mean_the_wrong_file(county):
    errors = _errors(county, [["序号", "证明名称", "替代办理方式"], ["1", "甲", "乙"]], kind=BASIC)
    assert "“替代办理方式”不是“基本履职事项清单”的列" in errors[0]


def test_wrong_sheet_is_skipped_for_the_one_with_the_header(county):
    data = xlsx_bytes(
        [["序号", "事项名称"], [1, "甲"]],
        sheet="基本履职事项清单",
        extra_sheets={"说明": [["填表说明"], ["请勿修改表头"]]},
    )
    plan = prepare(county, data, kind=BASIC)
    assert plan.ok and plan.sheet == "基本履职事项清单"


def test_no_sheet_with_a_header(county):
    data = xlsx_bytes([["说明"], ["无"]], sheet="封面")
    plan = prepare(county, data, kind=BASIC)
    assert "工作表 “封面”" in plan.errors[0]


def test_json_export_of_another_kind_is_refused(county, coop_version):
    data = render_export(selectors.version_export(version=coop_version), "json")
    plan = prepare(county, data, kind=BASIC, name="a.json")
    assert plan.errors == [
        "该 JSON 文件是“配合履职事项清单”的导出，与所选的“基本履职事项清单”不符。"
    ]


def test_unknown_code_is_refused(county, coop_version):
    errors = _errors(county, [["事项编码", "序号", "事项名称"], ["PH-999", "1", "甲"]])
    assert errors == [
        "第2行“事项编码”：PH-999 在本区划及上级区划的清单中都不存在；新增事项请留空编码。"
    ]


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


# --- round trip and matching -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_then_import_is_a_no_op_preview(county, coop_version, depts, fmt):
    data = render_export(selectors.version_export(version=coop_version), fmt)
    plan = prepare(county, data, name=f"export.{fmt}")
    assert plan.ok, plan.errors
    assert not plan.comparison.has_changes
    assert plan.counts["unchanged"] == 3
    # The hidden column (备注 is not shown on a cooperation list) is kept, not blanked.
    assert plan.rows[2]["note"] == "隐藏列：配合清单不显示备注"


def test_round_trip_keeps_leading_minus_and_equals_as_text(county):
    version = publish(
        county, BASIC, datetime.date(2025, 1, 1), items("-减负事项", "=不是公式", "+加", "@提")
    )
    for fmt in ("xlsx", "csv"):
        plan = prepare(
            county, render_export(selectors.version_export(version=version), fmt), kind=BASIC
        )
        assert plan.ok, plan.errors
        assert not plan.comparison.has_changes, fmt


def test_reworded_items_keep_their_stable_codes(county, coop_version, depts):
    data = csv_bytes(
        [
            HEADER_COOP,
            [
                "1",
                "民生保障",
                "社会救助工作",
                "县民政局",
                "审核确认救助对象",
                "受理救助申请并入户调查",
            ],
            [
                "2",
                "平安法治",
                "食品安全监督管理",
                "县市场监管局",
                "负责食品生产经营监督检查",
                "开展食品安全宣传，指导农村集体聚餐申报备案",
            ],
            [
                "3",
                "平安法治",
                "消防安全监督检查",
                "县公安局",
                "依法开展消防监督检查",
                "落实消防安全网格化管理",
            ],
            ["4", "平安法治", "道路交通安全劝导", "县公安局", "查处交通违法", "运行劝导站"],
        ]
    )
    plan = prepare(county, data, name="a.csv")
    assert plan.ok, plan.errors
    codes = [r["code"] for r in plan.rows]
    assert codes == ["PH-003", "PH-002", "PH-001", ""]
    assert [r["matched"] for r in plan.rows[:3]] == ["similar", "similar", "name"]
    counts = plan.counts
    assert (counts["added"], counts["removed"], counts["modified"]) == (1, 0, 2)
    assert counts["moved"] == 2  # 社会救助 1 ← 3, 消防 3 ← 1
    assert any("PH-003" in w for w in plan.warnings)


def test_preview_labels_fields_with_the_list_kinds_own_headers(county):
    publish(county, BASIC, datetime.date(2025, 1, 1), items("组织开展消防安全宣传"))
    rows = [["序号", "事项名称"], ["1", "组织开展消防安全宣传教育"]]
    plan = prepare(county, csv_bytes(rows), kind=BASIC)
    changes = plan.preview()["changes"]["modified"][0]["changes"]
    assert [c["label"] for c in changes] == ["事项名称"]


def test_unrelated_rename_is_not_matched(county, coop_version):
    data = csv_bytes([["序号", "事项名称"], ["1", "全新的完全不同事项"]])
    plan = prepare(county, data, name="a.csv")
    assert plan.ok
    assert plan.rows[0]["code"] == ""
    assert plan.counts["added"] == 1 and plan.counts["removed"] == 3


def test_code_from_a_sibling_list_is_a_move_in(county, coop_version, depts):
    publish(county, BASIC, datetime.date(2025, 1, 1), items("基本甲"))  # JB-001
    data = csv_bytes([["事项编码", "序号", "事项名称"], ["JB-001", "1", "基本甲"]])
    plan = prepare(county, data, name="a.csv")
    assert plan.ok, plan.errors
    assert plan.counts["moved_in"] == 1
    assert plan.preview()["changes"]["moved_in"][0]["other_list"] == "基本履职事项清单"


def test_township_import_sees_codes_of_ancestor_lists(tree, coop_version):
    """A township list taking over an item of another of the county's lists: moved in, not
    unknown. An item of the county list of the same kind is the township's source (issue 14):
    taking it over by its code would replace it, which publishing refuses, so the import does."""
    publish(tree["county"], BASIC, datetime.date(2025, 1, 1), items("县级甲", "县级乙"))
    publish(tree["town"], BASIC, datetime.date(2025, 1, 1), items("镇自有"))
    data = csv_bytes(
        [
            ["事项编码", "序号", "事项名称"],
            # Since issue 14 a township's new code is minted past the county's: JB-003.
            ["JB-003", "1", "镇自有"],
            ["PH-001", "2", "消防安全监督检查"],  # from the county's cooperation list
        ]
    )
    plan = prepare(tree["town"], data, kind=BASIC, name="a.csv")
    assert plan.ok, plan.errors
    assert plan.counts["unchanged"] == 1 and plan.counts["moved_in"] == 1
    assert plan.counts["added"] == 0
    moved = {e["code"]: e["other_list"] for e in plan.preview()["changes"]["moved_in"]}
    assert moved == {"PH-001": "测试县配合履职事项清单"}
    data = csv_bytes([["事项编码", "序号", "事项名称"], ["JB-002", "1", "县级乙"]])
    errors = prepare(tree["town"], data, kind=BASIC, name="a.csv").errors
    assert errors and errors[0].startswith("第2行“事项编码”：事项编码与上级清单的事项相同")


def test_codes_of_a_sibling_township_or_a_child_region_stay_unknown(tree):
    publish(tree["street"], BASIC, datetime.date(2025, 1, 1), items("街道甲"))
    rows = [["事项编码", "序号", "事项名称"], ["JB-001", "1", "街道甲"]]
    assert _errors(tree["town"], rows, kind=BASIC) == [
        "第2行“事项编码”：JB-001 在本区划及上级区划的清单中都不存在；新增事项请留空编码。"
    ]
    # Nor does the county see its townships' codes.
    assert len(_errors(tree["county"], rows, kind=BASIC)) == 1


# --- commit ------------------------------------------------------------------------------------


def test_commit_writes_a_draft_revision_never_a_version(county, coop_version, depts, list_page):
    data = csv_bytes(
        [HEADER_COOP, ["1", "平安法治", "消防安全监督检查", "县公安局", "改写的职责", "配合"]]
    )
    plan = prepare(county, data, name="配合清单.csv")
    result = list_import_commit(
        region=county,
        kind=COOP,
        plan=plan,
        header={"document_no": "林发〔2026〕9号", "effective_from": "2026-12-01"},
    )
    page = DutyListPage.objects.get(pk=list_page.pk)
    assert result["page_id"] == page.pk
    assert page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    assert [(i.code, i.name, i.department_duty) for i in draft.draft_items.all()] == [
        ("PH-001", "消防安全监督检查", "改写的职责")
    ]
    assert draft.next_document_no == "林发〔2026〕9号"
    assert draft.next_effective_from == datetime.date(2026, 12, 1)
    assert "配合清单.csv" in draft.next_change_note
    assert ListVersion.objects.count() == 1  # nothing published
    entry = PageLogEntry.objects.get(page=page, action="registry.list.import")
    assert entry.data["file_name"] == "配合清单.csv"
    assert entry.data["items"] == 1
    assert entry.data["counts"]["removed"] == 2


def test_job_two_step_and_stale_preview(county, coop_version, depts, list_page):
    data = render_export(selectors.version_export(version=coop_version), "xlsx")
    job = import_job_create(
        target=ImportTarget.LIST,
        region=county,
        kind=COOP,
        page_id=list_page.pk,
        file_name="a.xlsx",
        data=data,
    )
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
    data = render_export(selectors.version_export(version=coop_version), "csv")
    job = import_job_create(
        target=ImportTarget.LIST,
        region=county,
        kind=COOP,
        page_id=list_page.pk,
        file_name="a.csv",
        data=data,
    )
    job = import_job_commit(job=import_job_process(job_id=job.pk))
    assert job.status == ImportStatus.COMMITTED and job.result["items"] == 3
    with pytest.raises(ValidationError, match="不能重复确认"):
        import_job_commit(job=job)


def test_commit_without_a_list_page_is_refused(county):
    plan = prepare(county, csv_bytes([["序号", "事项名称"], ["1", "甲"]]), kind=BASIC)
    with pytest.raises(ValidationError, match="还没有该类清单的页面"):
        list_import_commit(region=county, kind=BASIC, plan=plan)


# --- master data -------------------------------------------------------------------------------


def test_regions_import_parents_first_and_counts(tree):
    data = csv_bytes(
        [
            ["区划代码", "名称", "层级", "上级区划代码", "单位类型"],
            ["880101100300", "北村", "村（社区）", "880101100100", "村"],
            ["880101100100", "北乡", "township", "880101000000", "乡"],
            ["880101100000", "西镇（改名）", "乡镇（街道）", "880101000000", "镇"],
        ]
    )
    plan = master_import_prepare(target=ImportTarget.REGIONS, file_name="r.csv", data=data)
    assert plan.ok, plan.errors
    assert plan.counts == {"rows": 3, "created": 2, "updated": 1, "unchanged": 0}
    master_import_commit(target=ImportTarget.REGIONS, rows=plan.rows, file_name="r.csv")
    assert Region.objects.get(code="880101100300").parent.code == "880101100100"
    assert Region.objects.get(code="880101100000").name == "西镇（改名）"
    assert ModelLogEntry.objects.filter(action="registry.master.import").exists()


def test_regions_import_errors(tree):
    data = csv_bytes(
        [
            ["区划代码", "名称", "层级", "上级区划代码", "单位类型"],
            ["12345", "短码", "county", "", "县"],
            ["880101100300", "北村", "镇级", "880199999999", "村"],
            ["88010110030²", "上标", "village", "880101100000", "村"],
        ]
    )
    plan = master_import_prepare(target=ImportTarget.REGIONS, file_name="r.csv", data=data)
    assert "第2行“区划代码”：“12345”须为12位数字。" in plan.errors
    # str.isdigit() accepts "²": a code is twelve ASCII digits.
    assert "第4行“区划代码”：“88010110030²”须为12位数字。" in plan.errors
    assert any(e.startswith("第3行“层级”：“镇级”无效") for e in plan.errors)


def test_departments_import(county, depts):
    data = csv_bytes(
        [
            ["部门编码", "全称", "简称", "机构类别"],
            [depts["县民政局"].code, "测试县民政局", "县民政局", "政府工作部门"],
            ["D99", "测试县医疗保障局", "县医保局", "政府工作部门"],
        ],
        encoding="gbk",
    )
    plan = master_import_prepare(
        target=ImportTarget.DEPARTMENTS, file_name="d.csv", data=data, county=county
    )
    assert plan.ok, plan.errors
    assert plan.counts == {"rows": 2, "created": 1, "updated": 1, "unchanged": 0}
    master_import_commit(target=ImportTarget.DEPARTMENTS, rows=plan.rows, county=county)
    assert Department.objects.get(county=county, code="D99").short_name == "县医保局"


def test_departments_short_name_taken_by_another_code(county, depts):
    data = csv_bytes([["部门编码", "全称", "简称"], ["D98", "另一个", "县民政局"]])
    plan = master_import_prepare(
        target=ImportTarget.DEPARTMENTS, file_name="d.csv", data=data, county=county
    )
    assert plan.errors == [f"第2行“简称”：简称“县民政局”已属于部门 {depts['县民政局'].code}。"]


def test_json_list_of_objects(county):
    data = json.dumps(
        [{"序号": 1, "事项名称": "甲"}, {"序号": 2, "事项名称": "乙"}], ensure_ascii=False
    )
    plan = prepare(county, data.encode(), kind=BASIC, name="a.json")
    assert plan.ok, plan.errors
    assert [r["name"] for r in plan.rows] == ["甲", "乙"]


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


@pytest.mark.parametrize(
    ("cell", "seq"), [("3", 3), ("3、", 3), ("²", None), ("١", None), ("0", None)]
)
def test_seq_cells_are_ascii_digits_only(cell, seq):
    """Seen (pre-stop hook): ``"²".isdigit()`` is true and ``int("²")`` raises."""
    from registry.imports.sheet import _parse_seq

    assert _parse_seq(cell) == seq


def test_jobs_queued_before_the_move_still_find_their_task():
    """django-tasks stores a task's dotted path; rows queued before the package move name the old one."""
    from django.utils.module_loading import import_string

    from registry.imports import import_job_process_task

    assert import_string("registry.services.imports.import_job_process_task") is (
        import_job_process_task
    )


@pytest.mark.parametrize(
    ("cells", "item"),
    [
        (["1", "", "全部"], ItemData(seq=1, name="")),
        (["1", "甲", "城市"], ItemData(seq=1, name="甲", applies_to="城市")),
        (["1", "甲", "全部"], ItemData(seq=1, name="甲", code="X1")),
    ],
)
def test_import_and_publish_say_the_same_of_the_same_item(county, cells, item):
    """One set of item checks (registry.item_checks): only the row label differs, 第N行 / 第N项."""
    from registry.services.versions import _validate_items

    header = ["序号", "事项名称", "适用范围"]
    if item.code:
        header, cells = [*header, "事项编码"], [*cells, item.code]
    (from_file,) = _errors(county, [header, cells], kind=BASIC)
    with pytest.raises(ValidationError) as exc:
        _validate_items([item])
    (from_draft,) = exc.value.messages
    assert from_file.startswith("第2行“") and from_draft.startswith("第1项“")
    assert from_file.removeprefix("第2行") == from_draft.removeprefix("第1项")
