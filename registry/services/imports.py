"""Importing a list (or master data) from a spreadsheet: parse → validate → preview → commit.

A list import never publishes: it ends as a new *draft revision* of the list's
page, which then goes through the 清单审核 workflow like a hand edit. Writing
that draft belongs to the CMS (``registry`` never imports ``cms``), so the
function doing it is named by the ``REGISTRY_IMPORT_DRAFT_WRITER`` setting,
read when an import is committed.

Any error in the file means nothing is written. Rows are matched to the items
of the version in force by stable code, else by exact name, else by name and
content similarity, so a reworded item keeps its code (see docs/import.md).
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from wagtail.log_actions import log

from registry import selectors
from registry.columns import ADMISSION_COLUMNS, KIND_COLUMNS
from registry.compare import Comparison, compare_items
from registry.enums import (
    AppliesTo,
    ChangeType,
    ImportStatus,
    ImportTarget,
    ListKind,
    RegionLevel,
    UnitType,
)
from registry.models import Department, DutyList, ImportJob, ListItem, ListVersion, Region
from registry.models.items import AbstractItemFields
from registry.resources import (
    DEPARTMENT_HEADER_ALIASES,
    REGION_HEADER_ALIASES,
    HeaderMapping,
    header_label,
    item_header_table,
    kind_fields,
    normalize_header,
    resolve_headers,
)
from registry.services.admission_requests import (
    ADMISSION_FIELDS,
    admission_item_note,
    admission_item_terms,
    admissions_for_list,
)
from registry.services.regions import department_upsert, region_upsert
from registry.services.versions import CODE_RE, ItemData
from registry.spreadsheets import (
    MAX_UPLOAD_BYTES,
    Sheet,
    SpreadsheetError,
    Workbook,
    read_workbook,
)

logger = logging.getLogger(__name__)

HEADER_SCAN_ROWS = 20
MAX_LISTED_ERRORS = 300
PREVIEW_LIMIT = 200  # entries per change category kept for display
SIMILARITY_THRESHOLD = 0.6
TEXT_MAX_CHARS = 5_000  # TextFields have no database limit; a cell longer than this is a mistake
PROGRESS_EVERY = 500

TEXT_FIELDS = (
    "domain",
    "name",
    "content",
    "basis",
    "department_duty",
    "local_duty",
    "alternative",
    "issuer",
    "note",
    "keywords",
    "phrases",
)
NEW_KEY_PREFIX = "新增#"

Progress = Callable[[int, int], None]


def _max_length(field_name: str) -> int:
    return AbstractItemFields._meta.get_field(field_name).max_length or TEXT_MAX_CHARS


FIELD_LIMITS = {f: _max_length(f) for f in (*TEXT_FIELDS, "code")}


@dataclasses.dataclass
class ImportPlan:
    """What a file would do, before anything is written."""

    target: str
    file_name: str
    kind: str = ""  # list imports: the list kind (its column headers label the preview)
    file_format: str = ""
    encoding: str = ""
    sheet: str = ""
    header_row: int | None = None
    columns: dict[str, str] = dataclasses.field(default_factory=dict)  # field -> header
    rows: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)
    base_version: ListVersion | None = None
    comparison: Comparison | None = None
    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    changes: dict[str, list[dict]] = dataclasses.field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, message: str) -> None:
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(message)
        elif len(self.errors) == MAX_LISTED_ERRORS:
            self.errors.append(f"错误超过 {MAX_LISTED_ERRORS} 条，其余未列出；请先修正以上问题。")

    def preview(self) -> dict:
        """A JSON-serialisable summary for the preview screen and the command."""
        data = {
            "file_format": self.file_format,
            "encoding": self.encoding,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "columns": self.columns,
            "rows": len(self.rows),
            "counts": self.counts,
            "base_version": _version_label(self.base_version),
        }
        if self.comparison is not None:
            data["changes"] = comparison_as_json(self.comparison, kind=self.kind)
        if self.changes:
            data["changes"] = self.changes
        return data


def _version_label(version: ListVersion | None) -> str:
    if version is None:
        return ""
    return f"第{version.number}版（{version.document_no}，{version.effective_from:%Y-%m-%d}起施行）"


def comparison_as_json(
    comparison: Comparison, *, kind: str = "", limit: int = PREVIEW_LIMIT
) -> dict:
    # The list's own headers first (事项名称 vs 证明名称 …), then any kind's for hidden fields.
    labels = {f: header for columns in KIND_COLUMNS.values() for f, header in columns}
    labels.update(dict(KIND_COLUMNS.get(kind, ())))
    out: dict[str, Any] = {}
    for category in ("added", "removed", "modified", "moved", "moved_in", "moved_out"):
        entries = getattr(comparison, category)
        out[category] = [
            {
                "code": "" if c.code.startswith(NEW_KEY_PREFIX) else c.code,
                "name": c.name,
                "old_seq": c.old_seq,
                "new_seq": c.new_seq,
                "other_list": _list_label(c.other_list),
                "changes": [
                    {
                        "field": fc.field,
                        "label": labels.get(fc.field, fc.field),
                        "segments": [[s.op, s.text] for s in fc.segments],
                    }
                    for fc in c.changes
                ],
            }
            for c in entries[:limit]
        ]
        out[f"{category}_more"] = max(0, len(entries) - limit)
    return out


def _list_label(other_list: str) -> str:
    """A kind (a sibling list) as its label; an ancestor's list is already labelled."""
    if other_list in ListKind.values:
        return ListKind(other_list).label
    return other_list


