"""Chinese search: recall through segmentation and synonyms, ranking, scoping, highlighting.

Runs on SQLite and on PostgreSQL (DATABASE_URL=postgres://…) with the same expectations.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registry.enums import AppliesTo, ListKind
from registry.models import ItemSearchEntry
from registry.search import highlight, parse_query, search_index_versions, search_items, tokens
from registry.services.versions import ItemData
from tests.factories import make_department, publish
from tests.sample_items import ASSISTANCE, INSURANCE, REMOTE_SENSING

PAST = timezone.localdate() - datetime.timedelta(days=100)


@pytest.fixture
def lists(tree):
    dept = make_department(tree["county"], "县医保局")
    basic = publish(
        tree["county"],
        ListKind.TOWNSHIP_BASIC,
        PAST,
        [
            replace(ASSISTANCE, content="受理最低生活保障、特困人员救助供养、临时救助申请。"),
            replace(INSURANCE, department=dept),
            ItemData(
                seq=3,
                code="JB-003",
                domain="民生服务",
                name="医疗保险政策宣传",
                content="宣传政策。",
                applies_to=AppliesTo.SUBDISTRICT,
            ),
            replace(REMOTE_SENSING, seq=4, code="JB-004"),
        ],
    )
    certificates = publish(
        tree["county"],
        ListKind.VILLAGE_CERTIFICATES,
        PAST,
        [ItemData(seq=1, code="ZM-001", name="低保申请民主评议意见", content="低保审核确认")],
    )
    return {"basic": basic, "certificates": certificates, "dept": dept}


def codes(results) -> list[str]:
    return [h.item.code for h in results.hits]


def test_tokens_include_sub_words():
    found = tokens("协助做好城乡居民基本医疗保险参保缴费")
    assert "医疗保险" in found and "医疗" in found and "参保" in found


def test_abbreviation_finds_full_wording_and_back(lists):
    assert set(codes(search_items(q="低保"))) == {"JB-001", "ZM-001"}
    assert set(codes(search_items(q="最低生活保障"))) == {"JB-001", "ZM-001"}


def test_word_inside_longer_word_is_found(lists):
    found = codes(search_items(q="医疗保险"))
    assert "JB-002" in found  # …基本医疗保险参保…
    assert found[0] == "JB-003"  # name match ranks above content match


def test_department_text_is_searchable(lists):
    assert codes(search_items(q="医保局")) == ["JB-002"]


def test_no_match_and_empty_query(lists):
    assert search_items(q="宇宙飞船").total == 0
    assert search_items(q="  ").total == 0


def test_scoped_to_region_applies_to_and_date(tree, lists):
    # A 镇 does not see the 街道-only item; a 街道 does.
    assert "JB-003" not in codes(search_items(q="医疗保险", region=tree["town"]))
    assert "JB-003" in codes(search_items(q="医疗保险", region=tree["street"]))
    # A township does not see village lists.
    assert codes(search_items(q="低保", region=tree["street"])) == ["JB-001"]
    # Before the lists took effect there is nothing.
    assert search_items(q="低保", on=PAST - datetime.timedelta(days=1)).total == 0


def test_filters_kind_domain_department(lists):
    assert codes(search_items(q="低保", kind=ListKind.VILLAGE_CERTIFICATES)) == ["ZM-001"]
    assert codes(search_items(q="图斑", domain="自然资源")) == ["JB-004"]
    assert search_items(q="图斑", domain="民生服务").total == 0
    assert codes(search_items(q="参保", department="县医保局")) == ["JB-002"]


def test_only_versions_in_force_are_searched(tree, lists):
    publish(
        tree["county"],
        ListKind.TOWNSHIP_BASIC,
        timezone.localdate() - datetime.timedelta(days=1),
        [ItemData(seq=1, code="JB-001", name="社会救助申请受理和审核", content="受理救助申请。")],
    )
    assert codes(search_items(q="低保")) == ["ZM-001"]
    assert set(codes(search_items(q="低保", on=PAST))) == {"JB-001", "ZM-001"}


def test_indexing_is_idempotent(lists):
    search_items(q="低保")
    count = ItemSearchEntry.objects.count()
    assert search_index_versions(versions=[lists["basic"], lists["certificates"]]) == 0
    assert ItemSearchEntry.objects.count() == count == 5


def test_publishing_a_version_indexes_it(lists):
    """Indexed by version_publish, in its transaction: no search has run yet."""
    assert ItemSearchEntry.objects.filter(version=lists["basic"]).count() == 4
    assert ItemSearchEntry.objects.count() == 5


def _inserts(queries) -> int:
    return sum("INSERT" in q["sql"].upper() for q in queries)


def test_a_search_writes_nothing(lists):
    with CaptureQueriesContext(connection) as queries:
        assert codes(search_items(q="低保"))
    assert _inserts(queries) == 0


def test_a_lost_index_is_written_by_the_first_search_only(lists):
    ItemSearchEntry.objects.all().delete()
    with CaptureQueriesContext(connection) as first:
        assert set(codes(search_items(q="低保"))) == {"JB-001", "ZM-001"}
    assert _inserts(first) >= 1
    assert ItemSearchEntry.objects.count() == 5
    with CaptureQueriesContext(connection) as second:
        assert set(codes(search_items(q="低保"))) == {"JB-001", "ZM-001"}
    assert _inserts(second) == 0


def test_search_reindex_command(lists):
    ItemSearchEntry.objects.filter(version=lists["basic"]).delete()
    out = io.StringIO()
    call_command("search_reindex", "--dry-run", stdout=out)
    assert "尚未建立索引的版本 1 个" in out.getvalue() and "未写入" in out.getvalue()
    assert ItemSearchEntry.objects.count() == 1
    call_command("search_reindex", stdout=out)
    assert ItemSearchEntry.objects.count() == 5
    assert "已写入检索条目 4 条" in out.getvalue()
    before = set(ItemSearchEntry.objects.values_list("pk", flat=True))
    call_command("search_reindex", "--rebuild", stdout=out)
    assert "已写入检索条目 5 条" in out.getvalue()
    assert not before & set(ItemSearchEntry.objects.values_list("pk", flat=True))


def test_highlight_marks_matches_and_escapes():
    html = highlight("<b>受理</b>最低生活保障申请", ["最低生活保障"])
    assert html == "&lt;b&gt;受理&lt;/b&gt;<mark>最低生活保障</mark>申请"


def test_hits_highlight_synonym(lists):
    hit = next(h for h in search_items(q="低保").hits if h.item.code == "JB-001")
    assert "<mark>最低生活保障</mark>" in hit.snippet_html


def test_parse_query_groups_synonyms():
    terms = parse_query("低保 申请")
    assert terms[0].text == "低保"
    assert ("最低", "生活", "保障") in terms[0].alternatives
    assert [t.text for t in terms[1:]] == ["申请"]


def test_pagination(tree):
    publish(
        tree["county"],
        ListKind.TOWNSHIP_BASIC,
        PAST,
        [ItemData(seq=i, name=f"低保事项{i}") for i in range(1, 46)],
    )
    first = search_items(q="低保", per_page=20)
    last = search_items(q="低保", per_page=20, page=9)
    assert (first.total, first.pages, len(first.hits)) == (45, 3, 20)
    assert (last.page, len(last.hits), last.pages) == (9, 0, 3)


@pytest.mark.parametrize("n", [10, 80])
def test_search_queries_do_not_grow_with_items(tree, n, django_assert_max_num_queries):
    publish(
        tree["county"],
        ListKind.TOWNSHIP_BASIC,
        PAST,
        [ItemData(seq=i, name=f"低保事项{i}") for i in range(1, n + 1)],
    )
    search_items(q="低保")  # index
    with django_assert_max_num_queries(9):
        results = search_items(q="低保", region=tree["street"])
    assert results.total == n
