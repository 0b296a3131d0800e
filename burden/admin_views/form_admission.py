"""准入申请 for a form waiting for admission (待准入)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from registry.form_errors import form_add_service_errors

from .access import _office_counties


class FormAdmissionForm(forms.Form):
    basis = forms.CharField(
        label="法律法规或政策依据",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写报表的法律法规或政策依据。"},
    )
    funding = forms.CharField(
        label="经费保障（费随事转）",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请写明经费保障（费随事转）。"},
    )
    staff = forms.CharField(
        label="人员与工作条件（权随责走）",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请写明人员与工作条件（权随责走）。"},
    )
    period_start = forms.DateField(
        label="拟启用日期",
        help_text="格式 YYYY-MM-DD。",
        error_messages={
            "required": "请填写拟启用日期。",
            "invalid": "拟启用日期无效，应为 YYYY-MM-DD。",
        },
    )


@require_http_methods(["GET", "POST"])
def form_admission(request, pk: int):
    """准入申请 for a 待准入 form (the office, for its county): POST → the request's screen."""
    from cms.admission import work_calendar

    from ..admission import form_admission_submit
    from ..models import ReportForm

    counties = _office_counties(request)
    form_entry = get_object_or_404(
        ReportForm.objects.select_related("county", "department"),
        pk=pk,
        county__in=counties,
    )
    form = FormAdmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            admission = form_admission_submit(
                form=form_entry,
                user=request.user,
                calendar=work_calendar(form_entry.county),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"已提交报表 {form_entry.number}「{form_entry.title}」的准入申请，待审核。",
            )
            return redirect("jianfu:admission_detail", admission.pk)
    return TemplateResponse(
        request,
        "burden/admin/form_admission.html",
        {"entry": form_entry, "form": form},
    )
