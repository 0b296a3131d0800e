"""Links from 码上减 cases to list items and register entries, and the cases of a list item."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from registry.models import Region


class LinkForm(forms.Form):
    KINDS = [
        ("item", "清单事项（填事项编码，如 XZ-003）"),
        ("form", "报表（填报表编号）"),
        ("inspection", "督查检查（填事项名称）"),
        ("app", "政务应用或工作群（填名称）"),
    ]
    kind = forms.ChoiceField(label="关联对象", choices=KINDS, widget=forms.RadioSelect)
    value = forms.CharField(label="编码或名称", max_length=128)


@require_http_methods(["GET", "POST"])
def case_links(request, pk: int):
    from mashangjian.models import Case
    from mashangjian.permissions import scope_for
    from mashangjian.visibility import case_view

    from ..links import case_link
    from ..models import CaseLink, GovApp, Inspection, ReportForm

    scope = scope_for(request.user)
    case = get_object_or_404(
        Case.objects.filter(scope.case_filter()).select_related(
            "category", "region", "subject_department", "handler_department"
        ),
        pk=pk,
    )
    if not scope.is_office_for(case):
        raise PermissionDenied
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind, value = form.cleaned_data["kind"], form.cleaned_data["value"].strip()
        lookups = {
            "form": (ReportForm, {"number": value}, "报表编号"),
            "inspection": (Inspection, {"item": value}, "督查检查"),
            "app": (GovApp, {"name": value}, "政务应用"),
        }
        try:
            if kind == "item":
                link = case_link(case=case, scope=scope, user=request.user, item_code=value)
            else:
                model, where, label = lookups[kind]
                target = model.objects.filter(county_id=case.county_id, **where).first()
                if target is None:
                    raise ValidationError(f"本县没有{label}为“{value[:30]}”的登记条目。")
                link = case_link(case=case, scope=scope, user=request.user, target=target)
        except ValidationError as exc:
            form.add_error("value", exc.messages[0])
        else:
            messages.success(request, f"已将案件 {case.number} 关联到{link.target_label}。")
            return redirect("burden_admin:case_links", case.pk)
    return TemplateResponse(
        request,
        "burden/admin/case_links.html",
        {
            "case": case_view(case, scope),
            "form": form,
            "links": CaseLink.objects.filter(case=case).select_related("form", "inspection", "app"),
        },
    )


@require_GET
def item_cases(request, county_id: int, code: str):
    """The 码上减 cases linked to a list item (by its stable code) of a county, as the viewer may
    see them (``case_view``): the list's editors start the next revision from the complaints."""
    from mashangjian.permissions import scope_for

    from ..links import item_case_counts, linked_cases

    county = get_object_or_404(Region, pk=county_id)
    if len(code) > 16:
        raise Http404("清单事项编码不超过16个字符。")
    cases = linked_cases(scope=scope_for(request.user), item_code=code, county_id=county.pk)
    total = item_case_counts([(county.pk, code)]).get((county.pk, code), 0)
    return TemplateResponse(
        request,
        "burden/admin/item_cases.html",
        {"county": county, "code": code, "linked_cases": cases, "total": total},
    )
