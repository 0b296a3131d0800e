"""Published versions and their items cannot be changed or deleted, by any path."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models.deletion import ProtectedError
from django.test import override_settings

from registry.enums import ListKind, RegionLevel
from registry.models import AssignmentCheck, DutyList, ListItem, ListVersion, Region
from registry.models.immutable import PublishedRecordImmutable
from tests.factories import items, make_county_tree, publish
from tests.triggers import refused


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
    refused("UPDATE registry_listitem SET name = 'x' WHERE version_id = %s", [version.pk])
    refused("UPDATE registry_listversion SET document_no = 'x' WHERE id = %s", [version.pk])
    assert set(ListItem.objects.values_list("name", flat=True)) == {"甲", "乙"}


def test_raw_sql_delete_is_refused_by_the_database(version):
    """Seen: on SQLite a raw DELETE of a published item passed."""
    refused("DELETE FROM registry_listitem WHERE version_id = %s", [version.pk])
    refused("DELETE FROM registry_listversion WHERE id = %s", [version.pk])
    assert ListItem.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE registry_listitem",
        "TRUNCATE registry_listitem CASCADE",
        "TRUNCATE registry_listversion CASCADE",
        "TRUNCATE registry_dutylist CASCADE",  # reaches versions and items through the cascade
        "TRUNCATE registry_assignmentcheck CASCADE",
        "TRUNCATE registry_assignmentcheck_versions",
    ],
)
def test_truncate_is_refused_by_postgresql(version, statement):
    """Seen: on PostgreSQL ``TRUNCATE registry_listitem CASCADE`` passed (the triggers were per
    row)."""
    refused(statement)
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
    refused("UPDATE registry_listitem SET name = 'x' WHERE version_id = %s", [version.pk])


@pytest.fixture
def check(version, tree):
    from registry.services.checks import check_run

    user = get_user_model().objects.create_user("checker")
    return check_run(
        region=tree["town"],
        text="请各乡镇（街道）组织开展辖区安全生产检查。",
        on=version.effective_from,
        user=user,
    )


def test_stored_checks_refuse_raw_update_and_delete(check):
    """Seen: stored checks accepted a raw UPDATE (no trigger)."""
    refused("UPDATE registry_assignmentcheck SET verdict = 'x' WHERE id = %s", [check.pk])
    refused(
        "UPDATE registry_assignmentcheck SET text = 'x', user_id = NULL WHERE id = %s", [check.pk]
    )
    refused("DELETE FROM registry_assignmentcheck WHERE id = %s", [check.pk])
    refused("UPDATE registry_assignmentcheck_versions SET listversion_id = listversion_id")
    refused("DELETE FROM registry_assignmentcheck_versions")
    check.refresh_from_db()
    assert (
        check.text == "请各乡镇（街道）组织开展辖区安全生产检查。" and check.versions.count() == 1
    )


def test_deleting_the_user_keeps_the_check_and_only_unlinks_it(check):
    """on_delete=SET_NULL is the one UPDATE the database lets through."""
    text, verdict = check.text, check.verdict
    check.user.delete()
    check = AssignmentCheck.objects.get(pk=check.pk)
    assert check.user_id is None and (check.text, check.verdict) == (text, verdict)


def test_check_triggers_are_reasserted_after_migrate(check):
    from registry.db_triggers import ensure_immutability_triggers

    with connection.cursor() as cursor:
        for name in ("registry_assignmentcheck_immutable", "registry_assignmentcheck_no_delete"):
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON registry_assignmentcheck")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    ensure_immutability_triggers(connection)
    refused("UPDATE registry_assignmentcheck SET verdict = 'x' WHERE id = %s", [check.pk])
    refused("DELETE FROM registry_assignmentcheck WHERE id = %s", [check.pk])


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_test_database_and_is_refused_elsewhere(tree):
    """The guard does not break the test flush: `flush` passes only where the settings allow it
    (the test settings); with the setting off the database refuses and nothing is emptied."""
    publish(tree["county"], ListKind.TOWNSHIP_BASIC, datetime.date(2025, 1, 1), items("甲"))
    with override_settings(REGISTRY_ALLOW_FLUSH=False), pytest.raises(CommandError) as exc:
        call_command("flush", interactive=False, verbosity=0)
    assert "不可修改或删除" in str(exc.value.__cause__)
    assert ListItem.objects.count() == 1
    call_command("flush", interactive=False, verbosity=0)
    assert ListItem.objects.count() == 0 and ListVersion.objects.count() == 0
    make_county_tree()
    version = publish(
        Region.objects.get(level=RegionLevel.COUNTY),
        ListKind.TOWNSHIP_BASIC,
        datetime.date(2025, 1, 1),
        items("乙"),
    )
    refused("DELETE FROM registry_listitem WHERE version_id = %s", [version.pk])  # guard back on
