"""cms.request_guard: one check of every body and parameter; Chinese 400s, never a 500."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mashangjian.models import Case
from registry.models import AssignmentCheck
from registry.params import BadParameter, date, integer, page, region_code

OPEN311 = "/api/open311/v2/requests.json"


@pytest.mark.parametrize("value", ["²", "١", "１", " 1", "1 ", "+1", "-1", "1_0", "1.0", "0x1"])
def test_integers_are_ascii_digits_only(value):
    with pytest.raises(BadParameter) as caught:
        integer(value, name="from")
    assert "from" in caught.value.message


@pytest.mark.parametrize("value", ["20260301", "2026-W10-1", "2026-02-30", "２０２６-03-01"])
def test_dates_are_yyyy_mm_dd_and_exist(value):
    with pytest.raises(BadParameter):
        date(value, name="on")


def test_valid_values_pass():
    assert integer("12", name="n") == 12 and page(None) == 1 and page("3") == 3
    assert date("2026-03-01", name="on").isoformat() == "2026-03-01"
    assert region_code("880101000000") == "880101000000"
    with pytest.raises(BadParameter):
        page("0")


def test_nul_in_the_check_form_post_is_a_400(client, db):
    response = client.post("/check/", {"text": "填报\x00台账", "region": "880101001000"})
    assert response.status_code == 400 and "控制字符" in response.content.decode()
    assert not AssignmentCheck.objects.exists()


def test_nul_in_an_open311_form_post_is_a_400(client, db):
    response = client.post(
        OPEN311,
        {"service_code": "TBBS", "jurisdiction_id": "880101000000", "description": "重复\x00要表"},
    )
    assert response.status_code == 400
    assert "控制字符" in response.json()[0]["description"]
    assert not Case.objects.exists()


def test_control_character_in_a_query_string_or_an_upload_name_is_a_400(client, db):
    assert client.get("/api/v1/search", {"q": "台账\x1b"}).status_code == 400
    upload = SimpleUploadedFile("清单\x00.csv", b"a,b\n", content_type="text/csv")
    response = client.post("/check/", {"text": "x", "file": upload})
    assert response.status_code == 400


@pytest.mark.parametrize("url", [OPEN311, "/api/v1/checks"])
def test_multipart_without_boundary_is_a_400(client, db, url):
    response = client.generic("POST", url, b"--x\r\n\r\n", content_type="multipart/form-data")
    assert response.status_code == 400
    assert "boundary" in response.content.decode()


@pytest.mark.parametrize("url", [OPEN311, "/api/v1/checks"])
def test_deeply_nested_json_is_a_400(client, db, url):
    response = client.post(url, "[" * 100_000 + "]" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert "嵌套" in response.content.decode()


def test_oversized_api_body_is_a_413_in_the_api_format(client, db):
    response = client.post(
        "/api/v1/checks", '{"text": "' + "x" * (1024 * 1024) + '"}', content_type="application/json"
    )
    assert response.status_code == 413 and "过大" in response.json()["detail"]


def test_errors_outside_the_handlers_are_json_under_api_v1(client, db):
    missing = client.get("/api/v1/no-such-thing/")
    assert missing.status_code == 404 and missing.json()["detail"]
    wrong_method = client.delete("/api/v1/checks")
    assert wrong_method.status_code == 405 and wrong_method.json()["detail"]
    assert "GET" in wrong_method["Allow"] or "POST" in wrong_method["Allow"]


def test_hotspot_days_in_other_digits_is_a_400(client, db):
    from mashangjian.services import calendar as calendar_services
    from tests.mashangjian.conftest import World

    calendar_services.calendar_seed(years=range(2024, 2028))
    world = World()
    client.force_login(world.office_user)
    url = reverse("mashangjian_admin:hotspots")
    assert client.get(url, {"days": "30"}).status_code == 200
    for bad in ("²", "١", "-5"):
        response = client.get(url, {"days": bad})
        assert response.status_code == 400 and "days" in response.content.decode()


@pytest.mark.usefixtures("clear_cache")
@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", "/check/abc%00/", None),
        ("get", "/api/v1/search?q=%E5%8F%B0%E8%B4%A6%00", None),
        ("post", "/api/v1/checks", '{"text": "a\\u0000b", "region": "880101100200"}'),
        ("post", "/api/open311/v2/requests.json", '{"description": "x\\u0000"}'),
    ],
)
def test_nul_characters_get_a_chinese_400(client, db, method, url, body):
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, data=body, content_type="application/json")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.django_db
def test_a_person_sending_a_nul_gets_the_sites_chinese_page(client):
    """An outsider's walk: a NUL typed into 查一查 got a bare text/plain answer, no way back."""
    response = client.post("/check/", {"text": "请各村\x00报送材料"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "控制字符" in html and "请求有误" in html and "返回首页" in html
