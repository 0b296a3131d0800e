"""registry.imports.sheet: the sheet and row holding the header, cells as Excel shows them,
sequence numbers and department names."""

from __future__ import annotations

import datetime

import pytest

from tests.import_files import csv_bytes, with_cached_values, xlsx_bytes
from tests.registry.imports.helpers import BASIC, HEADER_COOP, errors_of, prepare


def test_bom_does_not_break_the_first_header(county):
    data = "\ufeff序号,事项名称\n1,甲\n".encode()
    plan = prepare(county, data, kind=BASIC, name="a.csv")
    assert plan.ok, plan.errors
    assert plan.columns == {"seq": "序号", "name": "事项名称"}


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


def test_missing_header(county):
    errors = errors_of(county, [["编号", "内容"], ["1", "甲"]], kind=BASIC)
    assert "未找到表头" in errors[0] and "“事项名称”" in errors[0]


def test_columns_of_another_kind_mean_the_wrong_file(county):
    errors = errors_of(
        county, [["序号", "证明名称", "替代办理方式"], ["1", "甲", "乙"]], kind=BASIC
    )
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


def test_unknown_department_suggests_the_closest_short_name(county, depts):
    errors = errors_of(county, [HEADER_COOP, ["1", "", "甲", "县民证局", "", ""]])
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


@pytest.mark.parametrize(
    ("cell", "seq"), [("3", 3), ("3、", 3), ("²", None), ("١", None), ("0", None)]
)
def test_seq_cells_are_ascii_digits_only(cell, seq):
    """Seen (pre-stop hook): ``"²".isdigit()`` is true and ``int("²")`` raises."""
    from registry.imports.sheet import _parse_seq

    assert _parse_seq(cell) == seq
