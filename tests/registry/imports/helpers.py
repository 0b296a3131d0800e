"""What the import tests share: the kinds, a cooperation list's header, reading a file."""

from __future__ import annotations

from registry.enums import ListKind
from registry.imports import list_import_prepare
from tests.import_files import csv_bytes

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


def prepare(region, data, kind=COOP, name="清单.xlsx"):
    return list_import_prepare(region=region, kind=kind, file_name=name, data=data)


def errors_of(county, rows, kind=COOP):
    plan = prepare(county, csv_bytes(rows), kind=kind, name="a.csv")
    assert not plan.ok
    return plan.errors
