"""Renaming a department in the admin changes no published version on the public site or the
API: pages, print view, downloads, compare and search show the name the item was published
with; the department pivot still finds the items by identity; the next version (and a draft)
shows the new name."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cms.models import DraftItem
from registry.enums import ListKind
from registry.services.regions import department_upsert
from registry.services.versions import ItemData
from tests.cms import public_site
from tests.factories import make_user, publish

API = "/api/v1"
OLD, NEW = "县民政局", "县社会事务局"


pytestmark = pytest.mark.usefixtures("clear_cache")


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def site(tree, client):
    """The public test site, plus a cooperate list naming 县民政局 (a list whose table has a
    department column); then an administrator renames 县民政局 in the admin."""
    built = public_site.build(tree)
    built["coop"] = publish(
        tree["county"],
        ListKind.TOWNSHIP_COOPERATE,
        public_site.V2,
        [
            ItemData(
                seq=1,
                code="PH-001",
                domain="民生服务",
                name="低保对象入户核查",
                content="配合开展入户核查。",
                department=built["dept"],
                department_duty="审核审批低保申请。",
                local_duty="入户核查、公示。",
            )
        ],
        document_no="测委发〔2026〕3号",
    )
    built["coop_page"] = public_site.list_page(built["county"], built["coop"].duty_list, "配合清单")
    admin = make_user("h2-superuser", superuser=True)
    client.force_login(admin)
    dept = built["dept"]
    response = client.post(
        reverse("departments:edit", args=[dept.pk]),
        {
            "county": tree["county"].pk,
            "code": dept.code,
            "name": "测试县社会事务局",
            "short_name": NEW,
            "kind": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    dept.refresh_from_db()
    assert dept.short_name == NEW
    client.logout()
    return built


def test_old_and_current_version_pages_keep_the_published_name(client, site):
    for url in (
        f"{site['basic'].url}versions/1/",
        site["basic"].url,
        site["coop_page"].url,
        f"{site['coop_page'].url}print/",
    ):
        body = text(client.get(url))
        assert OLD in body, url
        assert NEW not in body, url


def test_list_page_department_filter_offers_the_published_name(client, site):
    body = client.get(site["coop_page"].url).content.decode()
    assert f'<option value="{OLD}"' in body and f'<option value="{NEW}"' not in body
    filtered = text(client.get(site["coop_page"].url, {"department": OLD}))
    assert "低保对象入户核查" in filtered


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_downloads_keep_the_published_name(client, site, fmt):
    response = client.get(f"{site['coop_page'].url}versions/1/{fmt}/")
    assert response.status_code == 200
    if fmt == "json":
        assert [i["department"] for i in json.loads(response.content)["items"]] == [OLD]
        return
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[2][rows[1].index("县级主责部门")] == OLD  # row 1 is the title row
    assert NEW not in {c for row in rows for c in row}


def test_api_keeps_the_published_name(client, site):
    data = client.get(f"{API}/lists/880101000000/township_cooperate").json()
    assert [i["department"] for i in data["items"]] == [OLD]
    earlier = client.get(
        f"{API}/lists/880101000000/township_basic", {"on": public_site.V1.isoformat()}
    ).json()
    assert earlier["items"][0]["department"] == OLD
    hits = client.get(f"{API}/search", {"q": "社会救助", "region": "880101000000"}).json()
    assert NEW not in json.dumps(hits, ensure_ascii=False)


def test_department_pivot_finds_the_items_by_identity(client, site):
    response = client.get(f"{site['county'].url}departments/{site['dept'].code}/")
    assert response.status_code == 200
    body = text(response)
    assert "测试县社会事务局" in body  # the department as it is called now (the heading)
    assert "社会救助申请受理和审核" in body and "低保对象入户核查" in body
    assert f"县级主责部门 {OLD}" in body  # each item as published


def test_search_page_shows_and_finds_the_published_name(client, site):
    body = text(client.get(f"{site['county'].url}search/", {"q": "民政局"}))
    assert "低保对象入户核查" in body
    assert f"· {OLD}" in body and f"· {NEW}" not in body
    by_new_name = text(client.get(f"{site['county'].url}search/", {"q": "低保", "department": NEW}))
    assert "对象入户核查" in by_new_name  # "低保" is highlighted


def test_next_version_and_compare_show_the_rename(client, site, tree):
    publish(
        tree["county"],
        ListKind.TOWNSHIP_BASIC,
        timezone.localdate() - datetime.timedelta(days=1),
        public_site.basic_items_v2(site["dept"]),
        document_no="测委发〔2026〕9号",
    )
    body = text(client.get(site["basic"].url))
    assert NEW in body and OLD not in body
    # Versions 1 and 2 both named 县民政局: no department change between them.
    assert OLD not in text(client.get(f"{site['basic'].url}compare/1/2/"))
    compare = client.get(f"{site['basic'].url}compare/2/3/").content.decode()
    assert "相关部门" in text(client.get(f"{site['basic'].url}compare/2/3/"))
    assert "<del>民政</del>" in compare and "<ins>社会事务</ins>" in compare
    data = client.get(
        f"{API}/lists/880101000000/township_basic/compare", {"from": 2, "to": 3}
    ).json()
    dumped = json.dumps(data, ensure_ascii=False)
    assert OLD in dumped and NEW in dumped
    assert data["counts"]["modified"] == 1


def test_a_draft_shows_the_department_as_it_is_now(site):
    item = site["v1"].items.get(code="JB-001")
    draft = DraftItem.copy_of(item, sort_order=0)
    assert item.department_label == OLD
    assert draft.department_label == NEW


def test_renaming_a_department_refreshes_cached_department_pages(client, site):
    url = f"{site['county'].url}departments/{site['resources'].code}/"
    assert "测试县自然资源局" in text(client.get(url))
    assert client.get(url)["X-Public-Cache"] == "hit"
    resources = site["resources"]
    department_upsert(
        county=resources.county,
        code=resources.code,
        name="测试县自然资源和规划局",
        short_name=resources.short_name,
    )
    body = text(client.get(url))
    assert "测试县自然资源和规划局" in body
    assert "承接部门 县自然资源局" in body  # the withdrawn list's item, as published
