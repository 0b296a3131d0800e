"""Every step after submission: the office's decisions (受理, 不予受理, 改派, 审核), the handling
unit's extension and answer, the reporter's rating, notes and typical cases. Each checks the
role and the state, records a history reason and, for staff, a Wagtail audit-log entry."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from registry.models import Department

from ... import selectors
from ...enums import (
    DECLINE_POINTERS,
    HANDLE_WORKING_DAYS,
    MAX_EXTENSION_WORKING_DAYS,
    CaseStatus,
    DeclineReason,
    Satisfaction,
)
from ...models import Case, CaseNote
from ...permissions import Scope
from ...protection import redact
from ...visibility import in_conflict


def _save(case: Case, *, reason: str, user=None) -> None:
    case._change_reason = reason
    if user is not None:
        case._history_user = user
    case.save()


def _audit(case: Case, action: str, user, **data) -> None:
    log(instance=case, action=action, user=user, data={"number": case.number, **data})


def _today() -> datetime.date:
    return timezone.localdate()


def _require_office(scope: Scope, case: Case) -> None:
    if not scope.is_office_for(case):
        raise PermissionDenied("只有本县减负机制办可以进行此操作。")


def _require_status(case: Case, *statuses: str) -> None:
    if case.status not in statuses:
        raise ValidationError(f"案件当前状态为“{case.get_status_display()}”，不能进行此操作。")


def _check_not_subject(case: Case, department: Department) -> None:
    if in_conflict(case, department.pk):
        raise ValidationError("不得将案件转交被反映的单位办理（利益冲突回避）。")
    if department.county_id != case.county_id:
        raise ValidationError("承办部门须为本县部门。")


def _handle_due(
    start: datetime.date, county_id: int, days: int = HANDLE_WORKING_DAYS
) -> datetime.date:
    """``days`` working days after ``start`` on the calendar of the case's county."""
    return (
        selectors.work_calendar(years=range(start.year, start.year + 2), county_id=county_id)
        .add_working_days(start, days)
        .due
    )


@transaction.atomic
def case_accept(
    *,
    case: Case,
    scope: Scope,
    user,
    department: Department | None = None,
    direct: bool = False,
    reason: str = "",
) -> Case:
    """受理 and 分办: route to a department (proposed or another, with a reason) or keep it (直接督办)."""
    _require_office(scope, case)
    _require_status(case, CaseStatus.SUBMITTED)
    if not direct:
        if department is None:
            raise ValidationError("请选择承办部门，或选择由机制办直接督办。")
        _check_not_subject(case, department)
        if department.pk != case.proposed_department_id and not reason.strip():
            raise ValidationError("改派至非建议承办部门时须填写理由。")
    now = timezone.now()
    case.status = CaseStatus.HANDLING
    case.decided_at = now
    case.accepted_on_time = timezone.localdate(now) <= case.accept_due
    case.direct = direct
    case.handler_department = None if direct else department
    case.route_reason = reason.strip()
    case.handle_due = _handle_due(timezone.localdate(now), case.county_id)
    label = "受理，机制办直接督办" if direct else f"受理，转{department.short_name}办理"
    _save(case, reason=label, user=user)
    _audit(case, "mashangjian.case.accept", user, handler=label)
    return case


@transaction.atomic
def case_decline(*, case: Case, scope: Scope, user, reason: str, note: str = "") -> Case:
    """不予受理 with a reason and a pointer to the right channel."""
    _require_office(scope, case)
    _require_status(case, CaseStatus.SUBMITTED)
    if reason not in DeclineReason.values:
        raise ValidationError("请选择不予受理的理由。")
    now = timezone.now()
    case.status = CaseStatus.DECLINED
    case.decided_at = now
    case.accepted_on_time = timezone.localdate(now) <= case.accept_due
    case.decline_reason = reason
    case.decline_note = note.strip() or DECLINE_POINTERS[reason]
    _save(case, reason=f"不予受理：{DeclineReason(reason).label}", user=user)
    _audit(case, "mashangjian.case.decline", user, reason=reason)
    return case


@transaction.atomic
def case_reroute(
    *,
    case: Case,
    scope: Scope,
    user,
    reason: str,
    department: Department | None = None,
    direct: bool = False,
) -> Case:
    """Manual re-routing while handling; always needs a reason. The deadline is unchanged."""
    _require_office(scope, case)
    _require_status(case, CaseStatus.HANDLING)
    if not reason.strip():
        raise ValidationError("改派须填写理由。")
    if not direct:
        if department is None:
            raise ValidationError("请选择新的承办部门。")
        _check_not_subject(case, department)
    case.direct = direct
    case.handler_department = None if direct else department
    case.route_reason = reason.strip()
    case.answer_draft = ""
    label = "改由机制办直接督办" if direct else f"改派至{department.short_name}"
    _save(case, reason=f"{label}：{reason.strip()}", user=user)
    _audit(case, "mashangjian.case.reroute", user, handler=label)
    return case


def _require_handler(scope: Scope, case: Case) -> None:
    if case.direct:
        _require_office(scope, case)
    elif not (scope.is_handler_for(case) or scope.is_office_for(case)):
        raise PermissionDenied("只有承办单位可以进行此操作。")


