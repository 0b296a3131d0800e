"""The read-only JSON API: shapes, dates, compare and Chinese 400/404 messages."""

from __future__ import annotations

import datetime

import pytest

from registry.selectors import version_export
from tests.cms import public_site

API = "/api/v1"


@pytest.fixture
def site(tree):
    return public_site.build(tree)


def test_region_with_children(client, site):
    data = client.get(f"{API}/regions/880101000000").json()
    assert data["name"] == "测试县"
    assert data["parent"]["code"] == "880100000000"
    assert [c["code"] for c in data["children"]] == ["880101001000", "880101100000"]


def test_region_lists_inherited_and_narrowed(client, site):
    data = client.get(f"{API}/regions/880101100000/lists").json()  # 西镇
    by_kind = {d["kind"]: d for d in data}
    assert set(by_kind) == {"township_basic", "township_withdrawn"}
    assert by_kind["township_basic"]["inherited"] is True
    assert by_kind["township_basic"]["item_count"] == 3  # JB-005 is for 街道 only
    earlier = client.get(
        f"{API}/regions/880101100000/lists", {"on": public_site.V1.isoformat()}
    ).json()
    assert [d["version"] for d in earlier] == [1]


def test_list_on_date_has_export_shape(client, site):
    data = client.get(
        f"{API}/lists/880101000000/township_basic", {"on": public_site.V1.isoformat()}
    ).json()
    assert data == version_export(version=site["v1"])
    assert data["status_code"] == "superseded"
    assert [i["code"] for i in data["items"]][:2] == ["JB-001", "JB-002"]


def test_versions(client, site):
    data = client.get(f"{API}/lists/880101000000/township_basic/versions").json()
    assert [(v["version"], v["status_code"], v["superseded_by"]) for v in data] == [
        (1, "superseded", 2),
        (2, "in_force", None),
    ]


def test_compare(client, site):
    data = client.get(
        f"{API}/lists/880101000000/township_basic/compare", {"from": 1, "to": 2}
    ).json()
    assert data["counts"]["added"] == 1
    assert [c["code"] for c in data["moved_out"]] == ["JB-003"]
    assert data["moved_out"][0]["other_list"] == "township_withdrawn"
    modified = data["modified"][0]
    assert modified["code"] == "JB-001"
    assert {"op": "insert", "text": "和临时救助"} in modified["changes"][0]["segments"]


def test_search(client, site):
    data = client.get(f"{API}/search", {"q": "低保", "region": "880101001000"}).json()
    assert data["total"] == 1
    assert data["hits"][0]["item"]["code"] == "JB-001"
    assert data["hits"][0]["kind"] == "township_basic"


def test_search_past_the_last_page_is_empty_not_the_last_page_again(client, site):
    first = client.get(f"{API}/search", {"q": "低保"}).json()
    assert first["pages"] == 1 and first["hits"]
    for page in (2, 3, 999):
        data = client.get(f"{API}/search", {"q": "低保", "page": page}).json()
        assert (data["page"], data["hits"], data["total"]) == (page, [], first["total"])


@pytest.mark.parametrize(
    ("url", "params", "status", "message"),
    [
        ("/regions/12", {}, 400, "区划代码“12”无效"),
        ("/regions/999999999999", {}, 404, "没有区划代码"),
        ("/regions/880101000000/lists", {"on": "2025-02-30"}, 400, "日期“2025-02-30”无效"),
        ("/lists/880101000000/nope", {}, 400, "清单类型“nope”无效"),
        ("/lists/880101001000/township_basic", {}, 404, "没有“基本履职事项清单”"),
        ("/lists/880101000000/township_basic", {"on": "1990-01-01"}, 404, "没有有效版本"),
        ("/lists/880101000000/township_basic/compare", {"from": "x", "to": 2}, 400, "版本号"),
        ("/lists/880101000000/township_basic/compare", {"from": 1, "to": 7}, 404, "没有第7版"),
        # isdigit() is true for "²" (int() then fails: a 500) and int("١") is 1 (silently read).
        ("/lists/880101000000/township_basic/compare", {"from": "²", "to": 2}, 400, "版本号"),
        ("/lists/880101000000/township_basic/compare", {"from": "١", "to": 2}, 400, "版本号"),
        ("/regions/８８０１０１０００００", {}, 400, "应为12位数字"),
        ("/search", {"q": "低保", "page": "²"}, 400, "page"),
        ("/search", {"q": "低保", "page": "0"}, 400, "page"),
        ("/search", {"q": "低保", "on": "20260301"}, 400, "日期“20260301”无效"),
        ("/search", {}, 400, "请提供检索词"),
        ("/search", {"q": "低保", "kind": "bad"}, 400, "清单类型“bad”无效"),
        ("/search", {"q": "低保", "on": "yesterday"}, 400, "日期“yesterday”无效"),
    ],
)
def test_bad_parameters_give_chinese_400_404(client, site, url, params, status, message):
    response = client.get(f"{API}{url}", params)
    assert response.status_code == status
    assert message in response.json()["detail"]


def test_openapi_schema_lists_endpoints(client, db):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    for p in (
        "/api/v1/regions/{code}",
        "/api/v1/regions/{code}/lists",
        "/api/v1/lists/{region}/{kind}",
        "/api/v1/lists/{region}/{kind}/versions",
        "/api/v1/lists/{region}/{kind}/compare",
        "/api/v1/search",
    ):
        assert p in paths


def test_dates_are_iso(client, site):
    data = client.get(f"{API}/lists/880101000000/township_basic/versions").json()
    assert datetime.date.fromisoformat(data[0]["effective_from"]) == public_site.V1


def test_swagger_ui_is_served_by_the_app_itself(client, db):
    """On the intranet a page that loads Swagger UI from a CDN is blank."""
    import re

    from django.contrib.staticfiles import finders

    page = client.get(f"{API}/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    for source in sources:
        assert finders.find(source.removeprefix("/static/")), source


@pytest.mark.usefixtures("clear_cache")
def test_malformed_api_parameters_get_a_chinese_400(client, db):
    response = client.get("/api/v1/search", {"q": "低保", "page": "abc"})
    assert response.status_code == 400
    assert response.json()["detail"] == "参数 page 应为正整数（阿拉伯数字），收到“abc”。"
    # An absurd page number is not an error, just an empty page.
    assert client.get("/api/v1/search", {"q": "低保", "page": "9" * 30}).status_code in (200, 400)
