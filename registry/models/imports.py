"""An uploaded spreadsheet between its preview and its confirmation.

The uploaded bytes and the parsed preview live in the database, not in a local
temp file, so the confirm request may reach another web process or host.
"""

from django.db import models

from registry.enums import ImportStatus, ImportTarget, ListKind

from .fields import optional_fk, user_field
from .regions import Region


class ImportJob(models.Model):
    target = models.CharField("导入对象", max_length=16, choices=ImportTarget.choices)
    region = optional_fk(
        Region,
        "区划",
        on_delete=models.CASCADE,
        related_name="import_jobs",
        help_text="清单导入为清单所属区划；部门导入为所属县；区划导入为空。",
    )
    kind = models.CharField("清单类型", max_length=32, choices=ListKind.choices, blank=True)
    # The Wagtail page the draft is written to (registry does not import cms).
    page_id = models.PositiveBigIntegerField("清单页面", null=True, blank=True)
    file_name = models.CharField("文件名", max_length=255)
    file_size = models.PositiveIntegerField("文件大小（字节）")
    data = models.BinaryField("文件内容")
    # Optional header of the next version (文号, 印发机关, 生效日期, 修订说明, 调整类型).
    header = models.JSONField("下一版本信息", default=dict, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    errors = models.JSONField("错误", default=list, blank=True)
    warnings = models.JSONField("提示", default=list, blank=True)
    preview = models.JSONField("预览", default=dict, blank=True)
    # Parsed rows ready to commit (plain values; departments by id).
    payload = models.JSONField("解析结果", default=list, blank=True)
    base_version_id = models.PositiveBigIntegerField("比对版本", null=True, blank=True)
    result = models.JSONField("导入结果", default=dict, blank=True)
    created_by = user_field("上传人", on_delete=models.SET_NULL)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    committed_by = user_field("确认人", on_delete=models.SET_NULL)
    committed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "导入任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))
