"""A township's derived list on the public site: provenance, exclusions, 与上级清单的差异, and
print / downloads / export_list keeping the unit's context (issue 14 points 1–2)."""

from __future__ import annotations

import csv
import datetime
import io
import re
from urllib.parse import quote

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from registry.enums import ListKind
from registry.services.regions import duty_list_get_or_create
from registry.services.versions import ItemData
from tests.cms import public_site
from tests.factories import excluded, publish

STREET_DAY = public_site.V2 + datetime.timedelta(days=1)


pytestmark = pytest.mark.usefixtures("clear_cache")


@pytest.fixture
def site(tree):
    built = public_site.build(tree)
    built["sv"] = publish(
        tree["street"],
        ListKind.TOWNSHIP_BASIC,
        STREET_DAY,
        [
            excluded(1, "城乡居民参保动员", "JB-002", "本街道参保动员由社区卫生服务中心承担"),
            ItemData(seq=2, domain="城乡建设", name="老旧小区改造协调", content="协调改造。"),
        ],
        document_no="东街发〔2026〕1号",
    )
    built["street_basic"] = public_site.list_page(
        built["street"],
        duty_list_get_or_create(region=tree["street"], kind=ListKind.TOWNSHIP_BASIC),
        "东街道基本履职事项清单",
    )
    return built


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_township_page_marks_provenance_and_lists_exclusions(client, site):
    response = client.get(site["street_basic"].url)
    assert response.status_code == 200
    html = response.content.decode()
    body = text(response)
    assert "老旧小区改造协调 本级增补" in body
    assert "社会救助申请受理和审核 全县通用" in body
    assert 'id="JB-002"' not in html  # excluded here
    assert "不适用事项" in body and "本街道参保动员由社区卫生服务中心承担" in body
    assert "与上级清单的差异" in body
    # The other township still carries the county item.
    town = client.get(f"{site['basic'].url}?region={site['town'].region.code}")
    assert 'id="JB-002"' in town.content.decode()


def test_county_page_in_a_township_context_applies_its_adjustments(client, site):
    response = client.get(f"{site['basic'].url}?region={site['street'].region.code}")
    html = response.content.decode()
    assert 'id="JB-002"' not in html
    assert "老旧小区改造协调" in html
    code = site["street"].region.code
    # Print and downloads keep the unit (seen: they dropped ?region= and gave the county list).
    assert f"versions/2/print/?region={code}" in html
    assert f"versions/2/xlsx/?region={code}" in html
    assert f"versions/2/csv/?region={code}" in html


def test_differences_view(client, site):
    response = client.get(f"{site['street_basic'].url}differences/")
    assert response.status_code == 200
    body = text(response)
    assert "与上级清单的差异" in body
    assert "本级增补 1 项" in body and "老旧小区改造协调" in body
    assert "不适用 1 项" in body and "本街道参保动员由社区卫生服务中心承担" in body


def test_print_keeps_the_unit(client, site):
    code = site["street"].region.code
    response = client.get(f"{site['basic'].url}versions/2/print/?region={code}")
    body = text(response)
    assert "适用单位" in body and "东街道" in body
    assert "老旧小区改造协调" in body
    assert "城乡居民参保动员 本街道参保动员由社区卫生服务中心承担" in body  # under 不适用事项
    assert "来源" in body and "全县通用" in body


