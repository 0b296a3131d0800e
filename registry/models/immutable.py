"""Append-only rows: a published version and its items never change.

Three layers guard this: the model (``save`` of an existing row, ``delete``),
the queryset (``update``, ``delete``, ``bulk_update``) and, on PostgreSQL and
SQLite, database triggers installed by migration ``0002`` (see
docs/architecture.md). A correction is always a new version.
"""

from django.db import models


class PublishedRecordImmutable(Exception):
    """Raised on any attempt to change or delete a published record."""

    def __init__(self, what: str = "已发布的清单版本及其事项"):
        super().__init__(f"{what}不可修改或删除；如需更正，请发布新版本。")


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PublishedRecordImmutable()

    def delete(self):
        raise PublishedRecordImmutable()

    def bulk_update(self, objs, fields, batch_size=None):
        raise PublishedRecordImmutable()

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        raise PublishedRecordImmutable()


class ImmutableModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PublishedRecordImmutable()
        kwargs["force_insert"] = True
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PublishedRecordImmutable()
