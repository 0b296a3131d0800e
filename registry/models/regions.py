from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from registry.enums import RegionLevel, UnitType

from .fields import optional_fk

region_code_validator = RegexValidator(r"^\d{12}$", "区划代码须为12位数字。")


class RegionQuerySet(models.QuerySet):
    def counties(self):
        return self.filter(level=RegionLevel.COUNTY)

    def within(self, regions):
        """The regions (instances or ids) and the two levels below them: a county's townships
        and villages, a city's counties and townships."""
        ids = [getattr(region, "pk", region) for region in regions]
        return self.filter(
            models.Q(pk__in=ids) | models.Q(parent__in=ids) | models.Q(parent__parent__in=ids)
        )


class Region(models.Model):
    """An administrative unit, coded like the 统计用区划代码 (12 digits)."""

    code = models.CharField(
        "区划代码", max_length=12, unique=True, validators=[region_code_validator]
    )
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16, choices=RegionLevel.choices)
    unit_type = models.CharField("单位类型", max_length=8, choices=UnitType.choices)
    parent = optional_fk("self", "上级区划", related_name="children")

    history = HistoricalRecords()
    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list["Region"]:
        """Parents from the nearest upwards (at most four queries: the tree is shallow)."""
        chain: list[Region] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def lineage(self) -> list["Region"]:
        """This region and its ancestors, nearest first."""
        return [self, *self.ancestors()]

    @property
    def county(self) -> "Region | None":
        """The county this region belongs to (itself for a county); None above county level.

        The one home of "the county of a region". Walks ``parent``: no query when the
        ancestors were loaded with ``select_related("parent__parent…")``.
        """
        return next((r for r in self.lineage() if r.level == RegionLevel.COUNTY), None)

    @property
    def full_name(self) -> str:
        return "".join(r.name for r in reversed(self.lineage()) if r.level != RegionLevel.PROVINCE)


class Department(models.Model):
    """A county-level department (or a vertically managed unit present in the county)."""

    county = models.ForeignKey(
        Region, verbose_name="所属县", on_delete=models.PROTECT, related_name="departments"
    )
    code = models.CharField("部门编码", max_length=16)
    name = models.CharField("全称", max_length=128)
    short_name = models.CharField("简称", max_length=64)
    kind = models.CharField("机构类别", max_length=64, blank=True)
    # The department's own account role (cms.roles.department_role): its members file and follow
    # the department's 准入申请 and nothing else.
    account_group = models.OneToOneField(
        "auth.Group",
        verbose_name="部门账号用户组",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="department",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "部门"
        ordering = ["county", "code"]
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="department_code_unique"),
            models.UniqueConstraint(
                fields=["county", "short_name"], name="department_short_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name
