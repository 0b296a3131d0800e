"""Office screens beside the viewsets: import (upload → preview → confirm), export, the
inspection calendar of a township and the load picture (基层负担画像) with its comparison."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from registry import params
from registry.models import Region
from registry.spreadsheet_writer import file_response, write_table
from registry.spreadsheets import MAX_UPLOAD_BYTES

from . import selectors
from .charts import trend_chart_svg
from .columns import COLUMNS
from .enums import Register
from .imports import import_commit, import_create
from .models import RegisterImport
from .picture import FIGURES, comparison, load_picture
from .resources import export_rows


def _register(name: str) -> Register:
    if name not in Register.values:
        raise Http404("没有这个登记簿。")
    return Register(name)


def _office_counties(request) -> list[Region]:
    counties = selectors.office_county_ids(request.user)
    qs = Region.objects.filter(level="county")
    if counties is not None:
        qs = qs.filter(pk__in=counties)
    found = list(qs.order_by("code"))
    if not found:
        raise PermissionDenied
    return found


def _unit_in_scope(request, code: str) -> Region:
    code = params.region_code(code, name="区划代码")
    region = get_object_or_404(Region, code=code)
    counties = {c.pk for c in _office_counties(request)}
    if region.pk not in counties and not any(a.pk in counties for a in region.ancestors()):
        raise PermissionDenied
    return region


class ImportForm(forms.Form):
    county = forms.ModelChoiceField(label="所属县", queryset=Region.objects.none())
    file = forms.FileField(label="文件", help_text="xlsx 或 csv（UTF-8 或 GBK），第一行为表头。")

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = Region.objects.filter(pk__in=[c.pk for c in counties])
        self.fields["county"].initial = counties[0].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"文件大小超过上限 {MAX_UPLOAD_BYTES // 1024 // 1024} MB，请拆分后分批导入。"
            )
        return upload


@require_http_methods(["GET", "POST"])
def register_import(request, register: str):
    register = _register(register)
    counties = _office_counties(request)
    form = ImportForm(request.POST or None, request.FILES or None, counties=counties)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_create(
            register=register,
            county=form.cleaned_data["county"],
            user=request.user,
            file_name=upload.name,
            data=upload.read(),
        )
        return redirect("burden_admin:import_preview", job.pk)
    return TemplateResponse(
        request,
        "burden/admin/import_upload.html",
        {
            "form": form,
            "register": register,
            "headers": "、".join(c[1] for c in COLUMNS[register]),
            "template_url": reverse("burden_admin:export", args=[register.value]) + "?template=1",
        },
    )


def _job(request, job_id: int) -> RegisterImport:
    job = get_object_or_404(RegisterImport.objects.select_related("county"), pk=job_id)
    if job.county_id not in {c.pk for c in _office_counties(request)}:
        raise Http404("未找到该导入。")
    return job


@require_GET
def import_preview(request, job_id: int):
    job = _job(request, job_id)
    register = Register(job.register)
    return TemplateResponse(
        request,
        "burden/admin/import_preview.html",
        {
            "job": job,
            "register": register,
            "headers": [c[1] for c in COLUMNS[register]],
            "created": sum(r["action"] == "create" for r in job.rows),
            "updated": sum(r["action"] == "update" for r in job.rows),
            "unchanged": sum(r["action"] == "unchanged" for r in job.rows),
        },
    )


@require_POST
def import_confirm(request, job_id: int):
    job = _job(request, job_id)
    try:
        counts = import_commit(job=job, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("burden_admin:import_preview", job.pk)
    messages.success(
        request,
        f"已从“{job.file_name}”导入{Register(job.register).label}：新增 {counts['created']} 条，"
        f"更新 {counts['updated']} 条，未变 {counts['unchanged']} 条。",
    )
    return redirect(f"burden_{job.register}:index")


@require_GET
def register_export(request, register: str):
    register = _register(register)
    counties = _office_counties(request)
    from .selectors import MODELS

    qs = MODELS[register].objects.filter(county__in=counties)
    if request.GET.get("template"):
        qs = qs.none()
    rows = export_rows(register, qs)
    today = timezone.localdate()
    data = write_table("xlsx", rows, sheet_name=register.label)
    return file_response(
        data,
        fmt="xlsx",
        filename=f"{register.label}_{today:%Y%m%d}.xlsx",
        fallback=f"{register.value}_{today:%Y%m%d}.xlsx",
    )


@require_GET
def inspection_calendar(request, code: str):
    township = _unit_in_scope(request, code)
    if township.level != "township":
        raise Http404("督查检查日历按乡镇（街道）查看。")
    year = params.integer(
        request.GET.get("year"), name="year", minimum=2000, maximum=2100,
        default=timezone.localdate().year,
    )  # fmt: skip
    county = township.parent
    return TemplateResponse(
        request,
        "burden/admin/calendar.html",
        {
            "township": township,
            "year": year,
            "weeks": selectors.inspection_calendar(township=township, year=year),
            "departments": selectors.department_counts(county=county, year=year),
        },
    )


@require_GET
def picture_index(request):
    """The comparison of the units of the user's counties (or of one township's villages)."""
    counties = _office_counties(request)
    on = params.date(request.GET.get("on"), name="on", default=timezone.localdate())
    code = request.GET.get("region")
    parent = _unit_in_scope(request, code) if code else counties[0]
    rows = comparison(parent, on)
    return TemplateResponse(
        request,
        "burden/admin/picture_index.html",
        {"parent": parent, "on": on, "rows": rows, "figures": FIGURES, "counties": counties},
    )


@require_GET
def picture(request, code: str):
    unit = _unit_in_scope(request, code)
    if unit.level not in ("township", "village"):
        raise Http404("负担画像按乡镇（街道）或村（社区）查看。")
    on = params.date(request.GET.get("on"), name="on", default=timezone.localdate())
    pic = load_picture(unit, on)
    if request.GET.get("format") == "xlsx":
        header = ["月份", *FIGURES.values()]
        rows = [header] + [[f"{d:%Y-%m}", *[f[k] for k in FIGURES]] for d, f in pic.months]
        rows += [[], ["码上减问题类别", "近12个月件数"], *pic.cases_by_category.items()]
        data = write_table(
            "xlsx", rows, sheet_name="负担画像",
            title=[f"{unit.full_name}基层负担画像（截至{on:%Y-%m-%d}）"],
        )  # fmt: skip
        return file_response(
            data,
            fmt="xlsx",
            filename=f"{unit.name}负担画像_{on:%Y%m%d}.xlsx",
            fallback=f"burden_{unit.code}_{on:%Y%m%d}.xlsx",
        )
    charts = [
        trend_chart_svg([(f"{d:%Y-%m}", f[k]) for d, f in pic.months], title=label)
        for k, label in FIGURES.items()
    ]
    return TemplateResponse(
        request,
        "burden/admin/picture.html",
        {"unit": unit, "on": on, "pic": pic, "figures": FIGURES, "charts": charts},
    )


@require_GET
def chart_svg(request, code: str, key: str):
    """One trend chart as an SVG file (for reports and printing)."""
    unit = _unit_in_scope(request, code)
    if key not in FIGURES or unit.level not in ("township", "village"):
        raise Http404("没有这个图表。")
    on = params.date(request.GET.get("on"), name="on", default=timezone.localdate())
    pic = load_picture(unit, on)
    svg = trend_chart_svg([(f"{d:%Y-%m}", f[key]) for d, f in pic.months], title=FIGURES[key])
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@require_GET
def hub(request):
    """导入/导出: the five registers with their import, export and listing links."""
    _office_counties(request)
    return TemplateResponse(
        request,
        "burden/admin/hub.html",
        {
            "registers": [
                {
                    "register": r,
                    "index": reverse(f"burden_{r.value}:index"),
                    "import": reverse("burden_admin:import", args=[r.value]),
                    "export": reverse("burden_admin:export", args=[r.value]),
                }
                for r in Register
            ]
        },
    )


# ---------------------------------------------------------------- burden estimate (准入申请)


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

    from .estimates import default_units, estimate_set, hours_text

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
    if request.method == "POST" and form.is_valid():
        try:
            estimate = estimate_set(
                request=admission,
                hours=form.cleaned_data["hours_per_occurrence"],
                occurrences=form.cleaned_data["occurrences_per_year"],
                units=form.cleaned_data["units"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(
                request,
                f"已保存负担测算：每年约 {hours_text(estimate.yearly_hours)} 小时（基层合计）。",
            )
            return redirect("jianfu:admission_detail", admission.pk)
    return TemplateResponse(
        request, "burden/admin/estimate_form.html", {"form": form, "item": admission}
    )


@require_GET
def estimates_net(request):
    """一进一出: each department's yearly hours admitted and withdrawn in a year."""
    from .estimates import department_net_change

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


# ---------------------------------------------------------------- links to 码上减 cases


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

    from .links import case_link
    from .models import CaseLink, GovApp, Inspection, ReportForm

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

    from .links import item_case_counts, linked_cases

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

    from .admission import form_admission_submit
    from .models import ReportForm

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
            for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
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
