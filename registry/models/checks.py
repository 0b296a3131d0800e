"""Stored admission checks and admission requests (准入审查, 准入申请).

An ``AssignmentCheck`` is written once and never changed: it keeps the inputs, the verdict, the
cited items and the versions used, so ``/check/<public_id>/`` shows it exactly as it was even
after the lists have moved on.  An ``AdmissionRequest`` is an operational record with a status
workflow; simple-history keeps who changed it and when.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from registry.enums import (
    AdmissionStatus,
    CheckSource,
    CheckVerdict,
    DecisionSource,
    ListKind,
    RegionLevel,
)

from .fields import optional_fk, user_field
from .immutable import ImmutableQuerySet, PublishedRecordImmutable
from .lists import ListVersion
from .regions import Department, Region

CHECK_RECORD = "准入审查记录"
# Defaults of domain.md §5 (西城): apply 30 working days ahead, decide within 15.
APPLY_LEAD_WORKING_DAYS = 30
DECIDE_WORKING_DAYS = 15
# The levels a task is assigned to (准入申请, 人工认定).
TARGET_LEVEL_CHOICES = [(RegionLevel.TOWNSHIP, "乡镇（街道）"), (RegionLevel.VILLAGE, "村（社区）")]


def new_public_id() -> str:
    """16 URL-safe random characters (96 bits): not guessable, not sequential."""
    return secrets.token_urlsafe(12)


class AssignmentCheck(models.Model):
    public_id = models.CharField(
        "公开编号", max_length=24, unique=True, default=new_public_id, editable=False
    )
    text = models.TextField("交办事项")
    region = models.ForeignKey(
        Region, verbose_name="承接单位", on_delete=models.PROTECT, related_name="+"
    )
    department = optional_fk(Department, "交办部门")
    # As typed, when it names no department of the county (still shown and used for warnings).
    department_name = models.CharField("交办部门（填写）", max_length=128, blank=True)
    on = models.DateField("交办日期")
    source = models.CharField("来源", max_length=16, choices=CheckSource.choices)
    user = user_field("操作人", on_delete=models.SET_NULL)
    verdict = models.CharField("结论", max_length=32, choices=CheckVerdict.choices)
    result = models.JSONField("审查结果")
    versions = models.ManyToManyField(
        ListVersion, verbose_name="所依据的清单版本", related_name="+", blank=True
    )
    created_at = models.DateTimeField("审查时间", default=timezone.now)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "准入审查记录"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.region.name}：{self.text[:20]}（{self.verdict_label}）"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PublishedRecordImmutable(CHECK_RECORD)
        kwargs["force_insert"] = True
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PublishedRecordImmutable(CHECK_RECORD)

    @property
    def verdict_label(self) -> str:
        return str(CheckVerdict(self.verdict).label)

    @property
    def prohibited(self) -> bool:
        return self.verdict in (
            CheckVerdict.WITHDRAWN,
            CheckVerdict.NEGATIVE,
            CheckVerdict.CERTIFICATE_FORBIDDEN,
        )


class AdmissionRequest(models.Model):
    """A department's application to add a task for townships or villages (准入申请)."""

    county = models.ForeignKey(
        Region, verbose_name="所属县", on_delete=models.PROTECT, related_name="admission_requests"
    )
    department = models.ForeignKey(
        Department, verbose_name="申请部门", on_delete=models.PROTECT, related_name="+"
    )
    target_level = models.CharField(
        "承接层级",
        max_length=16,
        choices=TARGET_LEVEL_CHOICES,
        default=RegionLevel.VILLAGE,
    )
    list_kind = models.CharField(
        "拟纳入清单",
        max_length=32,
        choices=ListKind.choices,
        default=ListKind.VILLAGE_ASSIST,
        help_text="批准后在该清单的下一版草稿中新增此事项。",
    )
    target_regions = models.ManyToManyField(
        Region,
        verbose_name="承接单位",
        blank=True,
        related_name="+",
        help_text="留空表示全县同一层级的所有单位。",
    )
    # What is admitted: a task (approval adds it to a list draft) or a form for the county's
    # 基层报表目录 (approval takes the form into the catalogue: burden/admission.py).
    subject = models.CharField(
        "申请类型",
        max_length=8,
        choices=[("task", "工作事项"), ("form", "基层报表")],
        default="task",
    )
    item_name = models.CharField("事项名称", max_length=200)
    domain = models.CharField("领域", max_length=64, blank=True)
    basis = models.TextField("法律法规依据")
    content = models.TextField("工作内容")
    period_start = models.DateField("开始日期")
    period_end = models.DateField("结束日期", null=True, blank=True)
    funding = models.TextField("经费保障（费随事转）")
    staff = models.TextField("人员与工作条件（权随责走）")
    assessment = models.TextField("考核评价方式", blank=True)

    status = models.CharField(
        "状态", max_length=16, choices=AdmissionStatus.choices, default=AdmissionStatus.SUBMITTED
    )
    approving_group = models.CharField("审定机构（用户组）", max_length=150)
    assignment_check = optional_fk(AssignmentCheck, "准入审查结果")
    submitted_by = user_field("申请人", blank=False)
    submitted_on = models.DateField("申请日期")
    lead_working_days = models.IntegerField("提前工作日数")
    decision_due = models.DateField("审批期限")
    deadline_warning = models.CharField("期限提示", max_length=200, blank=True)

    decided_by = user_field("审批人")
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decision_document_no = models.CharField("批准文号", max_length=128, blank=True)
    decision_reason = models.TextField("审批意见", blank=True)
    # The list page and the stable item code of the draft change (registry never imports cms).
    draft_page_id = models.PositiveIntegerField("清单页面", null=True, blank=True)
    item_code = models.CharField("事项编码", max_length=16, blank=True)

    revoked_by = user_field("退出审批人")
    revoked_on = models.DateField("退出日期", null=True, blank=True)
    revoke_document_no = models.CharField("退出文号", max_length=128, blank=True)
    revoke_reason = models.TextField("退出理由", blank=True)

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "准入申请"
        ordering = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.department.short_name}：{self.item_name}"


class CheckDecision(models.Model):
    """A person's decision on what a task is: the reviewer of an admission request, or a user
    correcting a check (choosing the right item, or confirming 清单外).

    Later checks in the *same county* use decided tasks worded alike as evidence (类似的已审事项);
    decisions never cross counties, because another county's lists are not this one's.
    Written once; a later decision on the same wording simply comes first.
    """

    county = models.ForeignKey(
        Region, verbose_name="所属县", on_delete=models.PROTECT, related_name="check_decisions"
    )
    target_level = models.CharField("承接层级", max_length=16, choices=TARGET_LEVEL_CHOICES)
    text = models.TextField("交办事项")
    verdict = models.CharField("认定结论", max_length=32, choices=CheckVerdict.choices)
    list_kind = models.CharField("清单", max_length=32, choices=ListKind.choices, blank=True)
    item_code = models.CharField("事项编码", max_length=16, blank=True)
    item_name = models.CharField("事项名称", max_length=200, blank=True)
    source = models.CharField("来源", max_length=16, choices=DecisionSource.choices)
    note = models.TextField("说明", blank=True)
    assignment_check = optional_fk(AssignmentCheck, "所更正的审查记录", related_name="decisions")
    admission_request = optional_fk(AdmissionRequest, "准入申请", related_name="decisions")
    decided_by = user_field("认定人", blank=False)
    created_at = models.DateTimeField("认定时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "人工认定"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["county", "target_level", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.text[:20]}：{self.get_verdict_display()}"
