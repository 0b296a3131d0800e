"""Spreadsheet columns: which header means which field, for the eight list kinds and master data.

Real lists use many spellings of the same column (``具体内容`` / ``履职内容``,
``县级主责部门`` / ``对应上级部门`` …); the demo county's CSV files use English
field names. ``resolve_headers`` maps a header row onto fields and says which
columns it did not understand. Pure: no ORM, no settings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from registry.columns import (
    ADMISSION_FIELDS,
    CSV_FIELD_ALIASES,
    DERIVED_FIELDS,
    FIELD_LABELS,
    ITEM_FIELDS,
    KIND_COLUMNS,
)

# Headers real lists use, beyond the ones in registry.columns.KIND_COLUMNS.
ITEM_HEADER_ALIASES: dict[str, str] = {
    "事项编码": "code",
    "编码": "code",
    "稳定编码": "code",
    "序号": "seq",
    "编号": "seq",
    "类别": "domain",
    "领域": "domain",
    "类别/领域": "domain",
    "领域/类别": "domain",
    "事项名称": "name",
    "事项": "name",
    "名称": "name",
    "证明名称": "name",
    "证明事项名称": "name",
    "具体内容": "content",
    "履职内容": "content",
    "事项内容": "content",
    "工作内容": "content",
    "协助内容": "content",
    "主要内容": "content",
    "办理用途": "content",
    "依据": "basis",
    "设定依据": "basis",
    "政策依据": "basis",
    "法律法规依据": "basis",
    "来源": "basis",
    "县级主责部门": "department",
    "主责部门": "department",
    "对应上级部门": "department",
    "县级主责部门/对应上级部门": "department",
    "承接部门": "department",
    "收回部门": "department",
    "承接部门/收回部门": "department",
    "责任部门": "department",
    "县级部门职责": "department_duty",
    "部门职责": "department_duty",
    "县级部门（单位）职责": "department_duty",
    "乡镇（街道）配合职责": "local_duty",
    "乡镇配合职责": "local_duty",
    "乡镇（街道）职责": "local_duty",
    "配合职责": "local_duty",
    "替代办理方式": "alternative",
    "替代方式": "alternative",
    "出具主体": "issuer",
    "工作方式/备注": "note",
    "工作方式": "note",
    "备注": "note",
    "办理流程/备注": "note",
    "办理流程": "note",
    "适用范围": "applies_to",
    "适用对象": "applies_to",
    # A derived list (a township list under the county list, registry.layers): what each row
    # does to the source list, which source item it is about and why.
    "调整方式": "adjustment",
    "上级事项编码": "code",
    "不适用理由/调整说明": "reason",
    "不适用理由": "reason",
    "理由": "reason",
    "调整理由": "reason",
    "调整说明": "reason",
}


# Master data: demo-county CSV names and the Chinese headers people write.
REGION_HEADER_ALIASES: dict[str, str] = {
    "code": "code",
    "区划代码": "code",
    "统计用区划代码": "code",
    "代码": "code",
    "name": "name",
    "名称": "name",
    "区划名称": "name",
    "level": "level",
    "层级": "level",
    "级别": "level",
    "parent_code": "parent_code",
    "上级区划代码": "parent_code",
    "上级代码": "parent_code",
    "unit_type": "unit_type",
    "单位类型": "unit_type",
    "类型": "unit_type",
}
DEPARTMENT_HEADER_ALIASES: dict[str, str] = {
    "code": "code",
    "部门编码": "code",
    "编码": "code",
    "name": "name",
    "全称": "name",
    "部门名称": "name",
    "部门全称": "name",
    "short_name": "short_name",
    "简称": "short_name",
    "部门简称": "short_name",
    "kind": "kind",
    "机构类别": "kind",
    "类别": "kind",
}

_SPACES = re.compile(r"\s+")
_MARKERS = str.maketrans({"*": "", "＊": "", "：": "", ":": "", "／": "/"})


def normalize_header(value) -> str:
    """Fold the spellings of one header together: width, spaces, ``*`` required-markers."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    text = _SPACES.sub("", text).translate(_MARKERS)
    # NFKC turns full-width brackets into ASCII ones; the table keys use full-width.
    return text.replace("(", "（").replace(")", "）").lower()


def _table(aliases: dict[str, str]) -> dict[str, str]:
    return {normalize_header(k): v for k, v in aliases.items()}


def item_header_table(kind: str) -> dict[str, str]:
    """Every header accepted for ``kind``, normalized, to its field."""
    table = _table(ITEM_HEADER_ALIASES)
    # Every field by its own name (a JSON export, the demo county's CSV files); the admission
    # terms are recognised only to say that they are not imported.
    table.update(_table({f: f for f in ITEM_FIELDS}))
    table.update(_table(CSV_FIELD_ALIASES))
    table.update(_table({header: f for f, header in KIND_COLUMNS[kind]}))
    return table


def kind_fields(kind: str, derived: bool = False) -> frozenset[str]:
    """The fields a file of ``kind`` may carry: its columns plus the stable code, and for a
    derived list 调整方式 and 理由. The admission terms are let through (any kind) only to be
    named in the preview's warning that a file never sets them."""
    own = (f for f, _ in KIND_COLUMNS[kind])
    return frozenset({"code", *own, *ADMISSION_FIELDS, *(DERIVED_FIELDS * derived)})


@dataclass(frozen=True)
class HeaderMapping:
    """Which column index holds which field, as found in one header row."""

    columns: dict[str, int] = field(default_factory=dict)  # field -> column index
    headers: dict[str, str] = field(default_factory=dict)  # field -> header as written
    ignored: tuple[str, ...] = ()  # headers nobody understood
    foreign: tuple[tuple[str, str, int], ...] = ()  # (header, field, index) not of this kind
    duplicates: tuple[tuple[str, str], ...] = ()  # (header, first header of the same field)

    @property
    def score(self) -> int:
        return len(self.columns)


def resolve_headers(
    row: list, table: dict[str, str], allowed: frozenset[str] | None = None
) -> HeaderMapping:
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    foreign: list[tuple[str, str, int]] = []
    duplicates: list[tuple[str, str]] = []
    for index, cell in enumerate(row):
        written = _SPACES.sub(" ", "" if cell is None else str(cell)).strip()
        if not written:
            continue
        key = normalize_header(written)
        target = table.get(key)
        if target is None and "/" in key:
            # "类别/领域": accept when every part means the same field.
            parts = {table.get(p) for p in key.split("/") if p}
            if len(parts) == 1:
                target = parts.pop()
        if target is None:
            ignored.append(written)
        elif allowed is not None and target not in allowed:
            foreign.append((written, target, index))
        elif target in columns:
            duplicates.append((written, headers[target]))
        else:
            columns[target] = index
            headers[target] = written
    return HeaderMapping(
        columns=columns,
        headers=headers,
        ignored=tuple(ignored),
        foreign=tuple(foreign),
        duplicates=tuple(duplicates),
    )


def header_label(kind: str, field_name: str) -> str:
    """The Chinese header of a field in ``kind`` (for messages about a missing column)."""
    return dict(KIND_COLUMNS[kind]).get(field_name) or FIELD_LABELS.get(field_name, field_name)
