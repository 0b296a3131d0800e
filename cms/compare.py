"""Revision comparison tweaks for the admin's history and compare screens."""

from django.db import models
from wagtail.admin.compare import FieldComparison, register_comparison_class

EMPTY = "（空）"


class EmptyAsChineseComparison(FieldComparison):
    """Wagtail prints an empty date as "None" beside the new one ("None2027-02-01")."""

    def __init__(self, field, obj_a, obj_b):
        super().__init__(field, obj_a, obj_b)
        self.val_a = EMPTY if self.val_a is None else self.val_a
        self.val_b = EMPTY if self.val_b is None else self.val_b


def register() -> None:
    """Called from CmsConfig.ready: the comparison must be in place before any history view."""
    for field in (models.DateField, models.DateTimeField, models.IntegerField, models.DecimalField):
        register_comparison_class(field, comparison_class=EmptyAsChineseComparison)