# --- reading ---------------------------------------------------------------------------------


def _find_header(
    book: Workbook, table: dict[str, str], required: str, preferred: str = ""
) -> tuple[Sheet, int, list[str]] | None:
    """The sheet and row holding the header: the first row naming ``required`` and another column."""
    candidates = []
    for sheet in book.sheets:
        for index, (_, cells) in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
            mapping = resolve_headers(cells, table)
            if required in mapping.columns and mapping.score >= 2:
                candidates.append((sheet, index, cells))
                break
    if not candidates:
        return None
    for candidate in candidates:
        if preferred and preferred in candidate[0].name:
            return candidate
    return candidates[0]


def _missing_header_message(book: Workbook, required_header: str) -> str:
    names = "、".join(f"“{s.name}”" for s in book.sheets) or "（无）"
    if book.format == "json":
        return f"JSON 文件中的事项没有“{required_header}”字段。"
    return (
        f"未找到表头：工作表 {names} 的前 {HEADER_SCAN_ROWS} 行中没有“{required_header}”列。"
        "请确认选择了正确的工作表和文件，表头须在数据之上的一行。"
    )


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def _parse_seq(text: str) -> int | None:
    text = text.strip().rstrip(".、．")
    if text.isascii() and text.isdigit() and int(text) > 0:  # not "²" or "١"
        return int(text)
    return None


def _county_of(region: Region) -> Region | None:
    for node in region.lineage():
        if node.level == RegionLevel.COUNTY:
            return node
    return None


class _Departments:
    def __init__(self, county: Region | None):
        self.by_key: dict[str, Department] = {}
        self.short_names: list[str] = []
        if county is None:
            return
        for dept in Department.objects.filter(county=county):
            self.short_names.append(dept.short_name)
            for key in (dept.code, dept.name, dept.short_name):
                self.by_key.setdefault(normalize_header(key), dept)

    def find(self, text: str) -> Department | None:
        return self.by_key.get(normalize_header(text))

    def suggest(self, text: str) -> str:
        close = difflib.get_close_matches(text, self.short_names, n=1, cutoff=0.4)
        return f"，是否为“{close[0]}”？" if close else "。"


# --- list import -----------------------------------------------------------------------------


def list_import_prepare(
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
    try:
        book = read_workbook(data)
    except SpreadsheetError as exc:
        plan.error(str(exc))
        return plan
    plan.file_format, plan.encoding = book.format, book.encoding
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
    # JSON carries every field (the export shape); a spreadsheet only the kind's columns.
    allowed = None if book.format == "json" else kind_fields(kind)
    mapping = resolve_headers(header_cells, table, allowed=allowed)
    plan.columns = dict(mapping.headers)
    word = book.row_word
    where = f"第{plan.header_row}行表头" if plan.header_row else "表头"
    data_rows = sheet.rows[header_index + 1 :]
    shown = "、".join(h for _, h in KIND_COLUMNS[kind])
    for written, _, index in mapping.foreign:
        if not any(_cell(cells, index) for _, cells in data_rows):
            plan.warnings.append(f"“{written}”列不属于“{label}”且为空，已忽略。")
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

    duty_list = DutyList.objects.filter(region=region, kind=kind).first()
    departments = _Departments(_county_of(region))
    total = len(data_rows)
    if progress:
        progress(0, total)
    for done, (number, cells) in enumerate(data_rows, start=1):
        row = _parse_item_row(plan, mapping, kind, number, cells, departments, word, done)
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
        _admitted_item(r)
        for r in (*admissions["approved"], *admissions["revoked"])
        if r.item_code not in base_codes
    ]
    _match(plan, match_base, mapping)
    _apply_admissions(plan, admissions, match_base, word)
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


