"""A published item keeps the department names it was published with: renaming a department
later changes no published version (selectors, exports, compare, search, admission index),
while the department's identity (the foreign key) still finds its items."""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl import load_workbook

from registry import selectors
from registry.admission_index import VersionInfo, index_item
from registry.enums import ListKind
from registry.exports import render_export
from registry.models import ItemSearchEntry, ListItem, ListVersion
from registry.models.immutable import PublishedRecordImmutable
from registry.search import search_items
from registry.services.regions import department_upsert
from registry.services.versions import ItemData
from tests.factories import make_department, publish
from tests.sample_items import ASSISTANCE
from tests.triggers import refused

TODAY = timezone.localdate()
V1 = TODAY - datetime.timedelta(days=60)
V2 = TODAY - datetime.timedelta(days=10)


def _items(dept) -> list[ItemData]:
    return [
        replace(ASSISTANCE, content="受理临时救助申请。", department=dept),
        ItemData(seq=2, code="JB-002", name="城乡居民参保动员", content="协助参保缴费。"),
    ]


def _rename(dept, short_name: str, name: str):
    return department_upsert(
        county=dept.county, code=dept.code, name=name, short_name=short_name, kind=dept.kind
    )


@pytest.fixture
def published(tree):
    dept = make_department(tree["county"], "县民政局")
    v1 = publish(tree["county"], ListKind.TOWNSHIP_BASIC, V1, _items(dept))
    renamed = _rename(dept, "县社会事务局", "测试县社会事务局")
    return {"dept": renamed, "v1": v1, "county": tree["county"]}


def test_publish_records_the_department_names_of_that_moment(tree):
    dept = make_department(tree["county"], "县民政局")
    version = publish(tree["county"], ListKind.TOWNSHIP_BASIC, V1, _items(dept))
    first, second = version.items.order_by("seq")
    assert (first.department_name, first.department_short_name) == ("测试县民政局", "县民政局")
    assert (second.department_id, second.department_name, second.department_short_name) == (
        None,
        "",
        "",
    )


def test_publish_reads_the_names_from_the_database_not_from_a_stale_instance(tree):
    dept = make_department(tree["county"], "县民政局")
    stale = type(dept).objects.get(pk=dept.pk)
    _rename(dept, "县社会事务局", "测试县社会事务局")
    version = publish(tree["county"], ListKind.TOWNSHIP_BASIC, V1, _items(stale))
    item = version.items.get(code="JB-001")
    assert item.department_short_name == "县社会事务局"
    assert item.department_name == "测试县社会事务局"


def test_publish_refuses_a_department_that_no_longer_exists(tree):
    dept = make_department(tree["county"], "县民政局")
    ghost = type(dept)(pk=dept.pk + 1000, county=tree["county"], short_name="县已撤销局")
    with pytest.raises(ValidationError) as excinfo:
        publish(tree["county"], ListKind.TOWNSHIP_BASIC, V1, _items(ghost))
    assert "第1项：相关部门“县已撤销局”已不存在" in excinfo.value.messages[0]
    assert not ListItem.objects.exists()


def test_item_reads_show_the_published_name_after_a_rename(published):
    v1 = published["v1"]
    item = v1.items.get(code="JB-001")
    assert item.department.short_name == "县社会事务局"  # the department itself is renamed
    assert item.department_label == "县民政局"
    assert selectors.item_as_dict(item)["department"] == "县民政局"
    dicts = selectors.item_dicts_for_version(version=v1)
    assert [d["department"] for d in dicts] == ["县民政局", ""]
    assert selectors.item_as_dict(item) == dicts[0]


def test_json_export_of_an_old_version_keeps_the_published_name(published):
    body = render_export(selectors.version_export(version=published["v1"]), "json")
    assert [i["department"] for i in json.loads(body)["items"]] == ["县民政局", ""]
    assert "县社会事务局" not in body.decode()


