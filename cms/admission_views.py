"""准入审查 in the Wagtail admin: departments apply, the approving group decides.

Who sees what: a superuser everything; members of a request's approving group the requests they
decide; a department account (``cms.roles.department_role``) its department's requests; everyone
else the requests of their counties (``cms.permissions.user_counties``) and the ones they
submitted. Filing needs a department account (or a superuser); a refusal always says why.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component

from registry import params, selectors
from registry.enums import AdmissionStatus, RegionLevel
from registry.form_errors import form_add_service_errors
from registry.models import AdmissionRequest, Department, Region
from registry.services import admission_requests as services

from .admission import ApproveAdmission, RevokeAdmission, work_calendar
from .models import DutyListPage
from .permissions import user_counties

# What the requester writes about the task, passed to the services as typed; a returned request
# may change these (and its target units), never its department, level or list.
EDITABLE_FIELDS = ("item_name", "domain", "basis", "content", "period_start", "period_end",
                   "funding", "staff", "assessment")  # fmt: skip


class AdmissionRequestForm(forms.ModelForm):
    class Meta:
        model = AdmissionRequest
        fields = ["department", "target_level", "list_kind", "target_regions", *EDITABLE_FIELDS]
        # A date input only shows an ISO value: the locale's 2027/02/01 would leave it blank.
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "target_regions": forms.SelectMultiple(attrs={"size": 10}),
        }

    def __init__(self, *args, counties, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        field.queryset = (
            departments
            if departments is not None
            else Department.objects.filter(county__in=counties)
        )
        if departments is not None and len(own := list(departments[:2])) == 1:
            # A department account files for its own department: nothing to choose.
            field.initial, field.empty_label = own[0].pk, None
        self.fields["target_regions"].queryset = (
            Region.objects.within(counties)
            .filter(level__in=(RegionLevel.TOWNSHIP, RegionLevel.VILLAGE))
            .order_by("code")
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="审批结果",
        choices=[("approve", "批准准入"), ("reject", "驳回"), ("return", "退回修改")],
        widget=forms.RadioSelect,
    )
    document_no = forms.CharField(label="审定文号（批准时必填）", required=False, max_length=128)
    reason = forms.CharField(
        label="审批意见（驳回、退回时必填）", required=False, widget=forms.Textarea
    )


class RevokeForm(forms.Form):
    document_no = forms.CharField(label="退出文号", max_length=128)
    reason = forms.CharField(label="退出理由", widget=forms.Textarea)
    effective_from = forms.DateField(
        label="退出生效日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="不含该事项的清单新版本自该日起施行（须晚于现行版本的生效日期）；"
        "决定退出即提交“清单审核”，由其他审核人审核通过。",
    )
    issuing_body = forms.CharField(
        label="印发机关（清单草稿未填写时使用）", required=False, max_length=128
    )


def _departments(user):
    """The departments a department account files for (its ``account_group``)."""
    return Department.objects.filter(account_group__user=user).select_related("county")


def _counties(user) -> list[Region]:
    if user.is_superuser:
        return list(Region.objects.counties())
    counties = {c.pk: c for c in user_counties(user)}
    counties.update({d.county_id: d.county for d in _departments(user)})
    return list(counties.values())


def _visible(user):
    qs = AdmissionRequest.objects.select_related("department", "county", "assignment_check")
    if user.is_superuser:
        return qs
    groups = list(user.groups.values_list("name", flat=True))
    return qs.filter(
        Q(county__in=user_counties(user))
        | Q(approving_group__in=groups)
        | Q(submitted_by=user)
        | Q(department__in=_departments(user))
    )


def apply_refusal(user) -> str:
    """Why ``user`` may not file a request ("" if they may)."""
    if user.is_superuser:
        return ""
    if not _departments(user).exists():
        return (
            "准入申请由县直部门以本部门账号提交：你的账号不是部门账号。"
            "如需为本部门申请，请联系县级管理员开通部门账号。"
        )
    if not user.has_perm("registry.add_admissionrequest"):
        return "你的部门账号没有提交准入申请的权限，请联系县级管理员。"
    return ""


def _refuse(request, reason: str, pk: int | None = None):
    messages.error(request, reason)
    if pk is not None:
        return redirect("jianfu:admission_detail", pk)
    return redirect("jianfu:admission_list")


def _calendar_warning() -> str:
    """Said before anyone types a date: the deadlines of a request run into next year, whose
    holidays may not be entered yet."""
    today = timezone.localdate()
    calendar = work_calendar()
    return calendar.years_warning(
        calendar.unknown_years(today, today + datetime.timedelta(days=180))
    )


def admission_list(request):
    qs = _visible(request.user)
    status = request.GET.get("status", "")
    if status in AdmissionStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-submitted_on", "-pk"), 30).get_page(
        params.page(request.GET.get("page"))
    )
    return TemplateResponse(
        request,
        "cms/admission/list.html",
        {
            "page_obj": page,
            "statuses": AdmissionStatus.choices,
            "status": status,
            "can_apply": not apply_refusal(request.user),
        },
    )


def admission_create(request):
    refusal = apply_refusal(request.user)
    if refusal:
        return _refuse(request, refusal)
    counties = _counties(request.user)
    form = AdmissionRequestForm(
        request.POST or None,
        counties=counties,
        departments=None if request.user.is_superuser else _departments(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            r = services.admission_request_submit(
                department=data["department"],
                target_level=data["target_level"],
                list_kind=data["list_kind"],
                target_regions=list(data["target_regions"]),
                **{f: data[f] for f in EDITABLE_FIELDS},
                user=request.user,
                calendar=work_calendar(data["department"].county),
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"准入申请已提交，审批期限为{r.decision_due:%Y年%m月%d日}。")
            if r.deadline_warning:
                messages.warning(request, r.deadline_warning)
            return redirect("jianfu:admission_detail", r.pk)
    return TemplateResponse(
        request,
        "cms/admission/form.html",
        {"form": form, "title": "提交准入申请", "calendar_warning": _calendar_warning()},
    )


def admission_edit(request, pk: int):
    """Change and resubmit a request that was returned (退回修改)."""
    r = get_object_or_404(_visible(request.user), pk=pk)
    if r.status != AdmissionStatus.RETURNED:
        return _refuse(
            request, f"申请当前状态为“{r.get_status_display()}”，只有退回修改的申请可以修改。", pk
        )
    if r.submitted_by_id != request.user.pk and not request.user.is_superuser:
        return _refuse(request, "只有提交这份申请的账号可以修改并重新提交。", pk)
    form = AdmissionRequestForm(request.POST or None, instance=r, counties=[r.county])
    for name in ("department", "target_level", "list_kind"):
        form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.admission_request_resubmit(
                request=AdmissionRequest.objects.get(pk=r.pk),
                user=request.user,
                calendar=work_calendar(r.county),
                target_regions=list(data["target_regions"]),
                **{f: data[f] for f in EDITABLE_FIELDS},
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "已修改并重新提交，等待审批。")
            return redirect("jianfu:admission_detail", r.pk)
    return TemplateResponse(
        request,
        "cms/admission/form.html",
        {
            "form": form,
            "title": "修改并重新提交",
            "item": r,
            "calendar_warning": _calendar_warning(),
        },
    )


def admission_detail(request, pk: int):
    r = get_object_or_404(_visible(request.user), pk=pk)
    can_decide = services.user_can_decide(request.user, r)
    draft_page = (
        DutyListPage.objects.filter(pk=r.draft_page_id).first() if r.draft_page_id else None
    )
    # The state as the public register says it (退出待生效 until the version without it is in
    # force), rather than the bare decision.
    register = selectors.admission_register(pk=r.pk)
    return TemplateResponse(
        request,
        "cms/admission/detail.html",
        {
            "item": r,
            "state": register[0].state if register else r.get_status_display(),
            "in_review": draft_page is not None and draft_page.workflow_in_progress,
            "can_decide": can_decide and r.status == AdmissionStatus.SUBMITTED,
            "can_revoke": can_decide and r.status == AdmissionStatus.APPROVED,
            "can_edit": r.status == AdmissionStatus.RETURNED
            and r.submitted_by_id == request.user.pk,
            "draft_page": draft_page,
            # Reviewers do not edit pages: they get the public list, not a 403.
            "can_edit_draft": draft_page is not None
            and draft_page.permissions_for_user(request.user).can_edit(),
            "decision_form": DecisionForm(),
            "revoke_form": RevokeForm(),
            "history": r.history.select_related("history_user").order_by("-history_date")[:20],
        },
    )


@require_POST
def admission_decide(request, pk: int):
    r = get_object_or_404(_visible(request.user), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择审批结果（批准准入、驳回或退回修改）。")
        return redirect("jianfu:admission_detail", pk)
    data = form.cleaned_data
    try:
        if data["decision"] == "approve":
            ApproveAdmission(
                r, user=request.user, document_no=data["document_no"], reason=data["reason"]
            ).execute()
            messages.success(
                request,
                "已批准准入，报表已纳入基层报表目录。"
                if r.subject == "form"
                else "已批准准入，事项已加入清单下一版草稿，待“清单审核”流程发布。",
            )
        else:
            services.admission_request_decide(
                request=r, user=request.user, decision=data["decision"], reason=data["reason"]
            )
            messages.success(
                request, "已驳回。" if data["decision"] == "reject" else "已退回修改。"
            )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "你没有审批这份申请的权限。")
    return redirect("jianfu:admission_detail", pk)


@require_POST
def admission_revoke(request, pk: int):
    r = get_object_or_404(_visible(request.user), pk=pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "退出须写明理由并填写文号。")
        return redirect("jianfu:admission_detail", pk)
    try:
        action = RevokeAdmission(r, user=request.user, **form.cleaned_data)
        action.execute()
        if action.submitted:
            messages.success(
                request,
                "已决定退出：事项已从清单下一版草稿中移除，草稿已提交“清单审核”，"
                "须由其他审核人审核通过；新版本施行前，公开登记显示“退出待生效”。",
            )
        else:
            messages.success(request, "已决定退出：事项尚未发布，已从清单下一版草稿中移除。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "你没有审批这份申请的权限。")
    return redirect("jianfu:admission_detail", pk)


class MyAdmissionRequestsPanel(Component):
    """Dashboard panel: a department account's open and recently decided requests, so the
    requester sees each decision on the admin home page as well as by email."""

    name = "my_admission_requests"
    order = 90
    template_name = "cms/admission/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        requests = (
            AdmissionRequest.objects.filter(
                Q(submitted_by=self.user) | Q(department__in=_departments(self.user))
            )
            .select_related("department")
            .order_by("-updated_at")[:8]
        )
        return {"requests": list(requests)}


def admission_dashboard_panel(request, panels) -> None:
    user = request.user
    if user.is_authenticated and (_departments(user).exists() or not apply_refusal(user)):
        panels.append(MyAdmissionRequestsPanel(user))