def _parse_item_row(
    plan: ImportPlan,
    mapping: HeaderMapping,
    kind: str,
    number: int,
    cells: list[str],
    departments: _Departments,
    word: str,
    ordinal: int,
) -> dict | None:
    values = {f: _cell(cells, i) for f, i in mapping.columns.items()}
    if not any(values.values()):
        return None  # blank row (only unmapped columns filled, or a stray separator)
    at = f"第{number}{word}"

    def col(field_name: str) -> str:
        return mapping.headers.get(field_name) or header_label(kind, field_name)

    errors_before = len(plan.errors)
    row: dict[str, Any] = {"row": number, "present": sorted(mapping.columns)}
    if "seq" in mapping.columns:
        seq = _parse_seq(values["seq"])
        if seq is None:
            if values["seq"]:
                plan.error(f"{at}“{col('seq')}”：“{values['seq']}”不是正整数。")
            else:
                plan.error(f"{at}“{col('seq')}”：不能为空。")
        row["seq"] = seq
    else:
        row["seq"] = ordinal
    code = values.get("code", "").upper()
    if code and not CODE_RE.match(code):
        plan.error(f"{at}“{col('code')}”：“{code}”格式不正确（应如 JB-001），新增事项请留空。")
    row["code"] = code
    for f in TEXT_FIELDS:
        text = values.get(f, "")
        if f == "name" and not text:
            plan.error(f"{at}“{col('name')}”：不能为空。")
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
    if applies and applies not in AppliesTo.values:
        plan.error(
            f"{at}“{col('applies_to')}”：“{applies}”无效，应为{'、'.join(AppliesTo.values)}之一。"
        )
    row["applies_to"] = applies or AppliesTo.ALL
    if len(plan.errors) > errors_before:
        row["invalid"] = True
    return row


def _check_duplicates(plan: ImportPlan, mapping: HeaderMapping, kind: str, word: str) -> None:
    for field_name in ("seq", "code"):
        seen: dict[Any, int] = {}
        header = mapping.headers.get(field_name) or header_label(kind, field_name)
        for row in plan.rows:
            value = row.get(field_name)
            if not value:
                continue
            if value in seen:
                plan.error(f"第{row['row']}{word}“{header}”：{value} 与第{seen[value]}{word}重复。")
            else:
                seen[value] = row["row"]


def _base_item(item: ListItem) -> dict:
    data = selectors.item_as_dict(item)
    data["department_id"] = item.department_id
    return data


def _compare_shape(row: dict) -> dict:
    shape = {f: row.get(f, "") for f in ("code", "seq", *TEXT_FIELDS, "department", "applies_to")}
    if not shape["code"]:
        shape["code"] = f"{NEW_KEY_PREFIX}{row['row']}"
    return shape


def _bigrams(text: str) -> set[str]:
    text = "".join(text.split())
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def _similarity(row: dict, item: dict) -> float:
    name = difflib.SequenceMatcher(None, row["name"], item["name"], autojunk=False).ratio()
    if row.get("content") and item.get("content"):
        content = difflib.SequenceMatcher(
            None, row["content"], item["content"], autojunk=False
        ).ratio()
        return 0.6 * name + 0.4 * content
    return name


