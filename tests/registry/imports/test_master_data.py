"""registry.imports.master_data: regions and a county's departments."""

from __future__ import annotations

from wagtail.models import ModelLogEntry

from registry.enums import ImportTarget
from registry.imports import master_import_commit, master_import_prepare
from registry.imports.plan import ImportPlan
from registry.models import Department, Region
from tests.import_files import csv_bytes

REGION_HEADER = ["区划代码", "名称", "层级", "上级区划代码", "单位类型"]


def _regions(*rows: list[str]) -> ImportPlan:
    """Prepares a regions file of ``rows`` (under the header) for import."""
    data = csv_bytes([REGION_HEADER, *rows])
    return master_import_prepare(target=ImportTarget.REGIONS, file_name="r.csv", data=data)


def test_regions_import_parents_first_and_counts(tree):
    plan = _regions(
        ["880101100300", "北村", "村（社区）", "880101100100", "村"],
        ["880101100100", "北乡", "township", "880101000000", "乡"],
        ["880101100000", "西镇（改名）", "乡镇（街道）", "880101000000", "镇"],
    )
    assert plan.ok, plan.errors
    assert plan.counts == {"rows": 3, "created": 2, "updated": 1, "unchanged": 0}
    master_import_commit(target=ImportTarget.REGIONS, rows=plan.rows, file_name="r.csv")
    assert Region.objects.get(code="880101100300").parent.code == "880101100100"
    assert Region.objects.get(code="880101100000").name == "西镇（改名）"
    assert ModelLogEntry.objects.filter(action="registry.master.import").exists()


def test_regions_import_errors(tree):
    plan = _regions(
        ["12345", "短码", "county", "", "县"],
        ["880101100300", "北村", "镇级", "880199999999", "村"],
        ["88010110030²", "上标", "village", "880101100000", "村"],
    )
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