def test_csv_and_xlsx_keep_the_unit_with_title_row_and_provenance(client, site):
    code = site["street"].region.code
    response = client.get(f"{site['basic'].url}versions/2/csv/?region={code}")
    assert response.status_code == 200
    assert quote("东街道基本履职事项清单第2版.csv") in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "单位：东街道"
    assert "文号：测委发〔2026〕2号" in rows[0]
    assert rows[1][:2] == ["事项编码", "来源"]
    by_code = {r[0]: r[1] for r in rows[2:]}
    assert "JB-002" not in by_code
    assert by_code["JB-001"] == "全县通用"
    assert "本级增补" in by_code.values()

    response = client.get(f"{site['basic'].url}versions/2/xlsx/?region={code}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(1, 1).value == "单位：东街道"
    assert sheet.cell(2, 2).value == "来源"


def test_county_download_without_region_is_unchanged(client, site):
    response = client.get(f"{site['basic'].url}versions/2/csv/")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "单位：测试县"
    assert rows[1][1] != "来源"
    assert "JB-002" in {r[0] for r in rows[2:]}


def _exported_rows(region, path) -> list[list[str]]:
    """The basic list of ``region`` as ``export_list`` writes it to a csv file."""
    call_command(
        "export_list",
        region=region.code,
        kind=ListKind.TOWNSHIP_BASIC,
        format="csv",
        output=str(path),
    )
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_export_list_for_a_township_writes_the_derived_list(site, tmp_path):
    rows = _exported_rows(site["street"].region, tmp_path / "street.csv")
    assert rows[0][0] == "单位：东街道"
    assert rows[1][1] == "来源"
    assert {r[1] for r in rows[2:]} == {"全县通用", "本级增补"}
    # A village below a county list (no list of its own) gets the county list in its context.
    rows = _exported_rows(site["community"].region, tmp_path / "community.csv")
    assert rows[0][0] == "单位：东社区"


def test_api_list_for_a_township_has_provenance(client, site):
    code = site["street"].region.code
    response = client.get(f"/api/v1/lists/{code}/{ListKind.TOWNSHIP_BASIC}")
    assert response.status_code == 200
    data = response.json()
    assert data["unit"] == code and data["derived"] is True
    assert {i["provenance_label"] for i in data["items"]} == {"全县通用", "本级增补"}
    assert data["exclusions"][0]["reason"] == "本街道参保动员由社区卫生服务中心承担"
    schema = client.get("/api/v1/openapi.json").json()
    assert "provenance_label" in str(schema["components"]["schemas"])


def test_city_catalogue_comparison_page_and_xlsx(client, site, tree):
    publish(
        tree["city"],
        ListKind.TOWNSHIP_BASIC,
        public_site.V1,
        [
            ItemData(seq=1, code="JB-001", name="社会救助申请受理和审核", content="市级表述。"),
            public_site.basic_items_v1(dept=None)[1],  # JB-002, worded as the county does
            ItemData(seq=3, code="JB-004", name="农村违法建设拆除", content="组织拆除。"),
        ],
        document_no="测市发〔2025〕1号",
    )
    response = client.get(f"{site['city'].url}catalogue/")
    assert response.status_code == 200
    body = text(response)
    assert "测试县 · 基本履职事项清单" in body
    assert "本级增补 2 项 · 不适用 1 项 · 本级表述 1 项" in body
    assert "不适用： JB-004 农村违法建设拆除" in body
    assert "各县（区）对照指导目录的增减" in text(client.get(site["city"].url))
    # A county page has no catalogue comparison.
    assert client.get(f"{site['county'].url}catalogue/").status_code == 404

    response = client.get(f"{site['city'].url}catalogue/xlsx/")
    assert response.status_code == 200
    assert quote("测试市各县（区）对照指导目录的增减") in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][0] == "单位：测试市"
    assert rows[1][:4] == ["县（区）", "清单", "县（区）清单文号", "调整"]
    assert sorted((r[3], r[4]) for r in rows[2:]) == [
        ("不适用", "JB-004"),
        ("本级增补", "JB-005"),
        ("本级增补", "JB-009"),
        ("本级表述", "JB-001"),
    ]


def test_search_leaves_out_what_the_unit_excluded(client, site):
    street = client.get(f"{site['street'].url}search/", {"q": "参保"})
    town = client.get(f"{site['town'].url}search/", {"q": "参保"})
    assert "JB-002" in text(town)
    assert "JB-002" not in text(street)
    assert "改造协调" in text(client.get(f"{site['street'].url}search/", {"q": "老旧小区"}))


