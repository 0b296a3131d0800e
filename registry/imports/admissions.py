"""Admission decisions over a list import: the approval is the authority over its items.

An admitted item's terms are never read from a file; an admitted item a file leaves out stays on
the list; a revoked item's row is left out (docs/admission.md).
"""

from __future__ import annotations

from registry.columns import TEXT_FIELDS
from registry.enums import AppliesTo
from registry.services.admission_requests import admission_item_note, admission_item_terms

from .plan import ImportPlan


def admitted_item(r) -> dict:
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


def apply_admissions(plan: ImportPlan, admissions: dict, base: list[dict], word: str) -> None:
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
