"""Running and storing an admission check (准入审查) against the lists in force.

``check_run`` is the one entry point used by the 查一查 page, the API, the batch command, 码上减
and admission requests.  It resolves the inputs, asks the pure rules (``registry.admission``)
with the cached index of the region (``registry.admission_index``) and stores the result as an
immutable ``AssignmentCheck``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from registry import selectors
from registry.admission import CheckResult, check_task
from registry.admission_cues import CODE_LABELS
from registry.admission_explain import Highlight
from registry.admission_index import RegionIndex, region_index
from registry.enums import CheckSource, CheckVerdict, DecisionSource, ListKind, RegionLevel
from registry.kinds import LEVEL_TOWNSHIP, LEVEL_VILLAGE
from registry.matching import Match
from registry.models import AssignmentCheck, Department, Region
from registry.text import is_meaningful

MAX_TEXT_LENGTH = 2000
# Results older than this schema stay readable: templates and the API read them as stored.
RESULT_SCHEMA = 1


def resolve_region(region: Region | str) -> Region:
    if isinstance(region, Region):
        target = region
    else:
        code = (region or "").strip()
        target = (
            Region.objects.select_related("parent__parent__parent__parent")
            .filter(code=code)
            .first()
        )
        if target is None:
            raise ValidationError({"region": f"找不到区划代码为“{code}”的承接单位。"})
    if target.level not in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE):
        raise ValidationError(
            {
                "region": f"“{target.name}”是{target.get_level_display()}，"
                "承接单位须为乡镇（街道）或村（社区）。"
            }
        )
    return target


def resolve_department(
    department: Department | str | None, *, region: Region
) -> tuple[Department | None, str]:
    """A Department of the region's county by instance, short name or full name; else the text."""
    if department is None:
        return None, ""
    if isinstance(department, Department):
        return department, department.short_name
    name = department.strip()
    if not name:
        return None, ""
    county = region.county
    if county is not None:
        found = (
            Department.objects.filter(county=county, short_name=name).first()
            or Department.objects.filter(county=county, name=name).first()
        )
        if found is not None:
            return found, found.short_name
    return None, name[:128]


def _highlight_json(h: Highlight) -> dict:
    return {"word": h.word, "task": h.task, "item": h.item, "synonym": h.synonym}


def _match_json(m: Match, built: RegionIndex, highlights: tuple[Highlight, ...] = ()) -> dict:
    version = built.versions.get(m.item.list_kind)
    return {
        "list_kind": m.item.list_kind,
        "list_name": str(ListKind(m.item.list_kind).label),
        "code": m.item.code,
        "seq": m.item.seq,
        "name": m.item.name,
        "score": round(m.score, 4),
        "version": m.item.version,
        "document_no": m.item.document_no,
        "effective_from": version.effective_from.isoformat() if version else "",
        "list_region": version.list_region_code if version else "",
        # Only words a reader finds in both the task and the item (see ``highlights``).
        "matched_terms": list(dict.fromkeys(h.item for h in highlights)),
        "highlights": [_highlight_json(h) for h in highlights],
        "content": m.item.content,
        "list_document_no": version.document_no if version else m.item.document_no,
        "department": m.item.department,
        "alternative": m.item.alternative,
    }


def result_json(
    *,
    result: CheckResult,
    built: RegionIndex,
    region: Region,
    text: str,
    department_name: str,
    on: datetime.date,
) -> dict:
    """The stored (and API) shape of a check. Stable: keys are only ever added."""
    verdict = CheckVerdict(result.verdict)
    shown_codes = [result.violation_code, *(f.code for f in result.flags)]
    return {
        "schema": RESULT_SCHEMA,
        "verdict": verdict.value,
        "verdict_label": str(verdict.label),
        "allowed": result.allowed,
        "prohibited": verdict
        in (CheckVerdict.WITHDRAWN, CheckVerdict.NEGATIVE, CheckVerdict.CERTIFICATE_FORBIDDEN),
        "text": text,
        "region": {
            "code": region.code,
            "name": region.name,
            "full_name": region.full_name,
            "level": region.level,
        },
        "department": department_name,
        "date": on.isoformat(),
        "matches": [
            _match_json(m, built, h) for m, h in zip(result.matches, result.highlights, strict=True)
        ],
        "candidates": [
            _match_json(m, built, h)
            for m, h in zip(result.candidates, result.candidate_highlights, strict=True)
        ],
        # Added with the calibrated check (docs/admission.md); older records lack them.
        "confidence": result.confidence,
        "needs_review": verdict == CheckVerdict.REVIEW,
        # The confidence from which the check decides alone (the calibration's threshold).
        "confidence_threshold": result.threshold,
        "suggested_verdict": result.suggested_verdict,
        "suggested_verdict_label": str(CheckVerdict(result.suggested_verdict).label)
        if result.suggested_verdict
        else "",
        "review_reasons": list(result.review_reasons),
        "review_candidates": [
            {
                **_match_json(c.match, built, c.highlights),
                "verdict": c.verdict,
                "verdict_label": str(CheckVerdict(c.verdict).label),
                "why": _why(c.highlights),
            }
            for c in result.review_candidates
        ],
        "similar_decisions": [
            {
                "text": h.precedent.text,
                "verdict": h.precedent.verdict,
                "verdict_label": str(CheckVerdict(h.precedent.verdict).label),
                "item_code": h.precedent.item_code,
                "source": h.precedent.source,
                "source_label": str(DecisionSource(h.precedent.source).label)
                if h.precedent.source in DecisionSource.values
                else "",
                "decided_on": h.precedent.decided_on,
                "similarity": round(h.similarity, 3),
            }
            for h in result.precedents
        ],
        "codes": {c: CODE_LABELS[c] for c in shown_codes if c in CODE_LABELS},
        "consequences": list(result.consequences),
        "flags": [{"code": f.code, "label": f.label, "evidence": f.evidence} for f in result.flags],
        "violation_code": result.violation_code,
        "versions": [
            {
                "list_kind": v.list_kind,
                "list_name": str(ListKind(v.list_kind).label),
                "version": v.number,
                "document_no": v.document_no,
                "effective_from": v.effective_from.isoformat(),
                "list_region": v.list_region_code,
            }
            for v in built.versions.values()
        ],
    }


