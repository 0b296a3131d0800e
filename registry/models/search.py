"""The search index of published items: jieba-segmented text, one row per item.

Derived data, rebuilt at will (``manage.py search_reindex``); it is not part of
the immutable record, so it may be written and deleted freely.
"""

from django.db import models

from .items import ListItem
from .lists import ListVersion


class ItemSearchEntry(models.Model):
    item = models.OneToOneField(
        ListItem, verbose_name="事项", on_delete=models.CASCADE, related_name="search_entry"
    )
    # Denormalised so that a search filters without joining the items table.
    version = models.ForeignKey(
        ListVersion, verbose_name="版本", on_delete=models.CASCADE, related_name="+"
    )
    applies_to = models.CharField("适用范围", max_length=8)
    # " 词 词 词 ": normalised, segmented tokens separated (and surrounded) by spaces.
    name_tokens = models.TextField("名称分词")
    body_tokens = models.TextField("正文分词")

    class Meta:
        verbose_name = verbose_name_plural = "事项检索条目"

    def __str__(self) -> str:
        return f"检索条目 #{self.item_id}"
