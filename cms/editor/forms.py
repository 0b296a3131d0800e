"""Forms of the table editor: one item form per list kind, with only that kind's columns."""

from __future__ import annotations

import csv
import io

from django import forms

from registry.columns import KIND_COLUMNS
from registry.enums import AppliesTo, ListKind
from registry.models import Department, Region

from ..models import DraftItem

LONG_FIELDS = {"content", "basis", "department_duty", "local_duty", "alternative", "note"}


# A derived list (registry.layers) also says which source item an adjustment is about and why.
DERIVED_COLUMNS = [
    ("adjustment", "调整方式"),
    ("code", "上级事项编码"),
    ("reason", "不适用理由/调整说明"),
]


def kind_fields(kind: str, derived: bool = False) -> list[tuple[str, str]]:
    """The kind's editable columns (field, Chinese header); 序号 is filled in by position.
    A derived list adds 调整方式, the source item's code and the reason."""
    own = [(f, label) for f, label in KIND_COLUMNS[kind] if f != "seq"]
    return [*own, *DERIVED_COLUMNS] if derived else own


class DraftItemForm(forms.ModelForm):
    """One item; the department choices are the list's county's departments."""

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "department" in self.fields and departments is not None:
            self.fields["department"].queryset = departments

    def error_lines(self) -> list[str]:
        """Every error as “字段：原因”, so a message always names its field."""
        lines = []
        for field, errors in self.errors.items():
            label = self.fields[field].label if field in self.fields else ""
            lines += [f"{label}：{e}" if label else e for e in errors]
        return lines


def _form_class(kind: str, derived: bool = False) -> type[DraftItemForm]:
    fields = kind_fields(kind, derived)
    return forms.modelform_factory(
        DraftItem,
        form=DraftItemForm,
        fields=[f for f, _ in fields],
        labels=dict(fields),
        widgets={f: forms.Textarea(attrs={"rows": 2}) for f, _ in fields if f in LONG_FIELDS},
    )


# Built once at import, one class per kind (never rebuilt per request).
ITEM_FORMS: dict[str, type[DraftItemForm]] = {kind: _form_class(kind) for kind in ListKind.values}
DERIVED_ITEM_FORMS: dict[str, type[DraftItemForm]] = {
    kind: _form_class(kind, derived=True) for kind in ListKind.values
}


def county_departments(region: Region | None):
    """The departments an item of a list in ``region`` may name: those of its county."""
    county = region.county if region else None
    departments = Department.objects.select_related("county").order_by("code")
    return departments.filter(county=county) if county is not None else departments


class MoveForm(forms.Form):
    to = forms.IntegerField(label="移到第几项", min_value=1)


class PasteForm(forms.Form):
    rows = forms.CharField(
        label="从 Excel 复制的行",
        strip=False,  # a leading tab is an empty first cell
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text="在 Excel 中选中若干行（按下列列序，不含序号列）复制后粘贴到此处；"
        "可含表头行。每行新增一个事项，追加在清单末尾。",
    )


def paste_rows(  # noqa: C901 - one pass over pasted rows with a Chinese message per field
    *, kind: str, text: str, departments, derived: bool = False
) -> tuple[list[DraftItem], list[str]]:
    """Tab-separated rows copied from Excel → new draft items, or errors naming row and field."""
    fields = kind_fields(kind, derived)
    headers = [label for _, label in fields]
    by_name = {}
    for d in departments:
        by_name[d.short_name] = d.pk
        by_name[d.name] = d.pk
    applies = {label: value for value, label in AppliesTo.choices}
    # Excel quotes a cell holding a line break or a tab: read it as tab-separated CSV.
    lines = [
        [c.strip() for c in cells]
        for cells in csv.reader(io.StringIO(text), delimiter="\t")
        if any(c.strip() for c in cells)
    ]
    if lines and lines[0] == headers[: len(lines[0])]:
        lines = lines[1:]  # a header row copied along
    items, errors = [], []
    for row, cells in enumerate(lines, start=1):
        while len(cells) > len(fields) and not cells[-1]:
            cells.pop()  # empty columns copied along
        if len(cells) > len(fields):
            errors.append(
                f"第{row}行：有{len(cells)}列，多于本清单的{len(fields)}列（{'、'.join(headers)}）。"
            )
            continue
        data = dict(zip((f for f, _ in fields), cells, strict=False))
        if "department" in data and data["department"]:
            pk = by_name.get(data["department"])
            if pk is None:
                errors.append(
                    f"第{row}行：{dict(fields)['department']}：找不到部门“{data['department']}”。"
                )
                continue
            data["department"] = pk
        if any(f == "applies_to" for f, _ in fields):  # an empty cell means 全部
            given = data.get("applies_to") or AppliesTo.ALL
            data["applies_to"] = applies.get(given, given)
        form = ITEM_FORMS[kind](data, departments=departments)
        if form.is_valid():
            items.append(form.save(commit=False))
        else:
            errors += [f"第{row}行：{line}" for line in form.error_lines()]
    if not lines:
        errors.append("没有可导入的行。")
    return items, errors
