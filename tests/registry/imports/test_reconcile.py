"""registry.imports.reconcile: rows matched to the version in force by code, name, then
similarity; codes of other lists and of ancestors."""

from __future__ import annotations

import datetime

import pytest

from registry import selectors
from registry.exports import render_export
from tests.factories import items, publish
from tests.import_files import csv_bytes
from tests.registry.imports.helpers import BASIC, HEADER_COOP, errors_of, prepare


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


def test_unrelated_rename_is_not_matched(county, coop_version):
    data = csv_bytes([["序号", "事项名称"], ["1", "全新的完全不同事项"]])
    plan = prepare(county, data, name="a.csv")
    assert plan.ok
    assert plan.rows[0]["code"] == ""
    assert plan.counts["added"] == 1 and plan.counts["removed"] == 3


def test_unknown_code_is_refused(county, coop_version):
    errors = errors_of(county, [["事项编码", "序号", "事项名称"], ["PH-999", "1", "甲"]])
    assert errors == [
        "第2行“事项编码”：PH-999 在本区划及上级区划的清单中都不存在；新增事项请留空编码。"
    ]


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
    assert errors_of(tree["town"], rows, kind=BASIC) == [
        "第2行“事项编码”：JB-001 在本区划及上级区划的清单中都不存在；新增事项请留空编码。"
    ]
    # Nor does the county see its townships' codes.
    assert len(errors_of(tree["county"], rows, kind=BASIC)) == 1
