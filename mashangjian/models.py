"""码上减 cases and what they need: categories, units, routing rules, the working-day calendar.

Reporter protection is designed into the rows: a case keeps no IP address, its number is random,
its query code is stored only as a keyed hash, and contact details are kept out of the history
table (they are visible to the office only).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from simple_history.models import HistoricalRecords

from registry.models import Department, Region
from registry.models.fields import optional_fk

from .enums import AttachmentKind, CaseStatus, DeclineReason, Satisfaction, UnitRole


class Category(models.Model):
    """One of the 14 report categories (fixtures/linyuan/mashangjian_categories.csv)."""

    code = models.CharField("代码", max_length=16, unique=True)
    name = models.CharField("名称", max_length=64)
    description = models.TextField("说明", blank=True)
    default_handler = models.CharField("建议承办单位", max_length=128, blank=True)
    basis = models.TextField("依据", blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "问题类别"
        verbose_name_plural = "问题类别"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class UnitGroup(models.Model):
    """Links a Wagtail group to its role in 码上减: the county office, or a handling department."""

    group = models.OneToOneField(
        Group, verbose_name="用户组", on_delete=models.CASCADE, related_name="mashangjian_unit"
    )
    role = models.CharField("角色", max_length=16, choices=UnitRole.choices)
    county = models.ForeignKey(
        Region, verbose_name="所属县", on_delete=models.PROTECT, related_name="+"
    )
    department = optional_fk(Department, "承办部门", related_name="mashangjian_groups")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "码上减用户组"
        verbose_name_plural = "码上减用户组"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role=UnitRole.OFFICE, department__isnull=True)
                | models.Q(role=UnitRole.HANDLER, department__isnull=False),
                name="mashangjian_unitgroup_role_department",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group.name}（{self.get_role_display()}）"


class RoutingRule(models.Model):
    """Region × category → proposed handling department. The most specific region wins."""

    county = models.ForeignKey(
        Region, verbose_name="县", on_delete=models.PROTECT, related_name="+"
    )
    region = optional_fk(
        Region,
        "适用区划",
        help_text="留空则适用于全县；填写乡镇（街道）或村（社区）则只适用于该区划及其下级。",
    )
    category = models.ForeignKey(Category, verbose_name="问题类别", on_delete=models.PROTECT)
    department = models.ForeignKey(Department, verbose_name="承办部门", on_delete=models.PROTECT)
    active = models.BooleanField("启用", default=True)
    note = models.CharField("说明", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "分办规则"
        verbose_name_plural = "分办规则"
        ordering = ["county", "category__sort_order", "region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "region", "category"],
                condition=models.Q(region__isnull=False),
                name="mashangjian_routing_unique",
            ),
            models.UniqueConstraint(
                fields=["county", "category"],
                condition=models.Q(region__isnull=True),
                name="mashangjian_routing_unique_countywide",
            ),
        ]

    def __str__(self) -> str:
        where = self.region.name if self.region_id else "全县"
        return f"{where} · {self.category} → {self.department}"

    def clean(self):
        """A rule of one county routes to that county's department, for a region inside it."""
        from django.core.exceptions import ValidationError

        errors = {}
        if self.county_id and self.department_id and self.department.county_id != self.county_id:
            errors["department"] = "承办部门须为本县部门。"
        if (
            self.county_id
            and self.region_id
            and self.county_id not in (r.pk for r in self.region.ancestors())
        ):
            errors["region"] = "适用区划须为本县的乡镇（街道）或村（社区）。"
        if errors:
            raise ValidationError(errors)


class CalendarDay(models.Model):
    """An exception to Mon–Fri: a public holiday on a weekday, or a make-up working day (调休).

    A row without a county is national and shared by every county of the deployment; a row with
    a county is that county's local entry (地方调休 or a local holiday) and wins over the national
    row of the same date for that county only (selectors.work_calendar)."""

    date = models.DateField("日期")
    county = optional_fk(
        Region, "适用县", help_text="留空为全国统一安排（各县共用）；填写则为本县的地方调休或放假。"
    )
    is_workday = models.BooleanField("是否上班", help_text="勾选表示调休上班日；不勾选表示放假。")
    name = models.CharField("名称", max_length=32, blank=True)
    source = models.CharField("来源", max_length=32, default="manual")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(county__isnull=True),
                name="mashangjian_calendar_national_unique",
                violation_error_message="该日期已有全国统一安排。",
            ),
            models.UniqueConstraint(
                fields=["county", "date"],
                condition=models.Q(county__isnull=False),
                name="mashangjian_calendar_local_unique",
                violation_error_message="本县该日期已有地方安排。",
            ),
        ]

    def __str__(self) -> str:
        where = f"（{self.county.name}）" if self.county_id else ""
        return f"{self.date} {'调休上班' if self.is_workday else '放假'} {self.name}{where}"


