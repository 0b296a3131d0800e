"""Published versions and their items cannot be changed or deleted, by any path."""

import datetime

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models.deletion import ProtectedError
from django.db.utils import InternalError

from registry.enums import ListKind
from registry.models import DutyList, ListItem, ListVersion
from registry.models.immutable import PublishedRecordImmutable
from tests.factories import items, publish


@pytest.fixture
def version(tree):
    return publish(
        tree["county"], ListKind.TOWNSHIP_BASIC, datetime.date(2025, 1, 1), items("甲", "乙")
    )


def test_model_save_of_existing_version_or_item_is_refused(version):
    version.document_no = "改过的文号"
    with pytest.raises(PublishedRecordImmutable, match="不可修改或删除"):
        version.save()
    item = version.items.first()
    item.name = "改过的名称"
    with pytest.raises(PublishedRecordImmutable):
        item.save()
    version.refresh_from_db()
    assert version.document_no != "改过的文号"


def test_model_delete_is_refused(version):
    with pytest.raises(PublishedRecordImmutable):
        version.delete()
    with pytest.raises(PublishedRecordImmutable):
        version.items.first().delete()
    assert ListItem.objects.count() == 2


@pytest.mark.parametrize(
    "action",
    [
        lambda: ListVersion.objects.update(document_no="x"),
        lambda: ListVersion.objects.all().delete(),
        lambda: ListItem.objects.filter(name="甲").update(name="x"),
        lambda: ListItem.objects.all().delete(),
        lambda: ListItem.objects.bulk_update(list(ListItem.objects.all()), ["name"]),
        lambda: ListVersion.objects.update_or_create(number=1, defaults={"document_no": "x"}),
    ],
)
def test_queryset_writes_are_refused(version, action):
    with pytest.raises(PublishedRecordImmutable):
        action()


def test_cascade_from_the_list_is_blocked(version):
    with pytest.raises((ProtectedError, PublishedRecordImmutable)):
        DutyList.objects.filter(pk=version.duty_list_id).delete()
    assert ListVersion.objects.filter(pk=version.pk).exists()


def test_raw_sql_update_is_refused_by_the_database(version):
    with (
        pytest.raises((IntegrityError, OperationalError, InternalError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE registry_listitem SET name = 'x' WHERE version_id = %s", [version.pk]
        )
    with (
        pytest.raises((IntegrityError, OperationalError, InternalError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE registry_listversion SET document_no = 'x' WHERE id = %s", [version.pk]
        )
    assert set(ListItem.objects.values_list("name", flat=True)) == {"甲", "乙"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DELETE trigger is PostgreSQL-only")
def test_raw_sql_delete_is_refused_by_postgresql(version):
    with (
        pytest.raises((IntegrityError, InternalError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM registry_listitem WHERE version_id = %s", [version.pk])
    assert ListItem.objects.count() == 2


def test_triggers_are_reasserted_after_migrate(version):
    """A later migration that rebuilds the table (SQLite does for a new column) loses the
    trigger; post_migrate puts it back."""
    from registry.db_triggers import ensure_immutability_triggers

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER registry_listitem_immutable ON registry_listitem")
        else:
            cursor.execute("DROP TRIGGER registry_listitem_immutable")
    ensure_immutability_triggers(connection)
    ensure_immutability_triggers(connection)  # idempotent
    with (
        pytest.raises((IntegrityError, OperationalError, InternalError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE registry_listitem SET name = 'x' WHERE version_id = %s", [version.pk]
        )