def test_compare_keeps_the_unit(client, site):
    """Seen: the compare page ignored ?region=. JB-003 applies to 乡镇 only (not to 东街道), so
    its move out of the basic list is no change for the street but one for 西镇."""
    url = f"{site['basic'].url}compare/1/2/"
    street = text(client.get(url, {"region": site["street"].region.code}))
    town = text(client.get(url, {"region": site["town"].region.code}))
    assert "卫星遥感图斑核查举证" in town
    assert "卫星遥感图斑核查举证" not in street


# ------------------------------------------------ item numbers and citations (issue 14, walk 3)
def _articles(html: str) -> dict[str, tuple[str, str]]:
    """code → (the number shown, the citation text) of each item on a list page."""
    found = re.findall(
        r'<article class="item" id="([^"]+)">\s*<h3><span class="seq">(\d+)\.</span>.*?'
        r'<span class="citation" data-copy>([^<]*)</span>',
        html,
        re.S,
    )
    return {code: (seq, citation) for code, seq, citation in found}


def test_derived_list_numbers_items_by_position_and_cites_the_document_they_stand_in(client, site):
    """Seen: each item kept its number in its own layer (县 1, 2, 4 and 街道 2: two 第2项) and the
    citation named the street's 文号 for an item of the county's list."""
    articles = _articles(client.get(site["street_basic"].url).content.decode())
    assert sorted(int(seq) for seq, _ in articles.values()) == [1, 2, 3, 4]
    # JB-009 is 第4项 of the county list; it is the 3rd item of the street's list.
    seq, citation = articles["JB-009"]
    assert seq == "3"
    assert citation.startswith(
        "依据《测试县基本履职事项清单》（测委发〔2026〕2号）第4项（全县通用）“"
    )
    assert "东街发" not in citation
    seq, citation = next(a for a in articles.values() if "老旧小区改造协调" in a[1])
    assert seq == "4"
    assert citation.startswith(
        "依据《东街道基本履职事项清单》（东街发〔2026〕1号）第2项（本级增补）“老旧小区改造协调”"
    )
    # A plain list is unchanged: its own title, 文号 and numbers.
    county = _articles(client.get(site["basic"].url).content.decode())
    assert county["JB-009"][0] == "4"
    assert county["JB-009"][1].startswith("测试县基本履职事项清单（测委发〔2026〕2号）第4项“")


def test_downloads_print_and_api_of_a_derived_list_name_each_items_document(client, site):
    code = site["street"].region.code
    response = client.get(f"{site['basic'].url}versions/2/csv/?region={code}")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[1]
    assert header[:4] == ["事项编码", "来源", "出处", "序号"]
    by_code = {r[0]: r for r in rows[2:]}
    assert by_code["JB-009"][2] == "《测试县基本履职事项清单》（测委发〔2026〕2号）第4项"
    assert sorted(int(r[3]) for r in rows[2:]) == [1, 2, 3, 4]

    response = client.get(f"{site['basic'].url}versions/2/xlsx/?region={code}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [sheet.cell(2, c).value for c in (2, 3)] == ["来源", "出处"]

    body = text(client.get(f"{site['basic'].url}versions/2/print/?region={code}"))
    assert "出处" in body
    assert "《测试县基本履职事项清单》（测委发〔2026〕2号）第4项" in body

    data = client.get(f"/api/v1/lists/{code}/{ListKind.TOWNSHIP_BASIC}").json()
    items = {i["code"]: i for i in data["items"]}
    assert sorted(i["seq"] for i in data["items"]) == [1, 2, 3, 4]
    assert items["JB-009"]["seq"] == 3 and items["JB-009"]["source_seq"] == 4
    assert items["JB-009"]["source_document_no"] == "测委发〔2026〕2号"
    assert items["JB-009"]["citation"] == (
        "依据《测试县基本履职事项清单》（测委发〔2026〕2号）第4项（全县通用）"
    )
    schema = str(client.get("/api/v1/openapi.json").json()["components"]["schemas"])
    assert "source_reference" in schema and "citation" in schema
