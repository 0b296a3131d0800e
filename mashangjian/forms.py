"""Forms of the public report page and of the handling screens."""

from __future__ import annotations

import secrets

from django import forms

from registry.models import Department, Region

from .enums import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MAX_EXTENSION_WORKING_DAYS,
    DeclineReason,
    Satisfaction,
)
from .models import Category
from .uploads import clean_uploads
from .visibility import conflict_ids


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"}
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        if not isinstance(data, list | tuple):
            data = [data]
        return clean_uploads(data)


class DescribedForm(forms.Form):
    """Help texts and errors are linked to their field for screen readers: the input's
    ``aria-describedby`` names the ids ``_field.html`` gives them (``<id>_helptext``,
    ``<id>_error``)."""

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if name in self.errors:
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)


def new_submission_token() -> str:
    """The hidden token of one filled-in form: sending it twice files one case."""
    return secrets.token_urlsafe(24)


class ReportForm(DescribedForm):
    # Filled when the form is shown; a reload or a second click sends the same token.
    submission_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=128)
    category = forms.ModelChoiceField(
        label="问题类别",
        queryset=Category.objects.all(),
        empty_label="请选择",
        widget=forms.RadioSelect,
    )
    region = forms.ModelChoiceField(
        label="您所在的地区", queryset=Region.objects.none(), empty_label="请选择"
    )
    subject_department = forms.ModelChoiceField(
        label="被反映的部门",
        queryset=Department.objects.none(),
        required=False,
        empty_label="（不是县直部门，或不清楚）",
    )
    subject_text = forms.CharField(
        label="被反映的其他单位",
        max_length=128,
        required=False,
        help_text="如乡镇党委政府、上级单位的内设机构等；选择了上面的部门可不填。",
    )
    occurred = forms.CharField(
        label="发生时间", max_length=64, required=False, help_text="例如：2025年9月中旬"
    )
    content = forms.CharField(
        label="反映内容",
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="请写明什么单位、什么时间、以什么方式、布置了什么任务或提出了什么要求。请不要写您自己的姓名。",
    )
    attachments = MultipleFileField(
        label="附件（可选）",
        required=False,
        help_text=f"最多 {MAX_ATTACHMENTS} 个 JPG、PNG 或 PDF，每个不超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB。"
        "图片中的拍摄位置、设备等信息会被自动清除；PDF 的文档属性无法自动清除，请注意。",
    )
    anonymous = forms.TypedChoiceField(
        label="反映方式",
        choices=[("1", "匿名反映（默认）"), ("0", "实名反映，联系方式严格保密")],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    contact_name = forms.CharField(label="姓名", max_length=32, required=False)
    contact_phone = forms.CharField(label="联系电话或其他联系方式", max_length=64, required=False)

    def __init__(self, *args, county: Region, regions: list[tuple[Region, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.county = county
        region_field = self.fields["region"]
        region_field.queryset = Region.objects.filter(pk__in=[r.pk for r, _ in regions])
        # Indented options in tree order: county → township → village, usable without JavaScript.
        region_field.choices = [("", "请选择")] + [
            (r.pk, "\u3000" * depth + ("└ " if depth else "") + r.name) for r, depth in regions
        ]
        self.fields["subject_department"].queryset = Department.objects.filter(
            county=county
        ).order_by("code")

    def clean(self):
        data = super().clean()
        if data.get("anonymous") is False and not (data.get("contact_phone") or "").strip():
            self.add_error("contact_phone", "选择实名反映时请填写联系方式，或改为匿名反映。")
        # On an anonymous report the name is still passed on: the service uses it to redact the
        # texts and then drops it (services.cases.case_submit).
        if data.get("anonymous"):
            data["contact_phone"] = ""
        return data


class StatusLookupForm(DescribedForm):
    number = forms.CharField(
        label="案件编号",
        max_length=32,
        help_text="形如 MSJ-XXXX-XXXX，可不输入 MSJ 和短横线。",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    # A visible field: twelve characters typed blind on a phone fail too often. Spaces, dashes
    # and case are ignored (protection.normalize), O/0 and I/L/1 are read alike.
    code = forms.CharField(
        label="查询码",
        max_length=40,
        help_text="12位字母和数字，不区分大小写，空格和短横线可省略。",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autocorrect": "off",
            }
        ),
    )


class RatingForm(StatusLookupForm):
    satisfaction = forms.ChoiceField(
        label="您对答复的评价", choices=Satisfaction.choices, widget=forms.RadioSelect
    )


# ---------------------------------------------------------------- admin forms


def _department_choices(case):
    """The county's departments the case may go to: never one it is about (visibility.py)."""
    return (
        Department.objects.filter(county_id=case.county_id)
        .exclude(pk__in=conflict_ids(case))
        .order_by("code")
    )


class AcceptForm(forms.Form):
    mode = forms.ChoiceField(
        label="处理方式",
        choices=[("route", "受理并转承办部门办理"), ("direct", "受理，由机制办直接督办")],
        initial="route",
        widget=forms.RadioSelect,
    )
    department = forms.ModelChoiceField(
        label="承办部门", queryset=Department.objects.none(), required=False
    )
    reason = forms.CharField(
        label="改派理由（未采用建议承办部门时必填）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _department_choices(case)
        if case.proposed_department_id:
            self.fields["department"].initial = case.proposed_department_id


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label="不予受理理由", choices=DeclineReason.choices)
    note = forms.CharField(
        label="说明及引导（留空则使用默认引导语）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RerouteForm(AcceptForm):
    reason = forms.CharField(label="改派理由", widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label="延期工作日数", min_value=1, max_value=MAX_EXTENSION_WORKING_DAYS
    )
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="办理结果", min_length=10, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结论",
        choices=[("approve", "审核通过，答复反映人并办结"), ("return", "退回承办单位重办")],
        widget=forms.RadioSelect,
    )
    public_answer = forms.CharField(
        label="向反映人公开的答复（可在承办结果基础上修改）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    note = forms.CharField(
        label="审核意见（退回时必填）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    text = forms.CharField(label="内部备注", widget=forms.Textarea(attrs={"rows": 2}))
    office_only = forms.BooleanField(label="仅机制办可见", required=False)


class TypicalForm(forms.Form):
    title = forms.CharField(label="标题", max_length=128)
    summary = forms.CharField(
        label="案例摘要（已脱敏：不写反映人、村名等可识别信息）",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    publish = forms.BooleanField(label="在“典型案例”公开页面晾晒", required=False, initial=True)
