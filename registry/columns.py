"""The field catalogue: every item field, its groups, and which fields each list kind shows under
which Chinese header.

The one place the public pages, the review screen, exports, the list import and its header
aliases (``registry.resources``), the demo loader and the API read the item fields from, so a
column means the same thing everywhere. The plain field lists are ``registry.item_fields`` (pure,
for the pure core), re-exported here.
"""

from registry.enums import ListKind
from registry.item_fields import (  # noqa: F401 (re-exported: this module is the catalogue)
    ADMISSION_FIELDS,
    DERIVED_FIELDS,
    EXPORT_FIELDS,
    ITEM_FIELDS,
    MATCHING_FIELDS,
    TEXT_FIELDS,
)

# A field's Chinese name where no list kind's own header applies (compare, review, messages
# about a column the kind does not show). A kind's header (KIND_COLUMNS) wins where it has one.
FIELD_LABELS: dict[str, str] = {
    "code": "事项编码",
    "seq": "序号",
    "domain": "领域/类别",
    "name": "事项名称",
    "content": "具体内容",
    "basis": "依据",
    "department": "相关部门",
    "department_duty": "部门职责",
    "local_duty": "配合职责",
    "alternative": "替代办理方式",
    "issuer": "出具主体",
    "note": "备注",
    "applies_to": "适用范围",
    "targets": "限定承接单位",
    "admission_no": "准入文号",
    "term": "实施期限",
    "funding": "经费保障（费随事转）",
    "staff": "人员与工作条件（权随责走）",
    "keywords": "关键词",
    "phrases": "常见说法",
    "adjustment": "调整方式",
    "reason": "不适用理由/调整说明",
}

# (field name on AbstractItemFields, Chinese header)
KIND_COLUMNS: dict[str, list[tuple[str, str]]] = {
    ListKind.TOWNSHIP_BASIC: [
        ("seq", "序号"),
        ("domain", "领域"),
        ("name", "事项名称"),
        ("content", "具体内容"),
        ("basis", "依据"),
        ("applies_to", "适用范围"),
    ],
    ListKind.TOWNSHIP_COOPERATE: [
        ("seq", "序号"),
        ("domain", "领域"),
        ("name", "事项名称"),
        ("department", "县级主责部门"),
        ("department_duty", "县级部门职责"),
        ("local_duty", "乡镇（街道）配合职责"),
        ("basis", "依据"),
        ("applies_to", "适用范围"),
    ],
    ListKind.TOWNSHIP_WITHDRAWN: [
        ("seq", "序号"),
        ("domain", "领域"),
        ("name", "事项名称"),
        ("department", "承接部门"),
        ("note", "工作方式/备注"),
        ("applies_to", "适用范围"),
    ],
    ListKind.VILLAGE_SELFGOV: [
        ("seq", "序号"),
        ("domain", "类别"),
        ("name", "事项名称"),
        ("content", "事项内容"),
        ("basis", "依据"),
        ("applies_to", "适用范围"),
    ],
    ListKind.VILLAGE_ASSIST: [
        ("seq", "序号"),
        ("domain", "类别"),
        ("name", "事项名称"),
        ("content", "协助内容"),
        ("department", "责任部门"),
        ("basis", "依据"),
        ("applies_to", "适用范围"),
    ],
    ListKind.VILLAGE_NEGATIVE: [
        ("seq", "序号"),
        ("domain", "类别"),
        ("name", "事项"),
        ("basis", "依据"),
    ],
    ListKind.VILLAGE_CERTIFICATES: [
        ("seq", "序号"),
        ("name", "证明名称"),
        ("content", "办理用途"),
        ("basis", "设定依据"),
        ("issuer", "出具主体"),
        ("note", "办理流程/备注"),
        ("applies_to", "适用范围"),
    ],
    ListKind.VILLAGE_NO_CERTIFICATES: [
        ("seq", "序号"),
        ("name", "证明名称"),
        ("alternative", "替代办理方式"),
        ("basis", "依据"),
    ],
}

# Matching aids every kind carries after its own columns (registry.admission_index reads them).
MATCHING_COLUMNS: list[tuple[str, str]] = [(f, FIELD_LABELS[f]) for f in MATCHING_FIELDS]
for _columns in KIND_COLUMNS.values():
    _columns.extend(MATCHING_COLUMNS)

# Column names of the demo county's CSV files that differ from the field names.
CSV_FIELD_ALIASES: dict[str, str] = {
    "lead_department": "department",
    "township_duty": "local_duty",
    "category": "domain",
    "source": "basis",
    "purpose": "content",
}

# The columns a derived list may word locally (本级表述); every other column comes from the source.
LOCAL_COLUMNS: dict[str, tuple[str, ...]] = {
    ListKind.TOWNSHIP_COOPERATE: ("local_duty",),
}

# Shown after a kind's own columns wherever an item is displayed or exported, for the kinds an
# admission request can add to (not imported: they come from the approval, cms.admission).
ADMISSION_COLUMNS: list[tuple[str, str]] = [(f, FIELD_LABELS[f]) for f in ADMISSION_FIELDS]
ADMISSION_KINDS = frozenset(
    {ListKind.VILLAGE_ASSIST, ListKind.TOWNSHIP_COOPERATE, ListKind.TOWNSHIP_BASIC}
)


def display_columns(kind: str) -> list[tuple[str, str]]:
    """The columns shown and exported for ``kind``: its own, then the admission terms."""
    extra = ADMISSION_COLUMNS if kind in ADMISSION_KINDS else []
    return [*KIND_COLUMNS[kind], *extra]
