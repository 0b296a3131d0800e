"""The public pages: banners around effective dates, as-of views, compare, region context,
department pivot, print, downloads, feeds, caching and query counts."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook

from cms.public.cache import cache_generation
from registry.enums import ListKind
from registry.services.versions import ItemData
from tests.cms import public_site
from tests.factories import publish

TODAY = timezone.localdate()


pytestmark = pytest.mark.usefixtures("clear_cache")


@pytest.fixture
def site(tree):
    return public_site.build(tree)


def publish_jb001(tree, effective_from, name: str):
    """A next version of the basic list with only JB-001, named ``name``."""
    items = [ItemData(seq=1, code="JB-001", name=name)]
    return publish(tree["county"], ListKind.TOWNSHIP_BASIC, effective_from, items)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# ---------------------------------------------------------------------------------------------
# Status banners around effective dates
# ---------------------------------------------------------------------------------------------
def test_current_version_is_in_force_with_header(client, site):
    response = client.get(site["basic"].url)
    assert response.status_code == 200
    body = text(response)
    assert "现行有效" in body
    assert "测委发〔2026〕2号" in body
    assert "第2版" in body
    assert 'id="JB-001"' in response.content.decode()


def test_earlier_date_shows_superseded_banner_with_link(client, site):
    day = public_site.V1 + datetime.timedelta(days=10)
    response = client.get(f"{site['basic'].url}{day.isoformat()}/")
    assert response.status_code == 200
    body = text(response)
    assert "已失效，被 第2版 替代" in body
    assert "并非今天" in body
    assert f'href="{site["basic"].url}versions/2/"' in response.content.decode()
    # The old wording of JB-001 and the removed JB-004 are shown as they stood.
    assert "特困人员救助供养申请" in body
    assert "农村违法建设拆除" in body


def test_day_before_first_version_has_no_version(client, site):
    day = public_site.V1 - datetime.timedelta(days=1)
    response = client.get(f"{site['basic'].url}{day.isoformat()}/")
    assert response.status_code == 200
    assert "没有有效版本" in text(response)


def test_pending_version_banner_and_notice(client, tree, site):
    future = TODAY + datetime.timedelta(days=5)
    publish_jb001(tree, future, "社会救助申请受理和审核")
    current = text(client.get(site["basic"].url))
    assert "现行有效" in current
    assert (
        "第3版（" in current and f"将于{future.year}年{future.month}月{future.day}日生效" in current
    )
    pending = text(client.get(f"{site['basic'].url}versions/3/"))
    assert f"尚未生效，将于{future.year}年{future.month}月{future.day}日生效" in pending
    # On the effective date itself the new version is the one in force.
    on_day = text(client.get(f"{site['basic'].url}{future.isoformat()}/"))
    assert "第3版" in on_day


def test_date_picker_redirects_to_dated_url_and_bad_date_is_404_in_chinese(client, site):
    response = client.get(site["basic"].url, {"on": public_site.V1.isoformat()})
    assert response.status_code == 302
    assert response["Location"] == f"{site['basic'].url}{public_site.V1.isoformat()}/"
    bad = client.get(f"{site['basic'].url}2025-13-40/")
    assert bad.status_code == 404
    assert "日期“2025-13-40”无效" in bad.content.decode()


# ---------------------------------------------------------------------------------------------
# Compare and history
# ---------------------------------------------------------------------------------------------
def test_compare_overview_counts_and_inline_diff(client, site):
    response = client.get(f"{site['basic'].url}compare/1/2/")
    assert response.status_code == 200
    html = response.content.decode()
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', html))
    assert counts == {
        "added": "1",  # JB-009
        "removed": "1",  # JB-004
        "modified": "1",  # JB-001 reworded
        "moved": "2",  # JB-005 4→2 … and JB-002 2→3
        "moved_in": "0",
        "moved_out": "1",  # JB-003 to the withdrawn list
        "unchanged": "0",
    }
    assert "<ins>和临时救助</ins>" in html
    assert "移至“上级部门收回事项清单”" in text(response)


def test_compare_names_a_changed_matching_aid_in_chinese(client, site, tree):
    """Every field a reader may see changed is named from the field catalogue: 关键词, not
    "keywords" (the public compare once labelled only the fields it listed itself)."""
    items = [ItemData.from_item(i) for i in site["v2"].items.order_by("seq")]
    items[0] = dataclasses.replace(items[0], keywords="低保 救助")
    publish(tree["county"], ListKind.TOWNSHIP_BASIC, TODAY - datetime.timedelta(days=1), items)
    body = text(client.get(f"{site['basic'].url}compare/2/3/"))
    assert "关键词" in body
    assert "keywords" not in body


def test_compare_unknown_version_is_404(client, site):
    response = client.get(f"{site['basic'].url}compare/1/9/")
    assert response.status_code == 404
    assert "没有第9版" in response.content.decode()


def test_versions_timeline_lists_change_notes_newest_first(client, site):
    body = text(client.get(f"{site['basic'].url}versions/"))
    assert body.index("第2版 现行有效") < body.index("第1版 已失效")
    assert "被第2版替代" in body


# ---------------------------------------------------------------------------------------------
# Region pages and the village/township context
# ---------------------------------------------------------------------------------------------
def test_region_page_shows_inherited_lists_narrowed_with_counts(client, site):
    street = client.get(site["street"].url)
    html = street.content.decode()
    # 东街道 (街道): JB-001, JB-005 (街道 only), JB-002, JB-009 → 4; not JB-003 (乡镇).
    assert re.search(r'class="count">4<', html)
    assert f'href="{site["basic"].url}?region=880101001000"' in html
    assert "由测试县统一制定" in text(street)
    assert "民生服务 2" in text(street)


def test_list_page_in_region_context_narrows_items_and_keeps_context(client, site):
    response = client.get(site["basic"].url, {"region": "880101100000"})  # 西镇 (镇)
    html = response.content.decode()
    assert 'id="JB-005"' not in html  # 街道 only
    assert 'id="JB-001"' in html
    assert "适用于 测试市测试县西镇 的事项" in text(response)
    assert "versions/?region=880101100000" in html
    unrelated = client.get(site["basic"].url, {"region": "999999999999"})
    assert unrelated.status_code == 404


def test_department_pivot(client, site):
    response = client.get(f"{site['county'].url}departments/{site['resources'].code}/")
    assert response.status_code == 200
    body = text(response)
    assert "承接部门（由乡镇收回）" in body
    assert "卫星遥感图斑核查举证" in body
    assert client.get(f"{site['county'].url}departments/NOPE/").status_code == 404


# ---------------------------------------------------------------------------------------------
# Print, downloads, feeds
# ---------------------------------------------------------------------------------------------
def test_print_view_has_header_and_qr_to_permalink(client, site):
    response = client.get(f"{site['basic'].url}print/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "测委发〔2026〕2号" in html
    assert "<svg" in html
    assert f"http://testserver{site['basic'].url}versions/2/" in html


def test_downloads_xlsx_and_csv_of_any_version(client, site):
    xlsx = client.get(f"{site['basic'].url}versions/1/xlsx/")
    assert xlsx.status_code == 200
    assert 'filename="880101000000-township_basic-v1.xlsx"' in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("事项编码", "序号", "领域")
    assert [r[0] for r in rows[2:]] == ["JB-001", "JB-002", "JB-003", "JB-004", "JB-005"]
    csv_response = client.get(f"{site['basic'].url}versions/2/csv/")
    reader = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert [r[0] for r in reader[2:]] == ["JB-001", "JB-005", "JB-002", "JB-009"]


FORMULAS = ['=HYPERLINK("http://x","点我")', "+1", "-2", "@SUM(A1)"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloads_state_unit_document_version_and_date_and_have_a_chinese_name(client, site, fmt):
    """Seen: list spreadsheets did not state the 文号 or 生效日期 inside the file."""
    response = client.get(f"{site['basic'].url}versions/2/{fmt}/")
    if fmt == "csv":
        title = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        title = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    facts = dict(cell.split("：", 1) for cell in title if cell)
    assert facts["单位"] == "测试县" and facts["版本"] == "第2版"
    assert facts["文号"] == "测委发〔2026〕2号" and facts["生效日期"].startswith("20")
    disposition = response["Content-Disposition"]
    name = quote(f"测试县基本履职事项清单第2版.{fmt}", safe="")
    assert f"filename*=UTF-8''{name}" in disposition


def test_csv_download_neutralises_formulas(client, site, tree):
    """Seen: public CSV downloads wrote cells starting with = + - @ as they are."""
    publish(
        tree["county"],
        ListKind.TOWNSHIP_WITHDRAWN,
        TODAY,
        [ItemData(seq=n, name=name) for n, name in enumerate(FORMULAS, start=1)],
    )
    page = site["withdrawn"]
    response = client.get(f"{page.url}versions/2/csv/")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [row[3] for row in rows[2:]]
    assert names == ['\'=HYPERLINK("http://x","点我")', "'+1", "'-2", "'@SUM(A1)"]
    xlsx = client.get(f"{page.url}versions/2/xlsx/")
    cells = [r[3] for r in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(min_row=3)]
    assert [c.value for c in cells] == [n[1:] for n in names]
    assert {c.data_type for c in cells} == {"s"}


ATOM = "{http://www.w3.org/2005/Atom}"


def test_feeds_have_an_author_and_ids_that_do_not_depend_on_the_host(client, site):
    """Seen: no <author> (RFC 4287 requires one) and ids taken from the request's host."""
    import xml.etree.ElementTree as ET

    def ids(url, host):
        root = ET.fromstring(client.get(url, HTTP_HOST=host).content)
        assert root.find(f"{ATOM}author/{ATOM}name").text == "基层减负清单"
        for entry in root.findall(f"{ATOM}entry"):
            assert entry.find(f"{ATOM}author/{ATOM}name").text  # the issuing body
        return [root.find(f"{ATOM}id").text] + [e.text for e in root.iter(f"{ATOM}id")][1:]

    for url in (f"{site['basic'].url}feed/", f"{site['street'].url}feed/"):
        cache.clear()
        first = ids(url, "localhost")
        cache.clear()
        assert ids(url, "127.0.0.1") == first
        assert all(i.startswith("tag:jianfu.invalid,2025:") for i in first)
    assert "tag:jianfu.invalid,2025:list/880101000000/township_basic/v2" in first


