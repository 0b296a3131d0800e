import re

from django.db import models
from django.db.models import Q

from registry.enums import Adjustment, AppliesTo

from .fields import optional_fk
from .immutable import ImmutableModel, ImmutableQuerySet
from .lists import ListVersion

TARGET_CODE_RE = re.compile(r"\d{12}")


def target_codes(targets: str) -> tuple[str, ...]:
    """The 12-digit region codes named in an item's ``targets`` (empty: no restriction)."""
    return tuple(TARGET_CODE_RE.findall(targets or ""))


# 限定承接单位: an admitted item with ``targets`` applies only to the units it names by code; an
# item without applies to every unit its 适用范围 allows. One rule, written for rows in Python
# (``targets_cover``) and for querysets in SQL (``targets_q``); a test runs both on one table of
# cases. (A 12-digit code inside the text can only match itself: ``targets_text`` brackets it.)


def targets_cover(targets: str, region_code: str) -> bool:
    """Whether an item with these ``targets`` applies to the unit ``region_code``."""
    return not targets or region_code in targets


def targets_q(region_code: str, *, prefix: str = "") -> Q:
    """``targets_cover`` as a filter on items (``prefix``: the path to the item, e.g. "item__")."""
    return Q(**{f"{prefix}targets": ""}) | Q(**{f"{prefix}targets__contains": region_code})


def targets_text(regions) -> str:
    """The ``targets`` value naming ``regions`` (name and code, readable and parseable)."""
    return "、".join(f"{r.name}（{r.code}）" for r in regions)


class AbstractItemFields(models.Model):
    """The columns of a list item, shared by published items and the drafts on a list page.

    Which columns a kind shows, and under which Chinese header, is in
    ``registry.columns``.
    """

    code = models.CharField(
        "事项编码",
        max_length=16,
        blank=True,
        db_index=True,
        help_text="稳定编码，跨版本、跨清单保持不变；新增事项留空，发布时自动生成。",
    )
    seq = models.PositiveIntegerField("序号")
    domain = models.CharField("领域/类别", max_length=64, blank=True)
    name = models.CharField("事项名称", max_length=200)
    content = models.TextField("具体内容", blank=True)
    basis = models.TextField("依据", blank=True)
    department = optional_fk(
        "registry.Department",
        "相关部门",
        help_text="配合清单为县级主责部门，收回清单为承接部门，协助清单为责任部门。",
    )
    department_duty = models.TextField("部门职责", blank=True)
    local_duty = models.TextField("乡镇（街道）配合职责", blank=True)
    alternative = models.TextField("替代办理方式", blank=True)
    issuer = models.CharField("出具主体", max_length=64, blank=True)
    note = models.TextField("工作方式/备注", blank=True)
    applies_to = models.CharField(
        "适用范围", max_length=8, choices=AppliesTo.choices, default=AppliesTo.ALL
    )
    # Terms of an item admitted through 准入申请 (cms.admission): carried onto the published
    # version so the list, the exports, the API and the check say what the approval said.
    targets = models.TextField(
        "限定承接单位",
        blank=True,
        help_text="只由部分村（社区）或乡镇（街道）承担时填写，如“东岗村（990123101201）”，"
        "多个以“、”分隔；留空表示按“适用范围”全部承担。",
    )
    admission_no = models.CharField("准入文号", max_length=128, blank=True)
    term = models.CharField("实施期限", max_length=64, blank=True)
    funding = models.TextField("经费保障（费随事转）", blank=True)
    staff = models.TextField("人员与工作条件（权随责走）", blank=True)
    # How tasks about this item are worded in real notices: read by the admission check
    # (registry.admission_index), maintained by list editors in the draft editor and imports.
    keywords = models.TextField(
        "关键词",
        blank=True,
        help_text="与本事项相关的词语，用顿号或空格分隔，例如“地灾、隐患点、监测员”。",
    )
    phrases = models.TextField(
        "常见说法",
        blank=True,
        help_text="交办通知中对本事项的常见说法，每行一条，例如“汛期地灾隐患点巡查”。",
    )
    # A derived list (registry.layers) holds adjustments to its source: 本级增补 (empty), 不适用
    # (a source item, by code, with the reason) or 本级表述 (a source item's local column).
    adjustment = models.CharField(
        "调整方式", max_length=16, choices=Adjustment.choices, default=Adjustment.ADDED, blank=True
    )
    reason = models.TextField(
        "不适用理由/调整说明", blank=True, help_text="标为“不适用”的上级事项须写明理由。"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.seq}. {self.name}"

    @property
    def target_codes(self) -> tuple[str, ...]:
        return target_codes(self.targets)

    @property
    def department_label(self) -> str:
        """The department as shown to readers: a draft shows the department's current short name."""
        return self.department.short_name if self.department_id else ""


class ListItem(AbstractItemFields, ImmutableModel):
    version = models.ForeignKey(
        ListVersion, verbose_name="版本", on_delete=models.PROTECT, related_name="items"
    )
    # The department's names as published, written once by ``version_publish``. A department
    # renamed later keeps its identity (``department``: pivot, filters, links) but every
    # display and export of this item keeps the names it was published with.
    department_name = models.CharField(
        "相关部门全称（发布时）", max_length=128, blank=True, editable=False
    )
    department_short_name = models.CharField(
        "相关部门简称（发布时）", max_length=64, blank=True, editable=False
    )

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "清单事项"
        ordering = ["version", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="list_item_code_unique"),
            models.UniqueConstraint(fields=["version", "seq"], name="list_item_seq_unique"),
            models.CheckConstraint(
                condition=models.Q(department__isnull=True) | ~models.Q(department_short_name=""),
                name="list_item_department_snapshot",
                violation_error_message="已发布事项须记录发布时的部门名称。",
            ),
        ]

    @property
    def department_label(self) -> str:
        """The department's short name as published (never the current one)."""
        return self.department_short_name