def _match(plan: ImportPlan, base: list[dict], mapping: HeaderMapping) -> None:
    """Give rows the stable code of the base item they are: by code, exact name, then similarity."""
    by_code = {i["code"]: i for i in base}
    taken: set[str] = {r["code"] for r in plan.rows if r["code"]}
    for row in plan.rows:
        if row["code"]:
            row["matched"] = "code" if row["code"] in by_code else ""
    free = [i for i in base if i["code"] not in taken]
    by_name: dict[str, list[dict]] = defaultdict(list)
    for item in free:
        by_name[item["name"]].append(item)
    pending = []
    for row in plan.rows:
        if row["code"]:
            continue
        same = [i for i in by_name.get(row["name"], ()) if i["code"] not in taken]
        if len(same) == 1:
            row["code"], row["matched"] = same[0]["code"], "name"
            taken.add(row["code"])
        else:
            pending.append(row)
    free = [i for i in free if i["code"] not in taken]
    if pending and free:
        # Candidates share at least a few character pairs of the name (an inverted
        # index keeps this near-linear instead of comparing every row with every item).
        index: dict[str, list[int]] = defaultdict(list)
        for n, item in enumerate(free):
            for gram in _bigrams(item["name"]):
                index[gram].append(n)
        scored = []
        for row in pending:
            grams = _bigrams(row["name"])
            hits: dict[int, int] = defaultdict(int)
            for gram in grams:
                for n in index.get(gram, ()):
                    hits[n] += 1
            best = sorted(hits.items(), key=lambda kv: -kv[1])[:10]
            for n, common in best:
                if common * 3 < len(grams):
                    continue
                score = _similarity(row, free[n])
                if score >= SIMILARITY_THRESHOLD:
                    scored.append((score, row["row"], n, row))
        scored.sort(key=lambda s: (-s[0], s[1]))
        for score, _, n, row in scored:
            item = free[n]
            if row["code"] or item["code"] in taken:
                continue
            row["code"], row["matched"], row["similarity"] = (
                item["code"],
                "similar",
                round(score, 2),
            )
            taken.add(item["code"])
            plan.warnings.append(
                f"第{row['row']}行“{row['name']}”按名称和内容相似度（{score:.0%}）"
                f"认定为原事项 {item['code']}“{item['name']}”，保留其编码。"
            )
    # Columns the file does not have keep the values of the item they match; the admission
    # terms are never read from a file (see _apply_admissions), so they always do.
    for row in plan.rows:
        item = by_code.get(row["code"]) if row["code"] else None
        for f in ADMISSION_FIELDS:
            row[f] = item.get(f, "") if item is not None else ""
        for f in (*TEXT_FIELDS, "department", "applies_to"):
            if f in mapping.columns:
                continue
            if item is not None:
                row[f] = item[f]
                if f == "department":
                    row["department_id"] = item["department_id"]
            elif f == "applies_to":
                row[f] = AppliesTo.ALL
        row.pop("present", None)


def _admitted_item(r) -> dict:
    """An admitted item not in the version in force, as the approval put it into the draft."""
    item = {f: "" for f in TEXT_FIELDS}
    item.update(
        code=r.item_code,
        seq=0,
        name=r.item_name,
        domain=r.domain,
        content=r.content,
        basis=r.basis,
        note=admission_item_note(r),
        department=r.department.short_name if r.department_id else "",
        department_id=r.department_id,
        applies_to=AppliesTo.ALL,
        **admission_item_terms(r),
    )
    return item


def _apply_admissions(plan: ImportPlan, admissions: dict, base: list[dict], word: str) -> None:
    """The admission decisions are the authority over their items, whatever the file says:

    - a row of an approved item keeps the approval's terms (targets, 文号, term, 费随事转, 权随责走);
    - an approved item the file leaves out stays on the list (only 退出 takes it off);
    - a row of a revoked item (退出) is left out: the version in force may still carry it.
    Each case the file did not already agree with is said in a warning of the preview."""
    approved = {r.item_code: r for r in admissions["approved"]}
    revoked = {r.item_code: r for r in admissions["revoked"]}
    kept = []
    for row in plan.rows:
        r = revoked.get(row["code"])
        if r is not None and row["code"] not in approved:
            plan.warnings.append(
                f"第{row['row']}{word}“{row['name']}”（{row['code']}）已于"
                f"{r.revoked_on:%Y年%m月%d日}决定退出准入（{r.revoke_document_no}），"
                "不再列入清单，已从导入中略去。"
            )
            continue
        r = approved.get(row["code"])
        if r is not None:
            row.update(admission_item_terms(r))
        kept.append(row)
    present = {row["code"] for row in kept}
    by_code = {i["code"]: i for i in base}
    top = max((row["seq"] or 0 for row in kept), default=0)
    for code, r in approved.items():
        if code in present or code not in by_code:
            continue
        top += 1
        item = by_code[code]
        kept.append(
            {
                **{f: item.get(f, "") for f in TEXT_FIELDS},
                "row": 0,
                "seq": top,
                "code": code,
                "matched": "admission",
                "department": item["department"],
                "department_id": item["department_id"],
                "applies_to": item["applies_to"],
                **admission_item_terms(r),
            }
        )
        plan.warnings.append(
            f"准入事项 {code}“{r.item_name}”不在文件中，已保留在清单末尾（第{top}项）："
            f"该事项经准入审查批准（{r.decision_document_no}），只能经“退出”移出清单。"
        )
    plan.rows = kept


