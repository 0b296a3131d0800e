"""Read-only scopes: which counties a city role may see (cms.permissions.user_counties)."""

from __future__ import annotations

from django.db import models

from registry.models import Region


class ReadOnlyScope(models.Model):
    """A group that sees a region's counties without any right on their pages: a city role such
    as 市委社会工作部 reads every county under its city (cms.permissions.user_counties) and
    changes none of them (it holds view permissions only; cms.roles.city_role_setup)."""

    group = models.OneToOneField(
        "auth.Group",
        verbose_name="用户组",
        on_delete=models.CASCADE,
        related_name="read_only_scope",
    )
    region = models.ForeignKey(
        Region, verbose_name="可查看的区划", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "只读查看范围"
        verbose_name_plural = "只读查看范围"

    def __str__(self) -> str:
        return f"{self.group.name}：{self.region.name}（只读）"
