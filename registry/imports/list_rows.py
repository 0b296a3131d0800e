"""A list import: rows of a sheet into items (prepare), then a draft revision (commit)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from registry import item_checks as checks
from registry import selectors
from registry.columns import (
    ADMISSION_COLUMNS,
    ADMISSION_FIELDS,
    DERIVED_FIELDS,
    KIND_COLUMNS,
    LOCAL_COLUMNS,
    TEXT_FIELDS,
)
from registry.compare import compare_items
from registry.enums import Adjustment, AppliesTo, ChangeType, ImportTarget, ListKind
from registry.layers import BASELINE_FIELDS
from registry.models import Department, DutyList, Region
from registry.resources import (
    HeaderMapping,
    header_label,
    item_header_table,
    kind_fields,
    resolve_headers,
)
from registry.services.admission_requests import admissions_for_list
from registry.services.versions import ItemData, list_is_derived

from .admissions import admitted_item, apply_admissions
from .plan import FIELD_LIMITS, PROGRESS_EVERY, ImportPlan, Progress
from .reconcile import _base_item, _check_foreign_codes, _compare_shape, _match
from .sheet import (
    _cell,
    _Departments,
    _find_header,
    _missing_header_message,
    _parse_seq,
    _read,
)

# --- list import -----------------------------------------------------------------------------


def list_import_prepare(  # noqa: C901 - the import's pipeline; each step is a helper
    *,
    region: Region,
    kind: str,
    file_name: str,
    data: bytes,
    progress: Progress | None = None,
) -> ImportPlan:
    """Parse, validate, match and compare a list file. Writes nothing."""
    plan = ImportPlan(target=ImportTarget.LIST, file_name=file_name, kind=kind)
    if kind not in ListKind.values:
        plan.error(f"未知的清单类型“{kind}”。")
        return plan
    book = _read(plan, data)
    if book is None:
        return plan
    label = ListKind(kind).label
    if book.meta and book.meta.get("kind") and book.meta["kind"] != kind:
        other = book.meta["kind"]
        other_label = ListKind(other).label if other in ListKind.values else other
        plan.error(f"该 JSON 文件是“{other_label}”的导出，与所选的“{label}”不符。")
        return plan

    table = item_header_table(kind)
    found = _find_header(book, table, "name", preferred=label)
    if found is None:
        plan.error(_missing_header_message(book, header_label(kind, "name")))
        return plan
    sheet, header_index, header_cells = found
    plan.sheet = sheet.name
    plan.header_row = sheet.rows[header_index][0] or None
    duty_list = DutyList.objects.filter(region=region, kind=kind).first()
    # A derived list (registry.layers) also reads 调整方式 / 上级事项编码 / 理由.
    derived = list_is_derived(duty_list or DutyList(region=region, kind=kind))
    # JSON carries every field (the export shape); a spreadsheet only the kind's columns.
    allowed = None if book.format == "json" else kind_fields(kind, derived)
    mapping = resolve_headers(header_cells, table, allowed=allowed)
    plan.columns = dict(mapping.headers)
    word = book.row_word
    where = f"第{plan.header_row}行表头" if plan.header_row else "表头"
    data_rows = sheet.rows[header_index + 1 :]
    shown = "、".join(h for _, h in KIND_COLUMNS[kind])
    for written, target, index in mapping.foreign:
        if not any(_cell(cells, index) for _, cells in data_rows):
            plan.warnings.append(f"“{written}”列不属于“{label}”且为空，已忽略。")
            continue
        if target in DERIVED_FIELDS:
            plan.error(
                f"{where}“{written}”：{region.name}的{label}不是在上级清单基础上调整的清单，"
                "不能导入调整方式和理由，请删除该列。"
            )
            continue
        plan.error(
            f"{where}“{written}”不是“{label}”的列（该清单的列为：{shown}），"
            "请确认所选清单类型和工作表是否正确。"
        )
    for written, first in mapping.duplicates:
        plan.error(f"{where}“{written}”与“{first}”是同一列，只能保留一个。")
    admission_headers = {h for _, h in ADMISSION_COLUMNS}
    ignored = [h for h in mapping.ignored if h not in admission_headers]
    if len(ignored) < len(mapping.ignored) or set(mapping.columns) & set(ADMISSION_FIELDS):
        plan.warnings.append(
            "准入条件（限定承接单位、准入文号、实施期限、费随事转、权随责走）不从文件导入："
            "准入事项以准入决定为准，其他事项保留原值。"
        )
    if ignored:
        plan.warnings.append(f"以下列无法识别，已忽略：{'、'.join(f'“{h}”' for h in ignored)}。")
    if "seq" not in mapping.columns:
        plan.warnings.append("文件没有“序号”列，已按行的先后顺序编号。")
    for formula in sheet.uncached_formulas:
        column = _column_name(header_cells, formula.column)
        plan.error(
            f"第{formula.row}行“{column}”：单元格是公式但没有计算结果（文件不是由 Excel 保存的），"
            "请在 Excel 中打开并保存后再导入，或把公式改为数值。"
        )
    if plan.errors:
        return plan

    departments = _Departments(region.county)
    total = len(data_rows)
    if progress:
        progress(0, total)
    for done, (number, cells) in enumerate(data_rows, start=1):
        row = _parse_item_row(
            plan, mapping, kind, number, cells, departments, word, done, derived=derived
        )
        if row is not None:
            plan.rows.append(row)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
    if progress:
        progress(total, total)
    if not plan.rows and not plan.errors:
        plan.error(f"文件中没有事项数据（表头位于第{plan.header_row or 1}行，其下没有内容）。")
    _check_duplicates(plan, mapping, kind, word)
    if plan.errors:
        return plan

    plan.base_version = selectors.version_in_force(duty_list=duty_list) if duty_list else None
    base = (
        [_base_item(i) for i in selectors.items_for_version(version=plan.base_version)]
        if plan.base_version
        else []
    )
    admissions = admissions_for_list(region=region, kind=kind)
    base_codes = {i["code"] for i in base}
    # Admitted items only in the draft so far (or revoked items of a version not yet in force)
    # are matched like items of the version in force.
    match_base = base + [
        admitted_item(r)
        for r in (*admissions["approved"], *admissions["revoked"])
        if r.item_code not in base_codes
    ]
    _match(plan, match_base, mapping)
    if derived:
        _check_adjustments(plan, region, kind, mapping, word)
    apply_admissions(plan, admissions, match_base, word)
    moved_from = _check_foreign_codes(plan, region, kind, match_base, duty_list)
    if plan.errors:
        return plan
    old = [_compare_shape(i) for i in base]
    new = [_compare_shape(r) for r in plan.rows]
    plan.comparison = compare_items(old, new, moved_from=moved_from)
    plan.counts = {"rows": len(plan.rows), **plan.comparison.counts}
    return plan


def _column_name(header_cells: list[str], index: int) -> str:
    written = _cell(header_cells, index)
    return written or f"第{index + 1}列"


def _parse_item_row(  # noqa: C901 - a row parser: one check per column
    plan: ImportPlan,
    mapping: HeaderMapping,
    kind: str,
    number: int,
    cells: list[str],
    departments: _Departments,
    word: str,
    ordinal: int,
    *,
    derived: bool = False,
) -> dict | None:
    values = {f: _cell(cells, i) for f, i in mapping.columns.items()}
    if not any(values.values()):
        return None  # blank row (only unmapped columns filled, or a stray separator)
    at = checks.at(number, word)

    def col(field_name: str) -> str:
        return mapping.headers.get(field_name) or header_label(kind, field_name)

    errors_before = len(plan.errors)
    row: dict[str, Any] = {"row": number, "present": sorted(mapping.columns)}
    if "seq" in mapping.columns:
        seq = _parse_seq(values["seq"])
        if reason := checks.seq_reason(seq, values["seq"]):
            plan.error(checks.message(at, col("seq"), reason))
        row["seq"] = seq
    else:
        row["seq"] = ordinal
    code = values.get("code", "").upper()
    if reason := checks.code_reason(code):
        plan.error(checks.message(at, col("code"), reason))
    row["code"] = code
    written = values.get("adjustment", "")
    adjustment = checks.adjustment_value(written)
    if adjustment is None:
        plan.error(checks.message(at, col("adjustment"), checks.adjustment_written_reason(written)))
        adjustment = Adjustment.ADDED
    elif adjustment and not derived:
        plan.error(
            checks.message(
                at,
                col("adjustment"),
                f"本清单不是在上级清单基础上调整的清单，不能标为“{Adjustment(adjustment).label}”。",
            )
        )
    row["adjustment"], row["reason"] = adjustment, values.get("reason", "")
    if len(row["reason"]) > FIELD_LIMITS["reason"]:
        plan.error(
            f"{at}“{col('reason')}”：内容有 {len(row['reason'])} 个字，"
            f"超过上限 {FIELD_LIMITS['reason']} 个字。"
        )
    for f in TEXT_FIELDS:
        text = values.get(f, "")
        # A source item's name may be left out: it is taken from the source (_check_adjustments).
        if f == "name" and not adjustment and (reason := checks.name_reason(text)):
            plan.error(checks.message(at, col("name"), reason))
        if len(text) > FIELD_LIMITS[f]:
            plan.error(
                f"{at}“{col(f)}”：内容有 {len(text)} 个字，超过上限 {FIELD_LIMITS[f]} 个字。"
            )
        row[f] = text
    dept_text = values.get("department", "")
    row["department_id"], row["department"] = None, ""
    if dept_text:
        dept = departments.find(dept_text)
        if dept is None:
            plan.error(
                f"{at}“{col('department')}”：未知部门“{dept_text}”{departments.suggest(dept_text)}"
            )
        else:
            row["department_id"], row["department"] = dept.pk, dept.short_name
    applies = values.get("applies_to", "")
    if reason := checks.applies_to_reason(applies):
        plan.error(checks.message(at, col("applies_to"), reason))
    row["applies_to"] = applies or AppliesTo.ALL
    if len(plan.errors) > errors_before:
        row["invalid"] = True
    return row


def _check_adjustments(  # noqa: C901 - one check per adjustment kind
    plan: ImportPlan, region: Region, kind: str, mapping: HeaderMapping, word: str
) -> None:
    """The rows of a derived list against its source in force today (``version_validate``
    checks them again on the effective date): 不适用 / 本级表述 name a source item (by 上级事项编码,
    or by its exact name when the code is left out), 不适用 gives a reason, 本级增补 does not take
    a source code. The source's wording is kept on 不适用 / 本级表述 rows (only the local columns
    of 本级表述 come from the file), so that a later change of the source item is flagged."""
    source = selectors.source_items(region=region, kind=kind, on=timezone.localdate()) or {}
    by_name: dict[str, list[str]] = {}
    for code, item in source.items():
        by_name.setdefault(item["name"], []).append(code)
    local = LOCAL_COLUMNS.get(kind, ())

    def col(field_name: str) -> str:
        return mapping.headers.get(field_name) or header_label(kind, field_name)

    for row in plan.rows:
        at = checks.at(row["row"], word)
        adjustment, code = row.get("adjustment", ""), row["code"]
        if adjustment and not code and len(by_name.get(row["name"], ())) == 1:
            code = row["code"] = by_name[row["name"]][0]
            plan.warnings.append(
                f"{at}“{row['name']}”没有填写上级事项编码，按名称认定为上级事项 {code}。"
            )
        reason = checks.adjustment_reason(
            adjustment=adjustment, code=code, reason=row["reason"], source=source, kind=kind
        )
        if reason:
            if adjustment == Adjustment.EXCLUDED and code in source:
                field_name = "reason"
            elif adjustment == Adjustment.REWORDED and code in source:
                field_name = "adjustment"
            else:
                field_name = "code"
            plan.error(checks.message(at, col(field_name), reason))
            row["invalid"] = True
            continue
        if not adjustment:
            continue
        item = source[code]
        if row["name"] and row["name"] != item["name"]:
            plan.warnings.append(
                f"{at}“{col('name')}”写的是“{row['name']}”，上级清单事项 {code} 为"
                f"“{item['name']}”，已按上级清单填写。"
            )
        for f in (*BASELINE_FIELDS, "domain"):
            row[f] = item.get(f) or ""
        for f in local:
            if adjustment == Adjustment.EXCLUDED or f not in mapping.columns:
                row[f] = item.get(f) or ""


def _check_duplicates(plan: ImportPlan, mapping: HeaderMapping, kind: str, word: str) -> None:
    for field_name in ("seq", "code"):
        header = mapping.headers.get(field_name) or header_label(kind, field_name)
        values = ((row["row"], row.get(field_name)) for row in plan.rows)
        for error in checks.duplicate_errors(values, header=header, word=word):
            plan.error(error)


# --- committing a list import ----------------------------------------------------------------


def _item_data(rows: list[dict]) -> list[ItemData]:
    ids = {r["department_id"] for r in rows if r.get("department_id")}
    departments = Department.objects.in_bulk(ids)
    missing = ids - set(departments)
    if missing:
        raise ValidationError("预览后有部门被删除，请重新上传文件。")
    return [
        ItemData(
            seq=r["seq"],
            name=r["name"],
            code=r["code"],
            department=departments.get(r["department_id"]) if r.get("department_id") else None,
            applies_to=r["applies_to"],
            adjustment=r.get("adjustment", ""),
            reason=r.get("reason", ""),
            **{f: r.get(f, "") for f in (*TEXT_FIELDS, *ADMISSION_FIELDS) if f != "name"},
        )
        for r in sorted(rows, key=lambda r: r["seq"])
    ]


def _draft_writer() -> Callable[..., dict]:
    return import_string(settings.REGISTRY_IMPORT_DRAFT_WRITER)


@transaction.atomic
def list_import_commit(
    *,
    region: Region,
    kind: str,
    plan: ImportPlan,
    header: dict | None = None,
    user=None,
    page_id: int | None = None,
) -> dict:
    """Write a valid plan as a new draft revision of the list page (never publishes)."""
    if not plan.ok:
        raise ValidationError(plan.errors)
    return _commit_rows(
        region=region,
        kind=kind,
        rows=plan.rows,
        header=header or {},
        user=user,
        page_id=page_id,
        file_name=plan.file_name,
        counts=plan.counts,
    )


def _commit_rows(*, region, kind, rows, header, user, page_id, file_name, counts) -> dict:
    header = {k: v for k, v in (header or {}).items() if v not in (None, "")}
    if header.get("change_type") and header["change_type"] not in ChangeType.values:
        raise ValidationError("调整类型无效。")
    return _draft_writer()(
        region=region,
        kind=kind,
        items=_item_data(rows),
        header=header,
        user=user,
        page_id=page_id,
        file_name=file_name,
        counts=counts,
    )