def _check_foreign_codes(
    plan: ImportPlan, region: Region, kind: str, base: list[dict], duty_list: DutyList | None
) -> dict[str, str]:
    """Codes not in the version in force must be known in this region or an ancestor's lists.

    A township list may take over items of the county's lists (same code), so the
    lookup climbs the region's lineage. Returns the codes that came from another
    list (a sibling list of this region, or any list of an ancestor region) mapped
    to that list's label, for the "moved in" section of the preview.
    """
    base_codes = {i["code"] for i in base}
    foreign = {r["code"]: r for r in plan.rows if r["code"] and r["code"] not in base_codes}
    if not foreign:
        return {}
    lineage = region.lineage()
    distance = {r.pk: n for n, r in enumerate(lineage)}  # 0 = this region, 1 = parent, …
    names = {r.pk: r.name for r in lineage}
    found = (
        ListItem.objects.filter(version__duty_list__region__in=lineage, code__in=list(foreign))
        .order_by("version__effective_from", "version__number")
        .values_list("code", "version__duty_list__region_id", "version__duty_list__kind")
        .distinct()
    )
    # Per code: the nearest region wins; within one region the latest version wins.
    known: dict[str, tuple[int, int, str]] = {}
    for code, region_id, list_kind in found:
        current = known.get(code)
        if current is None or distance[region_id] <= current[0]:
            known[code] = (distance[region_id], region_id, list_kind)
    for code, row in foreign.items():
        if code not in known:
            plan.error(
                f"第{row['row']}行“事项编码”：{code} 在本区划及上级区划的清单中都不存在；"
                "新增事项请留空编码。"
            )
    moved_from = {}
    for code, (dist, region_id, list_kind) in known.items():
        if dist == 0:
            if list_kind != kind:  # a sibling list of this region
                moved_from[code] = list_kind
        else:
            label = ListKind(list_kind).label if list_kind in ListKind.values else list_kind
            moved_from[code] = f"{names[region_id]}{label}"
    return moved_from


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


# --- master data -----------------------------------------------------------------------------

LEVEL_WORDS = {
    **{v: v for v in RegionLevel.values},
    **{label: value for value, label in RegionLevel.choices},
    "市": RegionLevel.CITY,
    "县": RegionLevel.COUNTY,
    "区": RegionLevel.COUNTY,
    "乡镇": RegionLevel.TOWNSHIP,
    "街道": RegionLevel.TOWNSHIP,
    "村": RegionLevel.VILLAGE,
    "社区": RegionLevel.VILLAGE,
}


def master_import_prepare(
    *,
    target: str,
    file_name: str,
    data: bytes,
    county: Region | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Regions (with their codes and parents) or a county's departments. Writes nothing."""
    plan = ImportPlan(target=target, file_name=file_name)
    try:
        book = read_workbook(data)
    except SpreadsheetError as exc:
        plan.error(str(exc))
        return plan
    plan.file_format, plan.encoding = book.format, book.encoding
    if target == ImportTarget.REGIONS:
        aliases, required, labels = (
            REGION_HEADER_ALIASES,
            ("code", "name", "level", "unit_type"),
            {
                "code": "区划代码",
                "name": "名称",
                "level": "层级",
                "unit_type": "单位类型",
                "parent_code": "上级区划代码",
            },
        )
    elif target == ImportTarget.DEPARTMENTS:
        if county is None or county.level != RegionLevel.COUNTY:
            plan.error("导入部门须指定所属县（县级区划）。")
            return plan
        aliases, required, labels = (
            DEPARTMENT_HEADER_ALIASES,
            ("code", "name", "short_name"),
            {"code": "部门编码", "name": "全称", "short_name": "简称", "kind": "机构类别"},
        )
    else:
        plan.error(f"未知的导入对象“{target}”。")
        return plan
    table = {normalize_header(k): v for k, v in aliases.items()}
    found = _find_header(book, table, "code")
    if found is None:
        plan.error(_missing_header_message(book, labels["code"]))
        return plan
    sheet, header_index, header_cells = found
    mapping = resolve_headers(header_cells, table)
    plan.sheet, plan.header_row, plan.columns = (
        sheet.name,
        sheet.rows[header_index][0] or None,
        dict(mapping.headers),
    )
    for f in required:
        if f not in mapping.columns:
            plan.error(f"缺少“{labels[f]}”列。")
    for written, first in mapping.duplicates:
        plan.error(f"表头“{written}”与“{first}”是同一列，只能保留一个。")
    if mapping.ignored:
        plan.warnings.append(f"以下列无法识别，已忽略：{'、'.join(mapping.ignored)}。")
    if plan.errors:
        return plan
    word = book.row_word
    data_rows = sheet.rows[header_index + 1 :]
    if progress:
        progress(0, len(data_rows))
    for done, (number, cells) in enumerate(data_rows, start=1):
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, len(data_rows))
        values = {f: _cell(cells, i) for f, i in mapping.columns.items()}
        if not any(values.values()):
            continue
        values["row"] = number
        for f in required:
            if not values.get(f):
                plan.error(f"第{number}{word}“{mapping.headers[f]}”：不能为空。")
        plan.rows.append(values)
    if progress:
        progress(len(data_rows), len(data_rows))
    if not plan.rows and not plan.errors:
        plan.error("文件中没有数据。")
    if target == ImportTarget.REGIONS:
        _validate_regions(plan, mapping, word)
    else:
        _validate_departments(plan, mapping, word, county)
    return plan


