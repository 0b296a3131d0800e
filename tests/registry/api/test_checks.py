"""POST /api/v1/checks and GET /api/v1/checks/{id}: same JSON out; Chinese 400/404, never 500."""

import json

import pytest
from django.core.cache import cache

from registry.admission_index import index_cache_clear
from tests.registry.checks_fixtures import TUBAN, make_lists

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(tree):
    index_cache_clear()
    cache.clear()
    return make_lists(tree)


def _post(client, payload):
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post("/api/v1/checks", body, content_type="application/json")


def test_post_then_get_returns_the_same_json(client, tree, lists):
    response = _post(client, {"text": TUBAN, "region": tree["town"].code, "date": "2026-06-01"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["verdict"] == "withdrawn"
    assert data["matches"][0]["code"] == "JB-060"
    again = client.get(f"/api/v1/checks/{data['id']}")
    assert again.status_code == 200
    assert again.json() == data


def test_earlier_date_through_the_api(client, tree, lists):
    data = _post(client, {"text": TUBAN, "region": tree["town"].code, "date": "2025-12-01"}).json()
    assert data["verdict"] == "basic"


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"region": "880101100000"}, "缺少必填字段“text”"),
        ({"text": TUBAN}, "缺少必填字段“region”"),
        ({"text": TUBAN, "region": "880101000000"}, "承接单位须为乡镇（街道）或村（社区）"),
        ({"text": TUBAN, "region": "999999999999"}, "找不到区划代码"),
        ({"text": TUBAN, "region": "880101100000", "date": "2026-13-01"}, "格式不正确"),
        ({"text": 12, "region": "880101100000"}, "须为字符串"),
        ("not json", "请求体须为JSON对象"),
        ("[1, 2]", "请求体须为JSON对象"),
        ({"text": TUBAN, "region": "880101100000", "date": "2019-01-01"}, "没有现行有效的清单"),
        ({"text": "？？！！", "region": "880101100000"}, "无法识别事项内容"),
    ],
)
def test_bad_input_is_400_in_chinese(client, tree, lists, payload, message):
    response = _post(client, payload)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_unknown_id_is_404(client, tree, lists):
    response = client.get("/api/v1/checks/nope")
    assert response.status_code == 404
    assert "找不到编号" in response.json()["detail"]


def test_rate_limited(client, tree, lists, settings):
    settings.CHECK_RATE_LIMIT = "2/600"
    payload = {"text": TUBAN, "region": tree["town"].code}
    assert _post(client, payload).status_code == 200
    assert _post(client, payload).status_code == 200
    response = _post(client, payload)
    assert response.status_code == 429
    assert "查询过于频繁" in response.json()["detail"]
    assert 1 <= int(response["Retry-After"]) <= 600


def test_cross_site_text_plain_post_with_a_session_is_refused(tree, lists):
    """A page on another site can post text/plain with the user's cookies and no preflight."""
    from django.test import Client

    from registry.models import AssignmentCheck
    from tests.factories import make_user

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user("signed_in"))
    body = json.dumps({"text": TUBAN, "region": tree["town"].code})
    forged = browser.post("/api/v1/checks", body, content_type="text/plain")
    assert forged.status_code == 415 and "application/json" in forged.json()["detail"]
    no_token = browser.post("/api/v1/checks", body, content_type="application/json")
    assert no_token.status_code == 403 and "CSRF" in no_token.json()["detail"]
    assert not AssignmentCheck.objects.exists()
    browser.get("/check/")  # the form page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    ok = browser.post(
        "/api/v1/checks", body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert ok.status_code == 200, ok.content
    # Without a session (a script, a server) JSON needs no token.
    assert (
        Client(enforce_csrf_checks=True)
        .post("/api/v1/checks", body, content_type="application/json")
        .status_code
        == 200
    )


@pytest.mark.parametrize(
    "payload",
    [
        {"text": {"nested": TUBAN}, "region": "880101001000"},
        {"text": TUBAN, "region": ["880101001000"]},
        {"text": "a\x07b", "region": "880101001000"},
    ],
)
def test_wrong_types_and_control_characters_are_a_400(client, tree, lists, payload):
    response = _post(client, payload)
    assert response.status_code == 400
    assert "字段" in response.json()["detail"] or "控制字符" in response.json()["detail"]


def test_deeply_nested_json_is_a_400_not_a_recursion_error(client, tree, lists):
    response = _post(client, "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400 and "嵌套" in response.json()["detail"]


def test_new_fields_are_added_and_old_ones_kept(client, tree, lists):
    response = _post(client, {"text": TUBAN, "region": tree["town"].code, "date": "2026-06-01"})
    data = response.json()
    for key in ("verdict", "verdict_label", "allowed", "prohibited", "matches", "candidates",
                "consequences", "flags", "violation_code", "versions"):  # fmt: skip
        assert key in data
    assert data["confidence_threshold"] <= data["confidence"] <= 1 and data["needs_review"] is False
    assert 0.5 <= data["confidence_threshold"] < 1
    assert data["review_candidates"] == [] and data["similar_decisions"] == []
    assert data["codes"] == {
        "QDWSX": "乡镇清单外事项摊派（未经职责准入向乡镇（街道）交办清单外事项）"
    }
    top = data["matches"][0]
    assert top["list_document_no"] == "测委办发〔2026〕3号"
    for h in top["highlights"]:
        assert h["task"] in TUBAN
        assert h["item"] in top["name"] + top["content"]
    assert set(top["matched_terms"]) == {h["item"] for h in top["highlights"]}
