"""registry.resources: header spellings of real lists map onto the item fields, for all eight kinds."""

import datetime

import pytest

from registry import selectors
from registry.columns import ADMISSION_FIELDS, ITEM_FIELDS, KIND_COLUMNS
from registry.enums import ListKind
from registry.exports import render_export
from registry.imports import list_import_prepare
from registry.resources import (
    item_header_table,
    kind_fields,
    normalize_header,
    resolve_headers,
)
from tests.factories import items, publish


@pytest.mark.parametrize("kind", ListKind.values)
def test_every_kind_accepts_its_own_export_headers(kind):
    headers = ["事项编码", *(h for _, h in KIND_COLUMNS[kind])]
    mapping = resolve_headers(headers, item_header_table(kind), allowed=kind_fields(kind))
    assert list(mapping.columns) == ["code", *(f for f, _ in KIND_COLUMNS[kind])]
    assert not mapping.ignored and not mapping.foreign and not mapping.duplicates


@pytest.mark.parametrize(
    ("kind", "header", "field"),
    [
        (ListKind.TOWNSHIP_BASIC, "类别/领域", "domain"),
        (ListKind.TOWNSHIP_BASIC, "履职内容", "content"),
        (ListKind.TOWNSHIP_BASIC, " 事项名称 ", "name"),
        (ListKind.TOWNSHIP_BASIC, "*事项名称", "name"),
        (ListKind.TOWNSHIP_COOPERATE, "县级主责部门/对应上级部门", "department"),
        (ListKind.TOWNSHIP_COOPERATE, "对应上级部门", "department"),
        (ListKind.TOWNSHIP_COOPERATE, "乡镇(街道)配合职责", "local_duty"),
        (ListKind.TOWNSHIP_COOPERATE, "lead_department", "department"),
        (ListKind.TOWNSHIP_COOPERATE, "township_duty", "local_duty"),
        (ListKind.TOWNSHIP_WITHDRAWN, "承接部门/收回部门", "department"),
        (ListKind.TOWNSHIP_WITHDRAWN, "工作方式/备注", "note"),
        (ListKind.VILLAGE_SELFGOV, "类别", "domain"),
        (ListKind.VILLAGE_ASSIST, "协助内容", "content"),
        (ListKind.VILLAGE_ASSIST, "责任部门", "department"),
        (ListKind.VILLAGE_NEGATIVE, "事项", "name"),
        (ListKind.VILLAGE_NEGATIVE, "source", "basis"),
        (ListKind.VILLAGE_NEGATIVE, "category", "domain"),
        (ListKind.VILLAGE_CERTIFICATES, "办理用途", "content"),
        (ListKind.VILLAGE_CERTIFICATES, "purpose", "content"),
        (ListKind.VILLAGE_CERTIFICATES, "出具主体", "issuer"),
        (ListKind.VILLAGE_NO_CERTIFICATES, "替代办理方式", "alternative"),
        (ListKind.VILLAGE_NO_CERTIFICATES, "证明名称", "name"),
        (ListKind.TOWNSHIP_BASIC, "适用范围", "applies_to"),
    ],
)
def test_header_aliases(kind, header, field):
    mapping = resolve_headers([header], item_header_table(kind), allowed=kind_fields(kind))
    assert mapping.columns == {field: 0}


def test_unknown_foreign_and_duplicate_headers():
    kind = ListKind.TOWNSHIP_BASIC
    mapping = resolve_headers(
        ["序号", "事项名称", "名称", "替代办理方式", "联系人", None, ""],
        item_header_table(kind),
        allowed=kind_fields(kind),
    )
    assert mapping.columns == {"seq": 0, "name": 1}
    assert mapping.duplicates == (("名称", "事项名称"),)
    assert mapping.foreign == (("替代办理方式", "alternative", 3),)
    assert mapping.ignored == ("联系人",)


def test_normalize_header_folds_width_and_spaces():
    assert normalize_header("乡镇（街道） 配合职责") == normalize_header("乡镇(街道)配合职责")
    assert normalize_header("ＳＥＱ") == "seq"


def test_every_catalogue_field_is_known_by_its_own_name():
    """A JSON export carries every field of the catalogue under its own name; the admission
    terms are recognised too (to be named as not imported), never called unknown."""
    kind = ListKind.TOWNSHIP_BASIC
    mapping = resolve_headers(ITEM_FIELDS, item_header_table(kind), allowed=None)
    assert list(mapping.columns) == ITEM_FIELDS
    assert not mapping.ignored
    spreadsheet = resolve_headers(
        ["事项名称", *ADMISSION_FIELDS], item_header_table(kind), allowed=kind_fields(kind)
    )
    assert not spreadsheet.foreign and not spreadsheet.ignored


def test_json_export_reimported_names_the_admission_terms_as_not_imported(tree):
    version = publish(
        tree["county"], ListKind.TOWNSHIP_BASIC, datetime.date(2025, 1, 1), items("甲", "乙")
    )
    data = render_export(selectors.version_export(version=version), "json")
    plan = list_import_prepare(
        region=tree["county"], kind=ListKind.TOWNSHIP_BASIC, file_name="a.json", data=data
    )
    assert plan.ok, plan.errors
    assert not plan.comparison.has_changes
    assert any(w.startswith("准入条件") for w in plan.warnings), plan.warnings
    assert not any("targets" in w for w in plan.warnings), plan.warnings
