import datetime

from django.db import models
from django.db.models import OuterRef, Subquery

from registry.enums import ALWAYS_DERIVED_LEVELS, ChangeType, ListKind

from .fields import user_field
from .immutable import ImmutableModel, ImmutableQuerySet
from .regions import Region


class DutyList(models.Model):
    """One list of one kind attached to one region (a county-wide list sits on the county)."""

    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="duty_lists"
    )
    kind = models.CharField("清单类型", max_length=32, choices=ListKind.choices)
    # A county list made under the city's catalogue holds adjustments to it (registry.layers);
    # township and village lists always do. Set once, when the list is created.
    derived = models.BooleanField(
        "本级调整清单",
        default=False,
        editable=False,
        help_text="在上级同类清单基础上增补、不适用、本级表述，而非另立一份完整清单。",
    )

    class Meta:
        verbose_name = verbose_name_plural = "清单"
        ordering = ["region__code", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["region", "kind"], name="duty_list_region_kind_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region.name}{self.get_kind_display()}"

    @property
    def is_derived(self) -> bool:
        return self.derived or self.region.level in ALWAYS_DERIVED_LEVELS


class ListVersionQuerySet(ImmutableQuerySet):
    def in_force(self, *, on: datetime.date):
        """For each list, the one version in force on ``on`` (the latest that has taken effect)."""
        latest = (
            ListVersion.objects.filter(duty_list=OuterRef("duty_list"), effective_from__lte=on)
            .order_by("-effective_from")
            .values("pk")[:1]
        )
        return self.filter(pk=Subquery(latest))


class ListVersion(ImmutableModel):
    """A published, legally effective version of a list. Immutable once written."""

    duty_list = models.ForeignKey(
        DutyList, verbose_name="清单", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField("版本号")
    effective_from = models.DateField("生效日期")
    document_no = models.CharField("文号", max_length=128)
    issuing_body = models.CharField("印发机关", max_length=128)
    change_note = models.TextField("修订说明", blank=True)
    change_type = models.CharField(
        "调整类型", max_length=16, choices=ChangeType.choices, default=ChangeType.SUBSTANTIVE
    )
    published_at = models.DateTimeField("发布时间")
    published_by = user_field("发布人")
    # The Wagtail revision the version was published from (None for loaded data).
    source_revision_id = models.PositiveBigIntegerField("来源修订", null=True, blank=True)

    objects = ListVersionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "清单版本"
        ordering = ["duty_list", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["duty_list", "effective_from"], name="list_version_effective_unique"
            ),
            models.UniqueConstraint(
                fields=["duty_list", "number"], name="list_version_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.duty_list} 第{self.number}版（{self.effective_from:%Y-%m-%d}起施行）"