def _validate_regions(plan: ImportPlan, mapping: HeaderMapping, word: str) -> None:
    h = mapping.headers
    seen: dict[str, int] = {}
    for row in plan.rows:
        at = f"第{row['row']}{word}"
        code = row.get("code", "")
        if code and not (len(code) == 12 and code.isdigit()):
            plan.error(f"{at}“{h['code']}”：“{code}”须为12位数字。")
        if code in seen:
            plan.error(f"{at}“{h['code']}”：{code} 与第{seen[code]}{word}重复。")
        seen.setdefault(code, row["row"])
        level = LEVEL_WORDS.get(row.get("level", ""))
        if row.get("level") and level is None:
            plan.error(
                f"{at}“{h['level']}”：“{row['level']}”无效，应为"
                f"{'、'.join(RegionLevel.labels)}之一。"
            )
        row["level"] = level
        if row.get("unit_type") and row["unit_type"] not in UnitType.values:
            plan.error(
                f"{at}“{h['unit_type']}”：“{row['unit_type']}”无效，应为"
                f"{'、'.join(UnitType.values)}之一。"
            )
        if len(row.get("name", "")) > 64:
            plan.error(f"{at}“{h['name']}”：名称超过 64 个字。")
    if plan.errors:
        return
    in_file = {r["code"] for r in plan.rows}
    parents = {r.get("parent_code") for r in plan.rows if r.get("parent_code")}
    known = set(Region.objects.filter(code__in=parents - in_file).values_list("code", flat=True))
    for row in plan.rows:
        parent = row.get("parent_code", "")
        if parent and parent not in in_file and parent not in known:
            plan.error(
                f"第{row['row']}{word}“{h.get('parent_code', '上级区划代码')}”："
                f"上级区划 {parent} 既不在文件中，也不在系统中。"
            )
        if parent == row["code"]:
            plan.error(f"第{row['row']}{word}：上级区划不能是自己。")
    if plan.errors:
        return
    # Parents before children, whatever the order in the file.
    depth: dict[str, int] = {}
    by_code = {r["code"]: r for r in plan.rows}

    def level_of(code: str, trail: tuple = ()) -> int:
        if code in depth:
            return depth[code]
        if code in trail:
            plan.error(f"区划 {code} 的上级关系成环。")
            return 0
        parent = by_code.get(code, {}).get("parent_code", "")
        depth[code] = 0 if parent not in by_code else level_of(parent, (*trail, code)) + 1
        return depth[code]

    plan.rows.sort(key=lambda r: (level_of(r["code"]), r["row"]))
    existing = {r.code: r for r in Region.objects.filter(code__in=in_file).select_related("parent")}
    level_label = dict(RegionLevel.choices)

    def shown(row_or_region) -> dict[str, str]:
        if isinstance(row_or_region, Region):
            r = row_or_region
            values = (r.name, r.level, r.unit_type, r.parent.code if r.parent_id else "")
        else:
            r = row_or_region
            values = (r["name"], r["level"], r["unit_type"], r.get("parent_code", ""))
        name, level, unit_type, parent = values
        return {
            "名称": name,
            "层级": level_label.get(level, level),
            "单位类型": unit_type,
            "上级区划代码": parent,
        }

    _master_counts(plan, existing, shown)


def _validate_departments(
    plan: ImportPlan, mapping: HeaderMapping, word: str, county: Region
) -> None:
    h = mapping.headers
    for field_name in ("code", "short_name"):
        seen: dict[str, int] = {}
        for row in plan.rows:
            value = row.get(field_name, "")
            if value in seen:
                plan.error(
                    f"第{row['row']}{word}“{h[field_name]}”：{value} 与第{seen[value]}{word}重复。"
                )
            seen.setdefault(value, row["row"])
    limits = {"code": 16, "name": 128, "short_name": 64, "kind": 64}
    for row in plan.rows:
        for f, limit in limits.items():
            if len(row.get(f, "")) > limit:
                plan.error(f"第{row['row']}{word}“{h[f]}”：超过 {limit} 个字。")
    if plan.errors:
        return
    existing = {d.code: d for d in Department.objects.filter(county=county)}
    owner = {d.short_name: d.code for d in existing.values()}
    for row in plan.rows:
        other = owner.get(row["short_name"])
        if other and other != row["code"]:
            plan.error(
                f"第{row['row']}{word}“{h['short_name']}”：简称“{row['short_name']}”"
                f"已属于部门 {other}。"
            )

    def shown(row_or_department) -> dict[str, str]:
        if isinstance(row_or_department, Department):
            d = row_or_department
            return {"全称": d.name, "简称": d.short_name, "机构类别": d.kind}
        r = row_or_department
        return {"全称": r["name"], "简称": r["short_name"], "机构类别": r.get("kind", "")}

    _master_counts(plan, existing, shown)


