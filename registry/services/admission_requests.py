"""准入申请: a department applies to add a task for townships or villages; the county decides.

States (``AdmissionStatus``): 待审核 → 已批准 / 已驳回 / 退回修改 (→ 待审核 again) ; 已批准 → 已退出.
公布 is not a state here: the approved item is added to the draft of the list's next version (by
``cms.admission``) and is *published* when that version is, through the normal 清单审核 workflow;
the public register derives it from the list (``selectors.admission_register``).

Deadlines are in working days (domain.md §5): the application must come at least
``APPLY_LEAD_WORKING_DAYS`` before the start, the decision is due within ``DECIDE_WORKING_DAYS``.
The working-day calendar is passed in (``calendar``: anything with ``add_working_days`` and
``working_days_between``, e.g. ``mashangjian.workdays.WorkCalendar``), so this module does not
depend on where holidays are kept.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from registry.enums import AdmissionStatus, CheckSource, ListKind, RegionLevel
from registry.models import AdmissionRequest, Department, Region
from registry.models.checks import APPLY_LEAD_WORKING_DAYS, DECIDE_WORKING_DAYS
from registry.models.items import targets_text
from registry.services.checks import check_run
from registry.services.decisions import decision_from_admission

DEFAULT_APPROVING_GROUP = "县级审核员"
LEVEL_LIST_KINDS = {
    RegionLevel.VILLAGE: (ListKind.VILLAGE_ASSIST,),
    RegionLevel.TOWNSHIP: (ListKind.TOWNSHIP_COOPERATE, ListKind.TOWNSHIP_BASIC),
}


def approving_group_for(county: Region) -> str:
    """The group that decides for ``county``: ``ADMISSION_APPROVING_GROUPS[county code]``, else
    the county's own group named ``<county><ADMISSION_APPROVING_GROUP>`` (default 林源县县级审核员;
    社会工作部, 编办 or a joint conference, as the county rules). Never one group for every
    county: another county's reviewers would decide this county's requests."""
    per_county = getattr(settings, "ADMISSION_APPROVING_GROUPS", {}) or {}
    role = getattr(settings, "ADMISSION_APPROVING_GROUP", "") or DEFAULT_APPROVING_GROUP
    return per_county.get(county.code) or f"{county.name}{role}"


def user_can_decide(user, request: AdmissionRequest) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.pk == request.submitted_by_id:
        return False  # nobody decides on their own application
    return user.is_superuser or user.groups.filter(name=request.approving_group).exists()


def _save(request: AdmissionRequest, reason: str, user=None) -> None:
    request._change_reason = reason
    if user is not None and user.is_authenticated:
        request._history_user = user
    request.full_clean(exclude=["assignment_check", "submitted_by"])
    request.save()


def _validate(  # noqa: C901 - a form validator: one check per field
    *,
    department: Department,
    target_level: str,
    list_kind: str,
    target_regions: Sequence[Region],
    fields: dict,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
) -> None:
    errors: dict[str, str] = {}
    labels = {
        "item_name": "事项名称",
        "basis": "法律法规依据",
        "content": "工作内容",
        "funding": "经费保障（费随事转）",
        "staff": "人员与工作条件（权随责走）",
    }
    for name, label in labels.items():
        if not (fields.get(name) or "").strip():
            errors[name] = f"请填写“{label}”。"
    if target_level not in LEVEL_LIST_KINDS:
        errors["target_level"] = "承接层级须为乡镇（街道）或村（社区）。"
    elif list_kind not in LEVEL_LIST_KINDS[target_level]:
        allowed = "、".join(str(ListKind(k).label) for k in LEVEL_LIST_KINDS[target_level])
        errors["list_kind"] = f"交由该层级承担的事项只能纳入：{allowed}。"
    for region in target_regions:
        county = region.county
        if county is None or county.pk != department.county_id:
            errors["target_regions"] = f"承接单位“{region.name}”不在{department.county.name}。"
            break
        if target_level in LEVEL_LIST_KINDS and region.level != target_level:
            errors["target_regions"] = (
                f"承接单位“{region.name}”是{RegionLevel(region.level).label}，"
                f"与承接层级“{RegionLevel(target_level).label}”不符：请只选"
                f"{RegionLevel(target_level).label}，或改选承接层级。"
            )
            break
    if period_start is None:
        errors["period_start"] = "请填写开始日期。"
    elif period_end is not None and period_end < period_start:
        errors["period_end"] = "结束日期不能早于开始日期。"
    if errors:
        raise ValidationError(errors)


def _deadlines(request: AdmissionRequest, *, today: datetime.date, calendar) -> None:
    lead = calendar.working_days_between(today, request.period_start)
    if lead < APPLY_LEAD_WORKING_DAYS:
        raise ValidationError(
            {
                "period_start": f"准入申请须在事项开始前至少{APPLY_LEAD_WORKING_DAYS}个工作日提出："
                f"开始日期{request.period_start:%Y-%m-%d}距今天仅{lead}个工作日，请推迟开始日期。"
            }
        )
    due = calendar.add_working_days(today, DECIDE_WORKING_DAYS)
    request.submitted_on = today
    request.lead_working_days = lead
    request.decision_due = due.due
    # The lead count may cross a year with no holiday data as well as the decision deadline.
    years = set(getattr(due, "unknown_years", ()))
    if hasattr(calendar, "unknown_years"):
        years |= calendar.unknown_years(today, request.period_start)
        request.deadline_warning = calendar.years_warning(years)[:200]
    else:
        request.deadline_warning = getattr(due, "warning", "")[:200]


def _recipients(request: AdmissionRequest) -> list[str]:
    """Who hears of a decision: the applicant and the department's account holders."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    wanted = Q(pk=request.submitted_by_id)
    if request.department.account_group_id:
        wanted |= Q(groups=request.department.account_group_id)
    return sorted(set(users.filter(wanted).values_list("email", flat=True)))


