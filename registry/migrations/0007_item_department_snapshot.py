"""Published items keep the department names they were published with.

Adds ``ListItem.department_name`` / ``department_short_name`` and backfills them. Existing items
take the department's names *as they were when the version was published*, read from the
department's history (django-simple-history), falling back to the current names where the
history does not reach back that far.

``registry_listitem`` is protected against UPDATE by triggers (migration 0002: UPDATE and DELETE
on PostgreSQL, UPDATE on SQLite). The trigger is dropped for the duration of this migration and
recreated at its end, inside the migration's transaction, so no other writer ever sees the table
unprotected. On SQLite, adding a NOT NULL column or a constraint rebuilds the table, which would
drop the trigger anyway; recreating it last covers that too.

The search index is derived data (``registry.search``): its rows are deleted so that they are
rebuilt, on the next search, from the published names.
"""

import bisect
from collections import defaultdict

from django.db import migrations, models

TABLE = "registry_listitem"

SQLITE_TRIGGER = (
    f"CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, '已发布的清单版本及其事项不可修改'); END;"
)
PG_TRIGGER = (
    f"CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION registry_refuse_change();"
)


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_immutable ON {TABLE};")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_immutable;")


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    # Idempotent: drop first (on SQLite a table rebuild may or may not have dropped it already).
    drop_trigger(apps, schema_editor)
    if vendor == "postgresql":
        schema_editor.execute(PG_TRIGGER)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


def backfill(apps, schema_editor):
    ListItem = apps.get_model("registry", "ListItem")
    Department = apps.get_model("registry", "Department")
    HistoricalDepartment = apps.get_model("registry", "HistoricalDepartment")
    ItemSearchEntry = apps.get_model("registry", "ItemSearchEntry")
    db = schema_editor.connection.alias

    pairs = set(
        ListItem.objects.using(db)
        .filter(department__isnull=False)
        .values_list("department_id", "version_id", "version__published_at")
    )
    if pairs:
        dept_ids = {d for d, _, _ in pairs}
        current = {
            d.pk: (d.name, d.short_name)
            for d in Department.objects.using(db).filter(pk__in=dept_ids)
        }
        # department id → (history dates ascending, names at each date)
        history: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
        for dept_id, when, name, short_name in (
            HistoricalDepartment.objects.using(db)
            .filter(id__in=dept_ids)
            .exclude(history_type="-")
            .order_by("id", "history_date", "history_id")
            .values_list("id", "history_date", "name", "short_name")
        ):
            dates, names = history[dept_id]
            dates.append(when)
            names.append((name, short_name))
        for dept_id, version_id, published_at in pairs:
            names = current[dept_id]
            dates, recorded = history.get(dept_id, ([], []))
            at = bisect.bisect_right(dates, published_at) if published_at else 0
            if at:
                names = recorded[at - 1]
            ListItem.objects.using(db).filter(department_id=dept_id, version_id=version_id).update(
                department_name=names[0], department_short_name=names[1]
            )
    ItemSearchEntry.objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_import_job_region_optional")]

    operations = [
        migrations.RunPython(drop_trigger, create_trigger),
        migrations.AddField(
            model_name="listitem",
            name="department_name",
            field=models.CharField(
                blank=True, editable=False, max_length=128, verbose_name="相关部门全称（发布时）"
            ),
        ),
        migrations.AddField(
            model_name="listitem",
            name="department_short_name",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="相关部门简称（发布时）"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="listitem",
            constraint=models.CheckConstraint(
                condition=models.Q(department__isnull=True) | ~models.Q(department_short_name=""),
                name="list_item_department_snapshot",
                violation_error_message="已发布事项须记录发布时的部门名称。",
            ),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
