"""Migration 0007 backfills the published department names from the department's history and
leaves ``registry_listitem`` protected by its trigger again (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from registry.models import ListItem
from tests.triggers import refused

BEFORE = [("registry", "0006_import_job_region_optional")]


def _migrate(targets=None):
    """Migrate to ``targets`` (default: every app's latest migration); the state's apps."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_backfill_takes_the_names_at_publication_and_restores_the_trigger():
    old = _migrate(BEFORE)
    try:
        Region = old.get_model("registry", "Region")
        Department = old.get_model("registry", "Department")
        HistoricalDepartment = old.get_model("registry", "HistoricalDepartment")
        DutyList = old.get_model("registry", "DutyList")
        ListVersion = old.get_model("registry", "ListVersion")
        OldItem = old.get_model("registry", "ListItem")

        now = timezone.now()
        day = datetime.timedelta(days=1)
        county = Region.objects.create(
            code="880101000000", name="测试县", level="county", unit_type="county"
        )
        # 县民政局 was renamed 县社会事务局 after version 1 was published (history knows);
        # 县医保局 has no history at all (rows loaded without simple-history).
        renamed = Department.objects.create(
            county=county, code="D1", name="测试县社会事务局", short_name="县社会事务局"
        )
        for when, name, short_name, kind in (
            (now - 10 * day, "测试县民政局", "县民政局", "+"),
            (now - 2 * day, "测试县社会事务局", "县社会事务局", "~"),
        ):
            HistoricalDepartment.objects.create(
                id=renamed.pk,
                county_id=county.pk,
                code="D1",
                name=name,
                short_name=short_name,
                kind="",
                history_date=when,
                history_type=kind,
            )
        unrecorded = Department.objects.create(
            county=county, code="D2", name="测试县医疗保障局", short_name="县医保局"
        )
        duty_list = DutyList.objects.create(region=county, kind="township_basic")
        versions = [
            ListVersion.objects.create(
                duty_list=duty_list,
                number=n,
                effective_from=(now + (n - 6) * day).date(),
                document_no=f"测发〔2026〕{n}号",
                issuing_body="测试县委办公室",
                published_at=published_at,
            )
            for n, published_at in ((1, now - 5 * day), (2, now - day))
        ]
        for version in versions:
            OldItem.objects.create(
                version=version, code="JB-001", seq=1, name="社会救助", department=renamed
            )
            OldItem.objects.create(
                version=version, code="JB-002", seq=2, name="医保参保", department=unrecorded
            )
            OldItem.objects.create(version=version, code="JB-003", seq=3, name="无部门")
    finally:
        _migrate()

    names = {
        (i.version.number, i.code): (i.department_name, i.department_short_name)
        for i in ListItem.objects.select_related("version")
    }
    assert names == {
        (1, "JB-001"): ("测试县民政局", "县民政局"),  # as published, from the history
        (2, "JB-001"): ("测试县社会事务局", "县社会事务局"),  # published after the rename
        (1, "JB-002"): ("测试县医疗保障局", "县医保局"),  # no history: the current names
        (2, "JB-002"): ("测试县医疗保障局", "县医保局"),
        (1, "JB-003"): ("", ""),
        (2, "JB-003"): ("", ""),
    }
    item = ListItem.objects.get(version__number=1, code="JB-001")
    refused(
        "UPDATE registry_listitem SET department_short_name = %s WHERE id = %s",
        ["县社会事务局", item.pk],
    )
    item.refresh_from_db()
    assert item.department_short_name == "县民政局"
