"""准入申请 for a form waiting for admission (待准入)."""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from .access import _office_counties
from .submit import post_to_admission


def _required_text(label: str, required: str) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": 2}), error_messages={"required": required}
    )


class FormAdmissionForm(forms.Form):
    basis = _required_text("法律法规或政策依据", "请填写报表的法律法规或政策依据。")
    funding = _required_text("经费保障（费随事转）", "请写明经费保障（费随事转）。")
    staff = _required_text("人员与工作条件（权随责走）", "请写明人员与工作条件（权随责走）。")
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
    done = post_to_admission(
        request,
        form,
        lambda data: form_admission_submit(
            form=form_entry, user=request.user, calendar=work_calendar(form_entry.county), **data
        ),
        lambda _: f"已提交报表 {form_entry.number}「{form_entry.title}」的准入申请，待审核。",
    )
    return done or TemplateResponse(
        request, "burden/admin/form_admission.html", {"entry": form_entry, "form": form}
    )
