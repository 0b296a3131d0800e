"""registry.imports.list_rows: real files in (encodings, formats, limits), every row checked,
a draft revision (never a version) written."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import PageLogEntry

from cms.models import DutyListPage
from registry import selectors, spreadsheets
from registry.enums import AppliesTo
from registry.exports import render_export
from registry.imports import list_import_commit
from registry.models import ListVersion
from registry.services.versions import ItemData
from tests.import_files import csv_bytes, xlsx_bytes, zip_bomb
from tests.registry.imports.helpers import BASIC, COOP, HEADER_COOP, errors_of, prepare


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


def test_undecodable_csv_is_reported(county):
    plan = prepare(county, b"\xff\xff\xff,\xff", kind=BASIC, name="a.csv")
    assert plan.errors[0].startswith("无法识别 CSV 文件的编码")


def test_xls_saved_as_xlsx_is_read_by_content(county):
    data = xlsx_bytes([["序号", "事项名称"], [1, "甲"]])
    plan = prepare(county, data, kind=BASIC, name="旧清单.xls")
    assert plan.ok and plan.file_format == "xlsx"


def test_real_old_xls_gets_a_clear_message(county):
    plan = prepare(county, spreadsheets.OLE_MAGIC + b"\0" * 100, kind=BASIC, name="a.xls")
    assert "另存为" in plan.errors[0]


def test_json_list_of_objects(county):
    data = json.dumps(
        [{"序号": 1, "事项名称": "甲"}, {"序号": 2, "事项名称": "乙"}], ensure_ascii=False
    )
    plan = prepare(county, data.encode(), kind=BASIC, name="a.json")
    assert plan.ok, plan.errors
    assert [r["name"] for r in plan.rows] == ["甲", "乙"]


def test_json_export_of_another_kind_is_refused(county, coop_version):
    data = render_export(selectors.version_export(version=coop_version), "json")
    plan = prepare(county, data, kind=BASIC, name="a.json")
    assert plan.errors == [
        "该 JSON 文件是“配合履职事项清单”的导出，与所选的“基本履职事项清单”不符。"
    ]


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


def test_missing_name(county, depts):
    errors = errors_of(county, [HEADER_COOP, ["1", "", "", "县民政局", "职责", ""]])
    assert errors == ["第2行“事项名称”：不能为空。"]


def test_duplicate_seq_and_code(county, coop_version):
    errors = errors_of(
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
    errors = errors_of(county, [["事项编码", "序号", "事项名称"], ["X1", "一", "甲"]], kind=BASIC)
    assert "第2行“序号”：“一”不是正整数。" in errors
    assert any("“X1”格式不正确" in e for e in errors)


def test_applies_to_value_that_does_not_exist(county):
    errors = errors_of(county, [["序号", "事项名称", "适用范围"], ["1", "甲", "城市"]], kind=BASIC)
    assert errors == [f"第2行“适用范围”：“城市”无效，应为{'、'.join(AppliesTo.values)}之一。"]


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
    (from_file,) = errors_of(county, [header, cells], kind=BASIC)
    with pytest.raises(ValidationError) as exc:
        _validate_items([item])
    (from_draft,) = exc.value.messages
    assert from_file.startswith("第2行“") and from_draft.startswith("第1项“")
    assert from_file.removeprefix("第2行") == from_draft.removeprefix("第1项")


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


def test_commit_without_a_list_page_is_refused(county):
    plan = prepare(county, csv_bytes([["序号", "事项名称"], ["1", "甲"]]), kind=BASIC)
    with pytest.raises(ValidationError, match="还没有该类清单的页面"):
        list_import_commit(region=county, kind=BASIC, plan=plan)