def _why(highlights: tuple[Highlight, ...]) -> str:
    if not highlights:
        return "与任务文字只有零散的字面相近，没有共同的词语。"
    words = "、".join(
        f"“{h.task}”（同义：{h.item}）" if h.synonym else f"“{h.task}”" for h in highlights[:6]
    )
    return f"任务与该事项都写到{words}。"


@dataclass(frozen=True)
class CheckOutcome:
    """A computed, not yet stored check."""

    region: Region
    department: Department | None
    department_name: str
    on: datetime.date
    text: str
    verdict: str
    result: dict
    version_ids: list[int]


def check_compute(
    *,
    region: Region | str,
    text: str,
    department: Department | str | None = None,
    on: datetime.date | None = None,
) -> CheckOutcome:
    """Resolve the inputs and apply the rules, without storing anything (reads only).

    Raises ``ValidationError`` (Chinese messages, keyed by field) for bad input or when no list
    is in force for the unit on that date.
    """
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写拟交办的事项内容。"})
    if not is_meaningful(text):
        raise ValidationError(
            {"text": "无法识别事项内容：请用中文写明拟交办的具体工作，例如“请各村协助开展……”。"}
        )
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(
            {"text": f"事项内容过长（{len(text)}字），请控制在{MAX_TEXT_LENGTH}字以内。"}
        )
    target = resolve_region(region)
    on = on or timezone.localdate()
    dept, department_name = resolve_department(department, region=target)
    built = region_index(region=target, on=on)
    if not built.versions:
        raise ValidationError(
            {"date": f"{target.full_name}在{on:%Y年%m月%d日}没有现行有效的清单，无法审查。"}
        )
    level = LEVEL_TOWNSHIP if target.level == RegionLevel.TOWNSHIP else LEVEL_VILLAGE
    result = check_task(
        text=text,
        target_level=level,
        index=built.index,
        department=department_name,
        precedents=selectors.decision_precedents(county=target.county, target_level=level),
    )
    # What was asked: kept on the outcome and written into its stored result alike.
    asked = {"region": target, "text": text, "department_name": department_name, "on": on}
    return CheckOutcome(
        **asked,
        department=dept,
        verdict=result.verdict,
        result=result_json(result=result, built=built, **asked),
        version_ids=built.version_ids,
    )


def _validate_source(source: str) -> None:
    if source not in CheckSource.values:
        raise ValidationError({"source": f"未知的来源“{source}”。"})


@transaction.atomic
def check_store(*, outcome: CheckOutcome, source: str, user=None) -> AssignmentCheck:
    _validate_source(source)
    check = AssignmentCheck(
        text=outcome.text,
        region=outcome.region,
        department=outcome.department,
        department_name=outcome.department_name if outcome.department is None else "",
        on=outcome.on,
        source=source,
        user=user if user is not None and getattr(user, "is_authenticated", False) else None,
        verdict=outcome.verdict,
        result=outcome.result,
    )
    check.save()
    check.versions.set(outcome.version_ids)
    return check


@transaction.atomic
def check_run(
    *,
    region: Region | str,
    text: str,
    department: Department | str | None = None,
    on: datetime.date | None = None,
    source: str = CheckSource.WEB,
    user=None,
) -> AssignmentCheck:
    """Check ``text`` as a task for ``region`` on ``on`` (today) and store the check.

    ``region`` is a township or village (instance or 12-digit code); ``department`` a Department,
    or its short or full name (kept as text if it names no department of the county).
    """
    _validate_source(source)  # before the (costly) check, not only when storing it
    outcome = check_compute(region=region, text=text, department=department, on=on)
    return check_store(outcome=outcome, source=source, user=user)