@transaction.atomic
def case_extend(*, case: Case, scope: Scope, user, days: int, reason: str) -> Case:
    """One extension of up to 15 working days, requested before the deadline, with a reason."""
    _require_handler(scope, case)
    _require_status(case, CaseStatus.HANDLING)
    if case.extended:
        raise ValidationError("每件案件只能延期一次。")
    if not 1 <= days <= MAX_EXTENSION_WORKING_DAYS:
        raise ValidationError(f"延期天数须为 1 至 {MAX_EXTENSION_WORKING_DAYS} 个工作日。")
    if not reason.strip():
        raise ValidationError("延期须填写理由。")
    if case.handle_due and _today() > case.handle_due:
        raise ValidationError("已超过办理期限，不能再申请延期。")
    case.handle_due = _handle_due(case.handle_due, case.county_id, days)
    case.extended = True
    case.extension_reason = reason.strip()
    _save(case, reason=f"延期 {days} 个工作日：{reason.strip()}", user=user)
    _audit(case, "mashangjian.case.extend", user, days=days)
    return case


@transaction.atomic
def case_answer(*, case: Case, scope: Scope, user, answer: str) -> Case:
    """The handling unit reports its result; the office reviews it before the reporter sees it."""
    _require_handler(scope, case)
    _require_status(case, CaseStatus.HANDLING)
    if len(answer.strip()) < 10:
        raise ValidationError("请填写办理结果（至少10个字）。")
    case.answer_draft = answer.strip()
    case.status = CaseStatus.REVIEW
    _save(case, reason="承办单位反馈办理结果", user=user)
    _audit(case, "mashangjian.case.answer", user)
    return case


@transaction.atomic
def case_review(
    *, case: Case, scope: Scope, user, approve: bool, public_answer: str = "", note: str = ""
) -> Case:
    """审核: approve (the reporter sees the public answer, the case closes) or send back."""
    _require_office(scope, case)
    _require_status(case, CaseStatus.REVIEW)
    if approve:
        text = (public_answer or case.answer_draft).strip()
        if not text:
            raise ValidationError("请填写向反映人公开的答复。")
        now = timezone.now()
        case.public_answer = text
        case.status = CaseStatus.CLOSED
        case.closed_at = now
        case.closed_on_time = case.handle_due is None or timezone.localdate(now) <= case.handle_due
        case.review_note = note.strip()
        _save(case, reason="审核通过，办结并答复反映人", user=user)
        _audit(case, "mashangjian.case.close", user)
    else:
        if not note.strip():
            raise ValidationError("退回重办须填写审核意见。")
        case.status = CaseStatus.HANDLING
        case.review_note = note.strip()
        _save(case, reason=f"审核退回：{note.strip()}", user=user)
        _audit(case, "mashangjian.case.return", user)
    return case


@transaction.atomic
def case_rate(*, case: Case, satisfaction: str) -> Case:
    """The reporter rates the answer; 不满意 reopens the case once for re-handling."""
    if case.status != CaseStatus.CLOSED:
        raise ValidationError("案件办结后才能评价。")
    if satisfaction not in Satisfaction.values:
        raise ValidationError("请选择满意、基本满意或不满意。")
    if case.satisfaction:
        raise ValidationError("您已评价过该案件。")
    case.satisfaction = satisfaction
    case.rated_at = timezone.now()
    if satisfaction == Satisfaction.UNSATISFIED and not case.reopened:
        case.reopened = True
        case.status = CaseStatus.HANDLING
        case.handle_due = _handle_due(_today(), case.county_id)
        case.closed_at = None
        case.closed_on_time = None
        case.answer_draft = ""
        # Kept as the earlier rating (it counts in 满意率); the case is rated again after
        # re-handling.
        case.first_satisfaction = satisfaction
        case.satisfaction = ""
        _save(case, reason="反映人评价：不满意，案件重办")
        return case
    _save(case, reason=f"反映人评价：{Satisfaction(satisfaction).label}")
    return case


@transaction.atomic
def case_note_add(
    *, case: Case, scope: Scope, user, text: str, office_only: bool = False
) -> CaseNote:
    if not scope.can_view(case):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError("备注不能为空。")
    office_only = office_only and scope.is_office_for(case)
    note = CaseNote.objects.create(
        case=case, author=user, text=text.strip(), office_only=office_only
    )
    _audit(case, "mashangjian.case.note", user)
    return note


@transaction.atomic
def case_mark_typical(
    *, case: Case, scope: Scope, user, title: str, summary: str, publish: bool
) -> Case:
    """The office picks a closed case as typical and publishes it, anonymised, on the public page."""
    _require_office(scope, case)
    _require_status(case, CaseStatus.CLOSED)
    if not title.strip() or len(summary.strip()) < 20:
        raise ValidationError("请填写标题和已脱敏的案例摘要（至少20个字）。")
    case.typical = True
    case.typical_title = title.strip()
    case.typical_summary = redact(summary.strip(), names=(case.contact_name,))
    case.typical_published_at = timezone.now() if publish else None
    _save(case, reason="标记为典型案例并晾晒" if publish else "标记为典型案例", user=user)
    _audit(case, "mashangjian.case.typical", user, published=publish)
    return case


@transaction.atomic
def case_unpublish_typical(*, case: Case, scope: Scope, user) -> Case:
    _require_office(scope, case)
    if not case.typical_published_at:
        raise ValidationError("该案件未作为典型案例公开，无需撤下。")
    case.typical_published_at = None
    _save(case, reason="撤下典型案例", user=user)
    _audit(case, "mashangjian.case.typical", user, published=False)
    return case