def test_atom_feeds_per_list_and_region(client, site):
    feed = client.get(f"{site['basic'].url}feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert body.count("<entry>") == 2
    assert "测委发〔2026〕2号" in body
    region_feed = client.get(f"{site['street'].url}feed/").content.decode()
    assert region_feed.count("<entry>") == 3  # two basic versions + the withdrawn list


# ---------------------------------------------------------------------------------------------
# Caching and query counts
# ---------------------------------------------------------------------------------------------
def test_cache_hit_and_invalidation_on_publish(client, tree, site):
    url = site["basic"].url
    assert client.get(url)["X-Public-Cache"] == "miss"
    assert client.get(url)["X-Public-Cache"] == "hit"
    before = cache_generation()
    publish_jb001(tree, TODAY, "今天生效的新名称")
    assert cache_generation() != before
    response = client.get(url)
    assert response["X-Public-Cache"] == "miss"
    assert "今天生效的新名称" in text(response)


def test_cache_key_rolls_over_on_effective_date(client, tree, site, monkeypatch):
    tomorrow = TODAY + datetime.timedelta(days=1)
    publish_jb001(tree, tomorrow, "明天生效的名称")
    url = site["basic"].url
    assert "明天生效的名称" not in text(client.get(url))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    response = client.get(url)
    assert response["X-Public-Cache"] == "miss"
    assert "明天生效的名称" in text(response)


def _publish_list(tree, n: int, kind=ListKind.VILLAGE_ASSIST, dept=None):
    return publish(
        tree["county"],
        kind,
        TODAY - datetime.timedelta(days=1),
        [
            ItemData(seq=i, name=f"事项{i}", domain=f"领域{i % 7}", content="内容", department=dept)
            for i in range(1, n + 1)
        ],
    )


@pytest.mark.parametrize("n", [5, 60])
def test_list_page_queries_do_not_grow_with_items(
    client, tree, site, n, django_assert_max_num_queries
):
    from tests.cms.public_site import list_page

    version = _publish_list(tree, n, dept=site["dept"])
    page = list_page(site["county"], version.duty_list, "协助清单")
    cache.clear()
    # 21: one more than before issue 14, for the unit's layers (lists attached below the county).
    with django_assert_max_num_queries(21):
        response = client.get(page.url, {"region": "880101100200"})
    assert response.status_code == 200
    assert response.content.decode().count('class="item"') == n


@pytest.mark.parametrize("n", [5, 60])
def test_region_and_compare_queries_do_not_grow_with_items(
    client, tree, site, n, django_assert_max_num_queries
):
    from tests.cms.public_site import list_page

    _publish_list(tree, n)
    page = list_page(
        site["county"], _publish_list(tree, n, kind=ListKind.VILLAGE_SELFGOV).duty_list, "自治清单"
    )
    cache.clear()
    with django_assert_max_num_queries(22):
        assert client.get(site["village"].url).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(f"{page.url}compare/1/1/").status_code == 200