class CaseQuerySet(models.QuerySet):
    def open(self):
        from .enums import OPEN_STATUSES

        return self.filter(status__in=OPEN_STATUSES)

    def with_deadlines(self, *, today=None, soon=None):
        """Annotate ``due`` (the deadline running now), ``is_overdue`` and ``is_due_soon``.

        Overdue is never stored: it is read from the deadlines, so lists, filters, exports and
        the 待办 view agree without the periodic command having run. ``soon`` is the last date
        that counts as due soon (``deadlines.due_soon_until``)."""
        from django.db.models import BooleanField, DateField, Value, When
        from django.db.models import Case as Switch
        from django.utils import timezone

        today = today or timezone.localdate()
        soon = soon or today
        due = Switch(
            When(status=CaseStatus.SUBMITTED, then=models.F("accept_due")),
            When(status=CaseStatus.HANDLING, then=models.F("handle_due")),
            default=Value(None, output_field=DateField()),
            output_field=DateField(),
        )
        return self.annotate(
            due=due,
            is_overdue=Switch(
                When(due__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            is_due_soon=Switch(
                When(due__gte=today, due__lte=soon, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )


class Case(models.Model):
    number = models.CharField("案件编号", max_length=20, unique=True)
    token_hash = models.CharField(max_length=64)
    category = models.ForeignKey(Category, verbose_name="问题类别", on_delete=models.PROTECT)
    county = models.ForeignKey(
        Region, verbose_name="县", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name="反映地区", on_delete=models.PROTECT, related_name="mashangjian_cases"
    )
    subject_department = optional_fk(
        Department, "被反映部门", related_name="mashangjian_cases_about"
    )
    subject_text = models.CharField("被反映单位（其他）", max_length=128, blank=True)
    content = models.TextField("反映内容")
    # Every field the reporter typed is redacted once, at submission (visibility.py reads them).
    content_redacted = models.TextField("反映内容（去除个人信息）")
    subject_text_redacted = models.CharField(
        "被反映单位（其他，去除个人信息）", max_length=160, blank=True
    )
    occurred = models.CharField("发生时间", max_length=64, blank=True)
    occurred_redacted = models.CharField("发生时间（去除个人信息）", max_length=96, blank=True)
    # The departments this case is about, chosen or named in any text: ",3,17," (visibility.py).
    conflict_departments = models.CharField("回避部门", max_length=255, blank=True)
    anonymous = models.BooleanField("匿名", default=True)
    contact_name = models.CharField("联系人", max_length=32, blank=True)
    contact_phone = models.CharField("联系方式", max_length=64, blank=True)
    # Where the problem is, as an Open311 client sends it (address_string / lat / long); the
    # reporter's own words, so kept out of the history like the contact details.
    address_string = models.CharField("地点描述", max_length=255, blank=True)
    latitude = models.FloatField("纬度", null=True, blank=True)
    longitude = models.FloatField("经度", null=True, blank=True)

    status = models.CharField(
        "状态", max_length=16, choices=CaseStatus.choices, default=CaseStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField("提交时间")
    accept_due = models.DateField("受理期限")
    decided_at = models.DateTimeField("受理决定时间", null=True, blank=True)
    decline_reason = models.CharField(
        "不予受理理由", max_length=32, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.TextField("不予受理说明及引导", blank=True)

    proposed_department = optional_fk(Department, "建议承办部门")
    handler_department = optional_fk(
        Department, "承办部门", related_name="mashangjian_cases_handled"
    )
    direct = models.BooleanField("机制办直接督办", default=False)
    route_reason = models.TextField("改派理由", blank=True)
    handle_due = models.DateField("办理期限", null=True, blank=True)
    extended = models.BooleanField("已延期", default=False)
    extension_reason = models.TextField("延期理由", blank=True)

    answer_draft = models.TextField("承办单位办理结果", blank=True)
    review_note = models.TextField("审核意见", blank=True)
    public_answer = models.TextField("答复（反映人可见）", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_on_time = models.BooleanField("按期办结", null=True)
    accepted_on_time = models.BooleanField("受理及时", null=True)

    satisfaction = models.CharField(
        "满意度", max_length=16, choices=Satisfaction.choices, blank=True
    )
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    reopened = models.BooleanField("已重办", default=False)
    # The rating that reopened the case (不满意): it still counts in 满意率 after re-handling.
    first_satisfaction = models.CharField(
        "重办前评价", max_length=16, choices=Satisfaction.choices, blank=True
    )

    # Overdue is derived from the deadlines when cases are read (CaseQuerySet.with_deadlines);
    # this only remembers that the overdue notice for a deadline was sent.
    overdue_notified_for = models.DateField("已发超期通知的期限", null=True, blank=True)
    reminded_for = models.DateField("已提醒的期限", null=True, blank=True)
    escalated_for = models.DateField("已督促的期限", null=True, blank=True)

    check_id = models.BigIntegerField("准入审查记录", null=True, blank=True)
    check_result = models.JSONField("准入审查结果", null=True, blank=True)

    typical = models.BooleanField("典型案例", default=False)
    typical_title = models.CharField("典型案例标题", max_length=128, blank=True)
    typical_summary = models.TextField("典型案例（已脱敏）", blank=True)
    typical_published_at = models.DateTimeField("晾晒时间", null=True, blank=True)

    history = HistoricalRecords(
        excluded_fields=[
            "contact_name",
            "contact_phone",
            "token_hash",
            "address_string",
            "latitude",
            "longitude",
        ]
    )
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "码上减案件"
        verbose_name_plural = "码上减案件"
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["county", "status"]),
            models.Index(fields=["handler_department", "status"]),
            models.Index(fields=["submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def current_due(self):
        if self.status == CaseStatus.SUBMITTED:
            return self.accept_due
        if self.status == CaseStatus.HANDLING:
            return self.handle_due
        return None


class SubmissionKey(models.Model):
    """A key that makes a submission happen once: the reporter's idempotency key, or the
    fingerprint of an identical report from the same source within a short window.

    Only keyed hashes are stored, never the address; rows expire (``expires_at``) and the deadline
    command purges them, so nothing here outlives the window it serves."""

    digest = models.CharField(max_length=64, unique=True)
    case = models.ForeignKey("Case", on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "提交幂等键"
        verbose_name_plural = "提交幂等键"

    def __str__(self) -> str:
        return self.digest[:12]


class CaseNote(models.Model):
    """An internal note: visible to the office and the handling unit, never to the reporter."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    office_only = models.BooleanField("仅机制办可见", default=False)
    text = models.TextField("备注")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "内部备注"
        verbose_name_plural = "内部备注"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:40]


class Attachment(models.Model):
    """A checked, metadata-stripped upload. Stored under a random name in private storage."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="mashangjian_private/%Y/%m/")
    kind = models.CharField(max_length=8, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.size // 1024} KB）"


class CaseMonthFigures(models.Model):
    """The statistics figures of one county's cases submitted in one local month, one row per
    group of each dimension (``mashangjian/services/case_figures.py`` keeps them exact: derived
    data, recomputed from the case table, never edited)."""

    county = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    month = models.DateField("月份")  # the first day of the local (Asia/Shanghai) month
    dimension = models.CharField("维度", max_length=16)
    # The group within the dimension (region, department, category, county id; -1 不予受理,
    # -2 机制办直接督办 for the handler); NULL for the month dimension (the month is the group)
    # and for a case without one (no subject department, not routed).
    group = models.BigIntegerField("分组", null=True)
    n = models.PositiveIntegerField()
    acc_num = models.PositiveIntegerField()
    acc_den = models.PositiveIntegerField()
    closed_num = models.PositiveIntegerField()
    closed_den = models.PositiveIntegerField()
    sat1_num = models.PositiveIntegerField()
    sat1_den = models.PositiveIntegerField()
    sat2_num = models.PositiveIntegerField()
    sat2_den = models.PositiveIntegerField()
    bad = models.PositiveIntegerField()

    class Meta:
        verbose_name = "码上减月度统计"
        verbose_name_plural = "码上减月度统计"
        indexes = [models.Index(fields=["county", "month"])]

    def __str__(self) -> str:
        return f"{self.county_id} {self.month:%Y-%m} {self.dimension} {self.group}"


class CaseFiguresMark(models.Model):
    """A county-month whose figures must be recomputed: written only by the database triggers on
    the case table (``mashangjian/db_triggers.py``), taken by the refresh. ``xact`` is the
    writing transaction (PostgreSQL; 0 on SQLite): each writer's mark is its own row, committed
    with its change (see ``case_figures_refresh`` for why)."""

    pk = models.CompositePrimaryKey("county_id", "month", "xact")
    county_id = models.BigIntegerField()
    month = models.DateField()
    xact = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "码上减待重算月份"
        verbose_name_plural = "码上减待重算月份"

    def __str__(self) -> str:
        return f"{self.county_id} {self.month:%Y-%m}"
