"""The burden estimate of an admission request (准入申请) and 一进一出 per department."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from registry import params

from .. import selectors
from .access import _office_counties
from .submit import post_to_admission


class EstimateForm(forms.Form):
    hours_per_occurrence = forms.DecimalField(
        label="每次耗时（小时）", min_value=0.1, max_digits=6, decimal_places=1
    )
    occurrences_per_year = forms.IntegerField(label="每年次数", min_value=1, max_value=366)
    units = forms.IntegerField(label="涉及单位数", min_value=1, max_value=100000)
    note = forms.CharField(label="测算说明", max_length=200, required=False)


def _may_estimate(user, admission) -> bool:
    if user.is_superuser or admission.submitted_by_id == user.pk:
        return True
    group_id = admission.department.account_group_id
    if group_id and user.groups.filter(pk=group_id).exists():
        return True
    counties = selectors.office_county_ids(user)
    return counties is not None and admission.county_id in counties


@require_http_methods(["GET", "POST"])
def estimate_edit(request, pk: int):
    from cms.admission_views import _visible

    from ..estimates import default_units, estimate_set, hours_text

    admission = get_object_or_404(_visible(request.user), pk=pk)
    if not _may_estimate(request.user, admission):
        raise PermissionDenied
    current = getattr(admission, "burden_estimate", None)
    initial = (
        {
            "hours_per_occurrence": current.hours_per_occurrence,
            "occurrences_per_year": current.occurrences_per_year,
            "units": current.units,
            "note": current.note,
        }
        if current
        else {"units": default_units(admission)}
    )
    form = EstimateForm(request.POST or None, initial=initial)
    done = post_to_admission(
        request,
        form,
        lambda data: estimate_set(
            request=admission,
            hours=data["hours_per_occurrence"],
            occurrences=data["occurrences_per_year"],
            units=data["units"],
            note=data["note"],
        ),
        lambda estimate: (
            f"已保存负担测算：每年约 {hours_text(estimate.yearly_hours)} 小时（基层合计）。"
        ),
        admission=admission,
    )
    return done or TemplateResponse(
        request, "burden/admin/estimate_form.html", {"form": form, "item": admission}
    )


@require_GET
def estimates_net(request):
    """一进一出: each department's yearly hours admitted and withdrawn in a year."""
    from ..estimates import department_net_change

    counties = _office_counties(request)
    year = params.integer(
        request.GET.get("year"), name="year", minimum=2000, maximum=2100,
        default=timezone.localdate().year,
    )  # fmt: skip
    return TemplateResponse(
        request,
        "burden/admin/estimates_net.html",
        {
            "year": year,
            "tables": [(c, department_net_change(county=c, year=year)) for c in counties],
        },
    )
