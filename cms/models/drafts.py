"""Draft items: the items of a list page's next version, edited through ``cms.drafts``."""

from __future__ import annotations

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from registry.columns import ITEM_FIELDS
from registry.models import AbstractItemFields

from ..revision_items import item_data, item_from_data


class DraftItem(Orderable, AbstractItemFields):
    """A draft item of the next version; same field definitions as registry.ListItem."""

    page = ParentalKey("cms.DutyListPage", on_delete=models.CASCADE, related_name="draft_items")

    @classmethod
    def copy_of(cls, item, *, sort_order: int) -> DraftItem:
        """A draft copy of a published item (or of another draft), stable code included."""
        return cls(sort_order=sort_order, **{f: getattr(item, f) for f in ITEM_FIELDS})

    # A revision holds every item: see cms.revision_items (same JSON as modelcluster's).
    def serializable_data(self):
        return item_data(self)

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        return item_from_data(cls, data, check_fks=check_fks, strict_fks=strict_fks)

    class Meta(Orderable.Meta):
        verbose_name = "事项"
        verbose_name_plural = "事项"