def _cooperation_list_then_renamed(tree) -> ListVersion:
    """A cooperation list naming 县民政局, published before the department became 县社会事务局."""
    dept = make_department(tree["county"], "县民政局")
    version = publish(
        tree["county"],
        ListKind.TOWNSHIP_COOPERATE,
        V1,
        [ItemData(seq=1, name="低保入户核查", department=dept, local_duty="入户核查")],
    )
    _rename(dept, "县社会事务局", "测试县社会事务局")
    return version


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_table_exports_with_a_department_column_keep_the_published_name(tree, fmt):
    version = _cooperation_list_then_renamed(tree)
    body = render_export(selectors.version_export(version=version), fmt)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)]
    column = rows[1].index("县级主责部门")  # row 1 is the title row
    assert rows[2][column] == "县民政局"


def test_new_version_gets_the_new_name_and_compare_shows_the_change(published):
    v1 = published["v1"]
    v2 = publish(published["county"], ListKind.TOWNSHIP_BASIC, V2, _items(published["dept"]))
    assert v2.items.get(code="JB-001").department_short_name == "县社会事务局"
    comparison = selectors.version_compare(old=v1, new=v2)
    assert [c.code for c in comparison.modified] == ["JB-001"]
    (change,) = comparison.modified[0].changes
    assert (change.field, change.old, change.new) == ("department", "县民政局", "县社会事务局")
    # The older version is unchanged by the newer one.
    assert selectors.item_dicts_for_version(version=v1)[0]["department"] == "县民政局"


def test_department_pivot_still_finds_the_items_by_identity(published):
    groups = selectors.items_for_department(
        department=published["dept"], region=published["county"], on=TODAY
    )
    ((entry, found),) = groups
    assert entry.version == published["v1"]
    assert [(i.code, i.department_label) for i in found] == [("JB-001", "县民政局")]


def test_search_indexes_the_published_name_and_filters_by_either_name(published):
    ItemSearchEntry.objects.all().delete()  # indexed after the rename
    hits = search_items(q="民政局", region=published["county"], on=TODAY).hits
    assert [h.item.code for h in hits] == ["JB-001"]
    assert search_items(q="社会事务局", region=published["county"], on=TODAY).hits == ()
    for name in ("县民政局", "县社会事务局"):
        results = search_items(q="救助", region=published["county"], on=TODAY, department=name)
        assert [h.item.code for h in results.hits] == ["JB-001"], name
    results = search_items(q="救助", region=published["county"], on=TODAY, department="县医保局")
    assert results.hits == ()


def test_admission_index_uses_the_published_name(tree):
    version = _cooperation_list_then_renamed(tree)
    item = ListItem.objects.get(version=version)
    info = VersionInfo(
        pk=version.pk,
        list_kind=ListKind.TOWNSHIP_COOPERATE,
        number=1,
        document_no=version.document_no,
        effective_from=version.effective_from,
        list_region_code=tree["county"].code,
    )
    assert index_item(item, ListKind.TOWNSHIP_COOPERATE, info).department == "县民政局"


def test_database_refuses_an_item_with_a_department_but_no_recorded_name(published):
    v1 = published["v1"]
    with pytest.raises(IntegrityError), transaction.atomic():
        ListItem.objects.bulk_create(
            [ListItem(version=v1, code="JB-099", seq=99, name="无名", department=published["dept"])]
        )


def test_recorded_names_cannot_be_changed(published):
    item = published["v1"].items.get(code="JB-001")
    with pytest.raises(PublishedRecordImmutable):
        ListItem.objects.filter(pk=item.pk).update(department_short_name="县社会事务局")
    # The database trigger (recreated by migration 0007) refuses it too.
    refused(
        "UPDATE registry_listitem SET department_short_name = %s WHERE id = %s",
        ["县社会事务局", item.pk],
    )
    item.refresh_from_db()
    assert item.department_short_name == "县民政局"