def _master_counts(
    plan: ImportPlan, existing: dict, shown: Callable[[Any], dict[str, str]]
) -> None:
    """Counts and, per row, what will be created or which fields change (old → new)."""
    created, updated = [], []
    for row in plan.rows:
        current = existing.get(row["code"])
        after = shown(row)
        if current is None:
            created.append(
                {"row": row["row"], "code": row["code"], "name": row["name"], "fields": after}
            )
            continue
        before = shown(current)
        changes = [
            {"label": label, "old": before[label], "new": value}
            for label, value in after.items()
            if before[label] != value
        ]
        if changes:
            updated.append(
                {"row": row["row"], "code": row["code"], "name": row["name"], "changes": changes}
            )
    plan.counts = {
        "rows": len(plan.rows),
        "created": len(created),
        "updated": len(updated),
        "unchanged": len(plan.rows) - len(created) - len(updated),
    }
    plan.changes = {
        "created": created[:PREVIEW_LIMIT],
        "updated": updated[:PREVIEW_LIMIT],
        "created_more": max(0, len(created) - PREVIEW_LIMIT),
        "updated_more": max(0, len(updated) - PREVIEW_LIMIT),
    }


@transaction.atomic
def master_import_commit(
    *,
    target: str,
    rows: list[dict],
    county: Region | None = None,
    user=None,
    file_name: str = "",
    counts: dict | None = None,
) -> dict:
    """Upsert every row through the region/department services, all or nothing."""
    if target == ImportTarget.REGIONS:
        regions: dict[str, Region] = {}
        for row in rows:
            parent_code = row.get("parent_code") or ""
            parent = None
            if parent_code:
                parent = regions.get(parent_code) or Region.objects.get(code=parent_code)
            regions[row["code"]] = region_upsert(
                code=row["code"],
                name=row["name"],
                level=row["level"],
                unit_type=row["unit_type"],
                parent=parent,
            )
        anchor = next(iter(regions.values()), None)
    else:
        for row in rows:
            department_upsert(
                county=county,
                code=row["code"],
                name=row["name"],
                short_name=row["short_name"],
                kind=row.get("kind", ""),
            )
        anchor = county
    result = {"target": target, "rows": len(rows), "file_name": file_name}
    if counts:
        result["counts"] = {
            k: counts[k] for k in ("created", "updated", "unchanged") if k in counts
        }
    if anchor is not None:
        log(instance=anchor, action="registry.master.import", user=user, data=result)
    return result


# --- jobs: the two-step import across web processes --------------------------------------------


