"""The five burden registers of a county (history by django-simple-history, never Wagtail).

Each entry belongs to one county; which entries are *in force* on a date is derived from their
dates and status (``in_force(on)``), never stored. The flags are computed in ``burden.flags``.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from registry.models import Department, Region

from .enums import (
    AppKind,
    AppStatus,
    FilledBy,
    FormStatus,
    Frequency,
    InspectionStatus,
    PlanKind,
    PlaqueStatus,
)


def _in_force_q(on: datetime.date, start: str, end: str) -> Q:
    """``start`` ≤ on (or none) and ``end`` > on (or none): the SQL twin of
    ``burden.picture._in_force``."""
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": on})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": on})
    )


def _not_before(entry, earlier: str, later: str, message: str) -> None:
    """``later`` (when both dates are filled) is not before ``earlier``."""
    first, then = getattr(entry, earlier), getattr(entry, later)
    if first and then and then < first:
        raise ValidationError({later: message})


def _date_iff(entry, field: str, needed: bool, missing: str, extra: str) -> None:
    """The date ``field`` is filled exactly when the status ends the entry (``needed``)."""
    value = getattr(entry, field)
    if needed and not value:
        raise ValidationError({field: missing})
    if not needed and value:
        raise ValidationError({field: extra})


class CountyEntry(models.Model):
    county = models.ForeignKey(
        Region, verbose_name="所属县", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("备注", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        department = getattr(self, "department", None)
        if department is not None and self.county_id and department.county_id != self.county_id:
            raise ValidationError({"department": "须为本县部门。"})


class ReportFormQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date):
        """Started and not abolished; a form still waiting for its admission is not in force."""
        return self.exclude(status=FormStatus.PENDING).filter(
            _in_force_q(on, "valid_from", "abolished_on")
        )


class ReportForm(CountyEntry):
    """基层报表目录: a form or ledger sent down to townships or villages."""

    number = models.CharField("报表编号", max_length=32)
    title = models.CharField("报表名称", max_length=128)
    purpose = models.CharField("用途", max_length=255, blank=True)
    department = models.ForeignKey(
        Department, verbose_name="制发部门", on_delete=models.PROTECT, related_name="+"
    )
    approval = models.CharField("审批文号", max_length=64, blank=True)
    valid_from = models.DateField("启用日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    frequency = models.CharField("填报频次", max_length=16, choices=Frequency.choices)
    filled_by = models.CharField("填报主体", max_length=16, choices=FilledBy.choices)
    indicators = models.PositiveIntegerField("指标数", default=0)
    status = models.CharField(
        "状态", max_length=16, choices=FormStatus.choices, default=FormStatus.IN_CATALOGUE
    )
    abolished_on = models.DateField("废止日期", null=True, blank=True)
    admission_request = models.OneToOneField(
        "registry.AdmissionRequest", verbose_name="准入申请", null=True, blank=True,
        on_delete=models.PROTECT, related_name="report_form",
    )  # fmt: skip

    objects = ReportFormQuerySet.as_manager()

    class Meta:
        verbose_name = "基层报表"
        verbose_name_plural = "基层报表目录"
        ordering = ["county", "number"]
        constraints = [
            models.UniqueConstraint(fields=["county", "number"], name="burden_form_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def clean(self):
        super().clean()
        _not_before(self, "valid_from", "valid_until", "有效期至不能早于启用日期。")
        _date_iff(self, "abolished_on", self.status == FormStatus.ABOLISHED,
                  "已废止的报表须填写废止日期。", "只有已废止的报表填写废止日期。")  # fmt: skip


class InspectionQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date):
        """Planned and not yet over on ``on`` (the year's plan from its first day)."""
        return self.filter(status=InspectionStatus.PLANNED, end_date__gte=on)


class Inspection(CountyEntry):
    """督查检查考核计划: one inspection, check or assessment and the townships it visits."""

    item = models.CharField("督查检查考核事项", max_length=128)
    department = models.ForeignKey(
        Department, verbose_name="牵头部门", on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField("依据", max_length=255, blank=True)
    plan_kind = models.CharField("计划类型", max_length=16, choices=PlanKind.choices)
    approval = models.CharField("一事一报批准文号", max_length=64, blank=True)
    townships = models.ManyToManyField(
        Region,
        verbose_name="涉及乡镇（街道）",
        related_name="+",
        limit_choices_to={"level": "township"},
    )
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    status = models.CharField(
        "状态", max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = "督查检查考核"
        verbose_name_plural = "督查检查考核计划"
        ordering = ["county", "start_date", "item"]

    def __str__(self) -> str:
        return f"{self.item}（{self.start_date:%Y-%m-%d}）"

    def clean(self):
        super().clean()
        _not_before(self, "start_date", "end_date", "结束日期不能早于开始日期。")
        if self.end_date and self.start_date and (self.end_date - self.start_date).days > 31:
            raise ValidationError({"end_date": "一次督查检查不超过31天；跨月的请分次登记。"})


class GovAppQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date):
        return self.filter(_in_force_q(on, "launched", "closed_on"))


class GovApp(CountyEntry):
    """政务应用程序、公众号、工作群 used by (or facing) the grassroots."""

    name = models.CharField("名称", max_length=128)
    kind = models.CharField("类型", max_length=16, choices=AppKind.choices)
    department = models.ForeignKey(
        Department, verbose_name="主管部门", on_delete=models.PROTECT, related_name="+"
    )
    filing_no = models.CharField("备案号", max_length=64, blank=True)
    faces_grassroots = models.BooleanField("面向基层", default=True)
    clock_in = models.BooleanField("打卡签到", default=False)
    ranking = models.BooleanField("积分排名", default=False)
    online_time = models.BooleanField("在线时长", default=False)
    forced_login = models.BooleanField("强制下载或登录", default=False)
    media_upload = models.BooleanField("照片/视频/定位上传", default=False)
    status = models.CharField(
        "处置状态", max_length=16, choices=AppStatus.choices, default=AppStatus.KEEP
    )
    launched = models.DateField("启用日期", null=True, blank=True)
    closed_on = models.DateField("整合或关停日期", null=True, blank=True)

    objects = GovAppQuerySet.as_manager()

    class Meta:
        verbose_name = "政务应用"
        verbose_name_plural = "政务应用程序、公众号、工作群"
        ordering = ["county", "name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="burden_app_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        _date_iff(self, "closed_on", self.status != AppStatus.KEEP,
                  "整合或关停的须填写日期。", "处置状态为“保留”时不填整合或关停日期。")  # fmt: skip


class SecondmentQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date):
        return self.filter(_in_force_q(on, "start", "returned_on"))


class Secondment(CountyEntry):
    """借调人员: staff borrowed away from a township or village. The person's name is shown to
    the office only (never in the API, the load picture or a public page)."""

    person = models.CharField("姓名", max_length=32)
    work_started = models.DateField("参加工作时间")
    home_unit = models.ForeignKey(
        Region, verbose_name="原单位（乡镇/村）", on_delete=models.PROTECT, related_name="+"
    )
    borrowing_unit = models.CharField("借调单位", max_length=128)
    approval = models.CharField("审批文号", max_length=64, blank=True)
    start = models.DateField("借调开始")
    end = models.DateField("约定结束")
    extended_until = models.DateField("延期至", null=True, blank=True)
    returned_on = models.DateField("返岗日期", null=True, blank=True)

    objects = SecondmentQuerySet.as_manager()

    class Meta:
        verbose_name = "借调人员"
        verbose_name_plural = "借调人员"
        ordering = ["county", "start"]

    def __str__(self) -> str:
        return f"{self.home_unit} → {self.borrowing_unit}（{self.start:%Y-%m-%d}）"

    def clean(self):
        super().clean()
        _not_before(self, "start", "end", "约定结束不能早于借调开始。")
        _not_before(self, "start", "returned_on", "返岗日期不能早于借调开始。")
        if self.extended_until and self.end and self.extended_until <= self.end:
            raise ValidationError({"extended_until": "延期至须晚于约定结束。"})
        _check_in_county(self, "home_unit")


class PlaqueQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date):
        return self.filter(_in_force_q(on, "hung_on", "removed_on"))


class Plaque(CountyEntry):
    """机制牌子 hung at a township or village."""

    unit = models.ForeignKey(
        Region, verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("牌子名称", max_length=128)
    department = models.ForeignKey(
        Department, verbose_name="设置部门", on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField("依据", max_length=255, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=PlaqueStatus.choices, default=PlaqueStatus.KEEP
    )
    hung_on = models.DateField("挂牌日期", null=True, blank=True)
    removed_on = models.DateField("撤除日期", null=True, blank=True)

    objects = PlaqueQuerySet.as_manager()

    class Meta:
        verbose_name = "机制牌子"
        verbose_name_plural = "机制牌子"
        ordering = ["county", "unit", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="burden_plaque_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit}：{self.name}"

    def clean(self):
        super().clean()
        _date_iff(self, "removed_on", self.status == PlaqueStatus.REMOVED,
                  "撤除的牌子须填写撤除日期。", "保留的牌子不填撤除日期。")  # fmt: skip
        _check_in_county(self, "unit")


def _check_in_county(entry, field: str) -> None:
    region = getattr(entry, field, None) if getattr(entry, f"{field}_id", None) else None
    if region is None or not entry.county_id:
        return
    if region.level not in ("township", "village"):
        raise ValidationError({field: "须为乡镇（街道）或村（社区）。"})
    if entry.county_id not in {r.pk for r in region.ancestors()}:
        raise ValidationError({field: "须为本县的乡镇或村。"})


class RegisterImport(models.Model):
    """One uploaded spreadsheet of a register: parsed and checked on upload (the preview), written
    on confirmation in one transaction."""

    county = models.ForeignKey(
        Region, verbose_name="所属县", on_delete=models.PROTECT, related_name="+"
    )
    register = models.CharField("登记簿", max_length=16)
    file_name = models.CharField("文件名", max_length=255)
    rows = models.JSONField("行", default=list)
    errors = models.JSONField("错误", default=list)
    created_by = models.ForeignKey(
        "auth.User", verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    committed_at = models.DateTimeField("导入时间", null=True, blank=True)

    class Meta:
        verbose_name = "登记簿导入"
        verbose_name_plural = "登记簿导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class BurdenEstimate(models.Model):
    """The yearly hours an admission request asks of the grassroots: hours per occurrence ×
    occurrences per year × units affected (一进一出: see ``burden.estimates``)."""

    request = models.OneToOneField(
        "registry.AdmissionRequest",
        verbose_name="准入申请",
        on_delete=models.PROTECT,
        related_name="burden_estimate",
    )
    hours_per_occurrence = models.DecimalField("每次耗时（小时）", max_digits=6, decimal_places=1)
    occurrences_per_year = models.PositiveIntegerField("每年次数")
    units = models.PositiveIntegerField("涉及单位数")
    note = models.CharField("测算说明", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "负担测算"
        verbose_name_plural = "负担测算"

    def __str__(self) -> str:
        return f"{self.request}：每年{self.yearly_hours}小时"

    @property
    def yearly_hours(self):
        return self.hours_per_occurrence * self.occurrences_per_year * self.units

    def clean(self):
        super().clean()
        if self.hours_per_occurrence is not None and self.hours_per_occurrence <= 0:
            raise ValidationError({"hours_per_occurrence": "每次耗时须大于0。"})
        if self.occurrences_per_year is not None and not 1 <= self.occurrences_per_year <= 366:
            raise ValidationError({"occurrences_per_year": "每年次数须在1到366之间。"})
        if self.units is not None and self.units < 1:
            raise ValidationError({"units": "涉及单位数至少为1。"})


class CaseLink(models.Model):
    """A 码上减 case linked by the office to what it is about: a list item (by its stable code),
    a form, an inspection or an app. Shown beside the entry through ``case_view`` only."""

    case = models.ForeignKey(
        "mashangjian.Case",
        verbose_name="案件",
        on_delete=models.CASCADE,
        related_name="burden_links",
    )
    item_code = models.CharField("清单事项编码", max_length=16, blank=True)
    form = models.ForeignKey(
        ReportForm, verbose_name="报表", null=True, blank=True, on_delete=models.PROTECT,
        related_name="case_links",
    )  # fmt: skip
    inspection = models.ForeignKey(
        Inspection, verbose_name="督查检查", null=True, blank=True, on_delete=models.PROTECT,
        related_name="case_links",
    )  # fmt: skip
    app = models.ForeignKey(
        GovApp, verbose_name="政务应用", null=True, blank=True, on_delete=models.PROTECT,
        related_name="case_links",
    )  # fmt: skip
    created_by = models.ForeignKey(
        "auth.User", verbose_name="关联人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("关联时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "案件关联"
        verbose_name_plural = "案件关联"
        constraints = [
            models.CheckConstraint(
                condition=(
                    (
                        ~Q(item_code="")
                        & Q(form__isnull=True, inspection__isnull=True, app__isnull=True)
                    )
                    | Q(item_code="", form__isnull=False, inspection__isnull=True, app__isnull=True)
                    | Q(item_code="", form__isnull=True, inspection__isnull=False, app__isnull=True)
                    | Q(item_code="", form__isnull=True, inspection__isnull=True, app__isnull=False)
                ),
                name="burden_caselink_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number} → {self.target_label}"

    @property
    def target_label(self) -> str:
        if self.item_code:
            return f"清单事项 {self.item_code}"
        target = self.form or self.inspection or self.app
        return f"{target._meta.verbose_name}：{target}"