def _notify(request: AdmissionRequest, what: str) -> None:
    """Tell the requester by email once the decision is committed (the admin list and the
    request's page show the same state and history)."""
    recipients = _recipients(request)
    if not recipients:
        return
    subject = f"准入申请“{request.item_name}”：{what}"
    lines = [
        f"{request.department.name}提交的准入申请“{request.item_name}”{what}。",
        f"当前状态：{request.get_status_display()}。",
    ]
    if request.decision_reason and request.status != AdmissionStatus.APPROVED:
        lines.append(f"审批意见：{request.decision_reason}")
    if request.revoke_reason and request.status == AdmissionStatus.REVOKED:
        lines.append(f"退出理由：{request.revoke_reason}（{request.revoke_document_no}）")
    if request.decision_document_no and request.status == AdmissionStatus.APPROVED:
        lines.append(
            f"审定文号：{request.decision_document_no}；事项将纳入清单下一版，经审核发布。"
        )
    lines.append("请登录后台“准入审查”查看详情。")
    transaction.on_commit(
        lambda: send_mail(
            subject,
            "\n".join(lines),
            None,
            recipients,
            fail_silently=True,
        )
    )


def _attach_check(request: AdmissionRequest, *, user) -> None:
    """Run the admission check on the proposed task for a target unit (the first named one, or
    any unit of that level in the county: the lists are county-wide)."""
    unit = request.target_regions.order_by("code").first() if request.pk else None
    if unit is None:
        unit = (
            Region.objects.filter(level=request.target_level)
            .filter(parent=request.county)
            .order_by("code")
            .first()
            or Region.objects.filter(level=request.target_level, parent__parent=request.county)
            .order_by("code")
            .first()
        )
    if unit is None:
        return
    try:
        with transaction.atomic():
            request.assignment_check = check_run(
                region=unit,
                text=f"{request.item_name}：{request.content}",
                department=request.department,
                on=request.period_start,
                source=CheckSource.ADMISSION,
                user=user,
            )
    except ValidationError:
        request.assignment_check = None  # no list in force yet: the reviewers decide without it


# What the applicant writes: filled in on submission, changed on resubmission.
APPLICANT_FIELDS = (
    "item_name", "domain", "basis", "content", "period_start", "period_end",
    "funding", "staff", "assessment",
)  # fmt: skip