@transaction.atomic
def import_job_create(
    *,
    target: str,
    region: Region | None,
    file_name: str,
    data: bytes,
    kind: str = "",
    page_id: int | None = None,
    header: dict | None = None,
    user=None,
) -> ImportJob:
    """Store an upload in the database (not a local temp file) until it is confirmed."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"文件大小超过上限 {MAX_UPLOAD_BYTES // 1024 // 1024} MB，请拆分后分批导入。"
        )
    if not data:
        raise ValidationError("文件是空的。")
    job = ImportJob(
        target=target,
        region=region,
        kind=kind,
        page_id=page_id,
        file_name=file_name[:255],
        file_size=len(data),
        data=data,
        header=header or {},
        created_by=user,
    )
    job.save()
    return job


def import_job_process(*, job_id: int) -> ImportJob:
    """Parse and preview a stored upload; progress is written as it goes (visible to pollers)."""
    job = ImportJob.objects.select_related("region").get(pk=job_id)
    if job.status not in (ImportStatus.QUEUED, ImportStatus.PROCESSING):
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PROCESSING)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total)

    try:
        if job.target == ImportTarget.LIST:
            plan = list_import_prepare(
                region=job.region,
                kind=job.kind,
                file_name=job.file_name,
                data=bytes(job.data),
                progress=progress,
            )
        else:
            plan = master_import_prepare(
                target=job.target,
                file_name=job.file_name,
                data=bytes(job.data),
                county=job.region,
                progress=progress,
            )
        # The result is written in a savepoint: if the database refuses it, the failure below
        # can still be recorded, so no job is ever left "processing".
        with transaction.atomic():
            job.refresh_from_db()
            job.status = ImportStatus.READY if plan.ok else ImportStatus.INVALID
            job.errors, job.warnings = plan.errors, plan.warnings
            job.preview = plan.preview()
            job.payload = plan.rows if plan.ok else []
            job.base_version_id = plan.base_version.pk if plan.base_version else None
            job.rows_total = job.rows_done = len(plan.rows) if plan.ok else job.rows_total
            job.save()
    except Exception:
        logger.exception("import job %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, errors=["处理文件时发生内部错误，请联系管理员。"]
        )
    job.refresh_from_db()
    return job


@task()
def import_job_process_task(job_id: int) -> None:
    import_job_process(job_id=job_id)


@transaction.atomic
def import_job_commit(*, job: ImportJob, user=None) -> ImportJob:
    """Confirm a previewed import. Refuses if the list changed since the preview."""
    job = ImportJob.objects.select_for_update(of=("self",)).select_related("region").get(pk=job.pk)
    if job.status == ImportStatus.COMMITTED:
        raise ValidationError("该文件已经导入，不能重复确认。")
    if job.status != ImportStatus.READY:
        raise ValidationError("该导入尚未通过校验，不能确认。")
    if job.target == ImportTarget.LIST:
        duty_list = DutyList.objects.filter(region=job.region, kind=job.kind).first()
        current = selectors.version_in_force(duty_list=duty_list) if duty_list else None
        if (current.pk if current else None) != job.base_version_id:
            raise ValidationError("预览之后清单已发布了新版本，请重新上传文件生成预览。")
        result = _commit_rows(
            region=job.region,
            kind=job.kind,
            rows=job.payload,
            header=job.header,
            user=user,
            page_id=job.page_id,
            file_name=job.file_name,
            counts=job.preview.get("counts", {}),
        )
    else:
        result = master_import_commit(
            target=job.target,
            rows=job.payload,
            county=job.region,
            user=user,
            file_name=job.file_name,
            counts=job.preview.get("counts", {}),
        )
    job.status = ImportStatus.COMMITTED
    job.result = result
    job.committed_by = user
    job.committed_at = timezone.now()
    job.save()
    return job


# --- housekeeping ------------------------------------------------------------------------------

FINISHED_STATUSES = (ImportStatus.COMMITTED, ImportStatus.INVALID, ImportStatus.FAILED)
PENDING_STATUSES = (ImportStatus.QUEUED, ImportStatus.PROCESSING, ImportStatus.READY)


@dataclasses.dataclass(frozen=True)
class PurgeResult:
    finished: int  # confirmed, invalid or failed jobs past the retention period
    abandoned: int  # previews never confirmed (or stuck in processing) past the grace period
    bytes: int  # uploaded file bytes released

    @property
    def total(self) -> int:
        return self.finished + self.abandoned


def import_jobs_purge_queryset(*, days: int = 30, pending_days: int = 1, now=None):
    """The jobs a purge would delete (uploaded bytes must not stay in the database forever)."""
    if days < 0 or pending_days < 0:
        raise ValueError("days must not be negative")
    now = now or timezone.now()
    finished = ImportJob.objects.filter(
        status__in=FINISHED_STATUSES, created_at__lt=now - timezone.timedelta(days=days)
    )
    abandoned = ImportJob.objects.filter(
        status__in=PENDING_STATUSES, created_at__lt=now - timezone.timedelta(days=pending_days)
    )
    return finished, abandoned


@transaction.atomic
def import_jobs_purge(
    *, days: int = 30, pending_days: int = 1, dry_run: bool = False, now=None
) -> PurgeResult:
    """Delete old import jobs with their uploaded bytes; the audit log keeps what was imported.

    Finished jobs (confirmed, invalid, failed) go after ``days``; previews nobody
    confirmed (and jobs stuck in processing) after ``pending_days``.
    """
    finished, abandoned = import_jobs_purge_queryset(days=days, pending_days=pending_days, now=now)
    total_bytes = sum(
        qs.aggregate(total=models.Sum("file_size"))["total"] or 0 for qs in (finished, abandoned)
    )
    if dry_run:
        return PurgeResult(
            finished=finished.count(), abandoned=abandoned.count(), bytes=total_bytes
        )
    # ImportJob has no dependent rows, so delete() is one DELETE per queryset.
    result = PurgeResult(
        finished=finished.delete()[0], abandoned=abandoned.delete()[0], bytes=total_bytes
    )
    if result.total:
        logger.info(
            "purged %s import jobs (%s finished, %s abandoned, %s bytes)",
            result.total,
            result.finished,
            result.abandoned,
            result.bytes,
        )
    return result
