"""People's decisions on what a task is, kept as evidence for later checks in the same county.

Two ways in: the reviewer of an admission request decides it (``decision_from_admission``), or a
user with the ``registry.add_checkdecision`` permission corrects a stored check by choosing the
right item or confirming 清单外 (``check_correct``).  ``registry.services.checks`` reads them
back through ``registry.selectors.decision_precedents`` (one county, one target level).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from registry.enums import AdmissionStatus, CheckVerdict, DecisionSource, RegionLevel
from registry.kinds import KIND_TO_VERDICT, LEVEL_TOWNSHIP, LEVEL_VILLAGE
from registry.models import AdmissionRequest, AssignmentCheck, CheckDecision, Region

CORRECT_PERMISSION = "registry.add_checkdecision"
UNLISTED_CHOICE = "unlisted"
MAX_NOTE_LENGTH = 200


def user_can_correct(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(CORRECT_PERMISSION))


def _item_choices(check: AssignmentCheck) -> dict[str, dict]:
    """The items a correction may choose: those the check cited or offered as candidates."""
    result = check.result
    out: dict[str, dict] = {}
    for key in ("matches", "review_candidates", "candidates"):
        for m in result.get(key, []):
            out.setdefault(m["code"], m)
    return out


@transaction.atomic
def check_correct(*, check: AssignmentCheck, user, choice: str, note: str = "") -> CheckDecision:
    """Record what ``check``'s task really is: ``choice`` is an item code the check showed, or
    ``"unlisted"`` to confirm 清单外.  The stored check itself never changes."""
    if not user_can_correct(user):
        raise PermissionDenied("只有具备“人工认定”权限的用户可以更正审查结果。")
    county = check.region.county
    if county is None:
        raise ValidationError({"choice": "该审查记录的承接单位不属于任何县，无法记录。"})
    level = LEVEL_TOWNSHIP if check.region.level == RegionLevel.TOWNSHIP else LEVEL_VILLAGE
    item: dict = {}
    if choice != UNLISTED_CHOICE:
        item = _item_choices(check).get(choice) or {}
        if not item:
            raise ValidationError(
                {"choice": "请从审查结果列出的事项中选择，或确认属于清单外事项。"}
            )
    verdict = KIND_TO_VERDICT[item["list_kind"]] if item else CheckVerdict.UNLISTED
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError({"note": f"说明不能超过{MAX_NOTE_LENGTH}字（现为{len(note)}字）。"})
    # The newest decision again (a second click, a resubmitted page) is the same decision: one
    # record. Another choice or another note is a new decision; the check counts by its newest
    # (selectors.decision_precedents), the earlier ones stay on record.
    AssignmentCheck.objects.select_for_update().filter(pk=check.pk).first()  # one at a time
    latest = check.decisions.first()
    if latest is not None and (latest.verdict, latest.item_code, latest.note) == (
        verdict,
        item.get("code", ""),
        note,
    ):
        return latest
    return decision_record(
        county=county,
        target_level=level,
        text=check.text,
        verdict=verdict,
        list_kind=item.get("list_kind", ""),
        item_code=item.get("code", ""),
        item_name=item.get("name", ""),
        source=DecisionSource.CORRECTION,
        user=user,
        note=note,
        assignment_check=check,
    )


@transaction.atomic
def decision_from_admission(*, request: AdmissionRequest, user) -> CheckDecision | None:
    """An approved request (with its item code) or a rejected one becomes evidence."""
    level = LEVEL_TOWNSHIP if request.target_level == RegionLevel.TOWNSHIP else LEVEL_VILLAGE
    text = f"{request.item_name}：{request.content}"
    if request.status == AdmissionStatus.APPROVED and request.item_code:
        return decision_record(
            county=request.county,
            target_level=level,
            text=text,
            verdict=KIND_TO_VERDICT[request.list_kind],
            list_kind=request.list_kind,
            item_code=request.item_code,
            item_name=request.item_name,
            source=DecisionSource.ADMISSION,
            user=user,
            note=f"已批准准入（{request.decision_document_no}）",
            admission_request=request,
        )
    if request.status == AdmissionStatus.REJECTED:
        return decision_record(
            county=request.county,
            target_level=level,
            text=text,
            verdict=CheckVerdict.UNLISTED,
            source=DecisionSource.ADMISSION,
            user=user,
            note=f"准入申请被驳回：{request.decision_reason}",
            admission_request=request,
        )
    return None


@transaction.atomic
def decision_record(
    *,
    county: Region,
    target_level: str,
    text: str,
    verdict: str,
    source: str,
    user,
    list_kind: str = "",
    item_code: str = "",
    item_name: str = "",
    note: str = "",
    assignment_check: AssignmentCheck | None = None,
    admission_request: AdmissionRequest | None = None,
) -> CheckDecision:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "认定的事项内容不能为空。"})
    if verdict not in CheckVerdict.values or verdict == CheckVerdict.REVIEW:
        raise ValidationError({"verdict": f"认定结论“{verdict}”无效。"})
    if source not in DecisionSource.values:
        raise ValidationError({"source": f"未知的来源“{source}”。"})
    decision = CheckDecision(
        county=county,
        target_level=target_level,
        text=text,
        verdict=verdict,
        list_kind=list_kind,
        item_code=item_code,
        item_name=item_name[:200],
        source=source,
        note=note,
        assignment_check=assignment_check,
        admission_request=admission_request,
        decided_by=user if user is not None and user.is_authenticated else None,
    )
    decision.full_clean()
    decision.save()
    return decision
