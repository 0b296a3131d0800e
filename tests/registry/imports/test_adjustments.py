"""A township imports its adjustments to the county list (registry.layers): the spreadsheet
import reads 调整方式 / 上级事项编码 / 理由 and answers bad rows in Chinese, naming row and column."""

from __future__ import annotations

import datetime

from registry import selectors
from registry.enums import Adjustment
from registry.imports.list_rows import _item_data
from tests.factories import publish
from tests.import_files import xlsx_bytes
from tests.registry.imports.helpers import COOP, prepare

HEADER = [
    "序号",
    "事项名称",
    "乡镇（街道）配合职责",
    "调整方式",
    "上级事项编码",
    "理由",
]


def _codes(version):
    return {i.name: i.code for i in version.items.all()}


def test_township_file_of_adjustments_is_read_and_resolves_against_the_county_list(
    tree, coop_version
):
    codes = _codes(coop_version)
    data = xlsx_bytes(
        [
            HEADER,
            [1, "消防安全监督检查", "", "不适用", codes["消防安全监督检查"], "街道无消防站"],
            # The name may be left out: the source item's wording is kept.
            [2, "", "街道组织网格员入户宣传", "本级表述", codes["食品安全监管"], ""],
            [3, "老旧小区加装电梯协调", "协调业主意见", "本级增补", "", ""],
        ]
    )
    plan = prepare(tree["street"], data)
    assert plan.ok, plan.errors
    rows = {r["row"]: r for r in plan.rows}
    assert rows[2]["adjustment"] == Adjustment.EXCLUDED
    assert rows[2]["reason"] == "街道无消防站"
    assert rows[3]["adjustment"] == Adjustment.REWORDED
    assert rows[3]["name"] == "食品安全监管"  # taken from the county list
    assert rows[3]["department_duty"] == "负责食品生产经营监督检查"
    assert rows[4]["adjustment"] == Adjustment.ADDED and rows[4]["code"] == ""

    publish(tree["street"], COOP, datetime.date(2025, 6, 1), _item_data(plan.rows))
    found = selectors.unit_list(unit=tree["street"], kind=COOP, on=datetime.date(2025, 7, 1))
    items = {i["name"]: i for i in found.resolved_dicts}
    assert set(items) == {"食品安全监管", "社会救助", "老旧小区加装电梯协调"}
    assert items["食品安全监管"]["local_duty"] == "街道组织网格员入户宣传"
    # Written with the source's wording: nothing is flagged as stale.
    assert not found.resolved.flags


def _errors(tree, rows):
    plan = prepare(tree["street"], xlsx_bytes([HEADER, *rows]))
    assert not plan.ok
    return plan.errors


def test_exclusion_without_reason_names_the_row_and_column(tree, coop_version):
    code = _codes(coop_version)["社会救助"]
    errors = _errors(tree, [[1, "社会救助", "", "不适用", code, ""]])
    assert "第2行“理由”：标为“不适用”的上级事项须写明理由。" in errors


def test_unknown_adjustment_word_and_unknown_source_code(tree, coop_version):
    errors = _errors(tree, [[1, "社会救助", "", "删除", "", ""]])
    assert any(e.startswith("第2行“调整方式”：“删除”无效") for e in errors), errors
    errors = _errors(tree, [[1, "不存在的事项", "", "不适用", "XT-999", "无"]])
    assert (
        "第2行“上级事项编码”：上级清单在生效日期没有编码为“XT-999”的事项，不能标为“不适用”。"
        in errors
    )


def test_added_row_cannot_replace_a_county_item_by_its_code(tree, coop_version):
    code = _codes(coop_version)["社会救助"]
    errors = _errors(tree, [[1, "社会救助（街道版）", "", "", code, ""]])
    assert any(e.startswith("第2行“上级事项编码”：事项编码与上级清单的事项相同") for e in errors)


def test_county_list_that_is_not_derived_refuses_the_adjustment_column(tree, coop_version):
    data = xlsx_bytes([HEADER, [1, "社会救助", "", "不适用", "", "县里不做"]])
    plan = prepare(tree["county"], data)
    assert any("不是在上级清单基础上调整的清单" in e for e in plan.errors), plan.errors
