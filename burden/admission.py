"""Adding a form to the 基层报表目录 goes through the admission procedure of a task
(准入申请 → 审核 → 准入), reusing ``registry.services.admission_requests``: the request is of
subject ``form`` and the admission check runs on the form's title and purpose; approval takes
the form into the catalogue (目录内, with the decision's 文号) instead of adding a list item.
Until then the form is 待准入 and not in force anywhere (lists, API, load picture)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from registry.enums import RegionLevel
from registry.models import AdmissionRequest
from registry.services import admission_requests as services

from .enums import FilledBy, FormStatus
from .models import ReportForm


@transaction.atomic
def form_admission_submit(
    *,
    form: ReportForm,
    user,
    calendar,
    basis: str,
    funding: str,
    staff: str,
    period_start: datetime.date | None,
    today: datetime.date | None = None,
) -> AdmissionRequest:
    """File the admission request of a 待准入 form (one request per form)."""
    form = ReportForm.objects.select_for_update().get(pk=form.pk)
    if form.status != FormStatus.PENDING:
        raise ValidationError(
            f"报表 {form.number} 状态为“{form.get_status_display()}”，无需准入申请。"
        )
    if form.admission_request_id:
        raise ValidationError(f"报表 {form.number} 已提交准入申请。")
    level = RegionLevel.TOWNSHIP if form.filled_by == FilledBy.TOWNSHIP else RegionLevel.VILLAGE
    request = services.admission_request_submit(
        department=form.department,
        item_name=form.title,
        content=form.purpose or form.title,
        basis=basis,
        funding=funding,
        staff=staff,
        period_start=period_start,
        period_end=form.valid_until,
        target_level=level,
        user=user,
        calendar=calendar,
        today=today,
        subject="form",
    )
    form.admission_request = request
    form._change_reason = "提交报表准入申请"
    form.save(update_fields=["admission_request"])
    return request


@transaction.atomic
def form_admission_approve(*, request: AdmissionRequest, user, document_no: str, reason: str = ""):
    """Approve the request (its rules: the approving group, never the applicant, a 文号) and
    take the form into the catalogue from the request's start date."""
    form = ReportForm.objects.select_for_update().filter(admission_request=request).first()
    if form is None or form.status != FormStatus.PENDING:
        raise ValidationError("找不到待准入的报表，不能批准。")
    request = services.admission_request_decide(
        request=request, user=user, decision="approve", reason=reason, document_no=document_no
    )
    form.status = FormStatus.IN_CATALOGUE
    form.approval = form.approval or request.decision_document_no
    form.valid_from = form.valid_from or request.period_start
    form.full_clean()
    form._change_reason = f"准入批准（{request.decision_document_no}）"
    form.save()
    return request