def _write(request: AdmissionRequest, values: dict) -> None:
    """Set the applicant's ``values`` on ``request``, text stripped."""
    for name, value in values.items():
        setattr(request, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def admission_request_submit(
    *,
    department: Department,
    item_name: str,
    basis: str,
    content: str,
    period_start: datetime.date | None,
    funding: str,
    staff: str,
    user,
    calendar,
    target_level: str = RegionLevel.VILLAGE,
    list_kind: str = ListKind.VILLAGE_ASSIST,
    target_regions: Sequence[Region] = (),
    period_end: datetime.date | None = None,
    assessment: str = "",
    domain: str = "",
    today: datetime.date | None = None,
    subject: str = "task",
) -> AdmissionRequest:
    fields = {
        "item_name": item_name,
        "basis": basis,
        "content": content,
        "funding": funding,
        "staff": staff,
    }
    _validate(
        department=department,
        target_level=target_level,
        list_kind=list_kind,
        target_regions=target_regions,
        fields=fields,
        period_start=period_start,
        period_end=period_end,
    )
    request = AdmissionRequest(
        county=department.county,
        department=department,
        target_level=target_level,
        list_kind=list_kind,
        status=AdmissionStatus.SUBMITTED,
        approving_group=approving_group_for(department.county),
        submitted_by=user,
        subject=subject,
    )
    _write(
        request,
        {
            **fields,
            "domain": domain,
            "assessment": assessment,
            "period_start": period_start,
            "period_end": period_end,
        },
    )
    _deadlines(request, today=today or timezone.localdate(), calendar=calendar)
    _save(request, "提交准入申请", user)
    request.target_regions.set(target_regions)
    _attach_check(request, user=user)
    if request.assignment_check_id:
        request.save(update_fields=["assignment_check"])
    return request


@transaction.atomic
def admission_request_resubmit(
    *, request: AdmissionRequest, user, calendar, today: datetime.date | None = None, **changes
) -> AdmissionRequest:
    """Resubmit a request that was returned for changes (退回修改), with the changed fields."""
    if request.status != AdmissionStatus.RETURNED:
        raise ValidationError(f"申请当前状态为“{request.get_status_display()}”，不能重新提交。")
    if user.pk != request.submitted_by_id and not user.is_superuser:
        raise PermissionDenied("只有申请人可以修改并重新提交申请。")
    target_regions = changes.pop("target_regions", None)
    unknown = set(changes) - set(APPLICANT_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    _write(request, changes)
    regions = (
        list(target_regions) if target_regions is not None else list(request.target_regions.all())
    )
    _validate(
        department=request.department,
        target_level=request.target_level,
        list_kind=request.list_kind,
        target_regions=regions,
        fields={
            f: getattr(request, f) for f in ("item_name", "basis", "content", "funding", "staff")
        },
        period_start=request.period_start,
        period_end=request.period_end,
    )
    _deadlines(request, today=today or timezone.localdate(), calendar=calendar)
    request.status = AdmissionStatus.SUBMITTED
    if target_regions is not None:
        request.target_regions.set(regions)
    _attach_check(request, user=user)
    _save(request, "修改后重新提交", user)
    return request


DECISIONS = {
    "approve": AdmissionStatus.APPROVED,
    "reject": AdmissionStatus.REJECTED,
    "return": AdmissionStatus.RETURNED,
}


@transaction.atomic
def admission_request_decide(
    *,
    request: AdmissionRequest,
    user,
    decision: str,
    reason: str = "",
    document_no: str = "",
    today: datetime.date | None = None,
) -> AdmissionRequest:
    """Approve (批准, needs the 文号), reject (驳回, needs reasons) or return for changes."""
    if decision not in DECISIONS:
        raise ValueError(decision)
    if not user_can_decide(user, request):
        if user is not None and user.pk == request.submitted_by_id:
            raise PermissionDenied("申请人不能审批自己提交的准入申请。")
        raise PermissionDenied(f"只有“{request.approving_group}”的成员可以审批准入申请。")
    if request.status != AdmissionStatus.SUBMITTED:
        raise ValidationError(f"申请当前状态为“{request.get_status_display()}”，不能审批。")
    reason = reason.strip()
    document_no = document_no.strip()
    if decision in ("reject", "return") and not reason:
        raise ValidationError({"reason": "驳回或退回修改时须写明理由。"})
    if decision == "approve" and not document_no:
        raise ValidationError({"document_no": "批准准入须填写审定文号。"})
    request.status = DECISIONS[decision]
    request.decision_reason = reason
    if decision != "return":
        request.decided_by = user
        request.decided_on = today or timezone.localdate()
        request.decision_document_no = document_no
    what = {"approve": "已批准准入", "reject": "未予准入（驳回）", "return": "已退回修改"}[decision]
    _save(request, {"approve": "批准准入", "reject": "驳回", "return": "退回修改"}[decision], user)
    _notify(request, what)
    if decision == "reject":  # an approval becomes evidence once its item has a code
        decision_from_admission(request=request, user=user)
    return request


@transaction.atomic
def admission_request_link_draft(
    *, request: AdmissionRequest, page_id: int, item_code: str
) -> AdmissionRequest:
    """Record which list page draft carries the admitted item, under which stable code."""
    request.draft_page_id = page_id
    request.item_code = item_code
    _save(request, "已加入清单草稿")
    decision_from_admission(request=request, user=request.decided_by)
    return request


@transaction.atomic
def admission_request_revoke(
    *,
    request: AdmissionRequest,
    user,
    reason: str,
    document_no: str,
    today: datetime.date | None = None,
) -> AdmissionRequest:
    """退出/撤销 an admitted item (the item leaves the list in its next version)."""
    if not user_can_decide(user, request) and not (user is not None and user.is_superuser):
        raise PermissionDenied(f"只有“{request.approving_group}”的成员可以决定退出。")
    if request.status != AdmissionStatus.APPROVED:
        raise ValidationError(f"申请当前状态为“{request.get_status_display()}”，不能退出。")
    if not reason.strip() or not document_no.strip():
        raise ValidationError("退出须写明理由并填写文号。")
    request.status = AdmissionStatus.REVOKED
    request.revoked_by = user
    request.revoked_on = today or timezone.localdate()
    request.revoke_reason = reason.strip()
    request.revoke_document_no = document_no.strip()
    _save(request, "退出", user)
    _notify(request, "已决定退出")
    return request


# --- the terms an approval puts on the list -----------------------------------------------------


def admission_term(request: AdmissionRequest) -> str:
    """实施期限 as carried onto the list: from the start, to the end or open-ended."""
    end = f"{request.period_end:%Y-%m-%d}" if request.period_end else "长期"
    return f"{request.period_start:%Y-%m-%d}至{end}"


def admission_item_terms(request: AdmissionRequest) -> dict[str, str]:
    """The item fields an approval decides (``registry.columns.ADMISSION_FIELDS``): the approval is their authority,
    on the draft it adds to and in any import that touches the item later."""
    return {
        "targets": targets_text(sorted(request.target_regions.all(), key=lambda t: t.code)),
        "admission_no": request.decision_document_no,
        "term": admission_term(request),
        "funding": request.funding,
        "staff": request.staff,
    }


def admission_item_note(request: AdmissionRequest) -> str:
    """备注 of an admitted item: the decision and, when restricted, the units by name."""
    note = f"经准入审定（{request.decision_document_no}）"
    targets = sorted(request.target_regions.all(), key=lambda t: t.code)
    if targets:
        note += f"；承接单位：{'、'.join(t.name for t in targets)}"
    return note[:2000]


def admissions_for_list(*, region: Region, kind: str) -> dict[str, list[AdmissionRequest]]:
    """Requests whose item is (approved) or was (revoked) on ``region``'s list of ``kind``, by
    state: ``{"approved": [...], "revoked": [...]}`` (two queries)."""
    qs = (
        AdmissionRequest.objects.filter(
            county=region,
            list_kind=kind,
            status__in=(AdmissionStatus.APPROVED, AdmissionStatus.REVOKED),
        )
        .exclude(item_code="")
        .select_related("department")
        .prefetch_related("target_regions")
        .order_by("pk")
    )
    found: dict[str, list[AdmissionRequest]] = {"approved": [], "revoked": []}
    for r in qs:
        found["approved" if r.status == AdmissionStatus.APPROVED else "revoked"].append(r)
    return found
