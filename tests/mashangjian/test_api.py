"""Open311 GeoReport v2 (mashangjian/api/): the spec's operations in JSON and XML, the error
list on every error, and reporter protection (the public never sees what the reporter typed)."""

import json
from xml.etree import ElementTree

import pytest
from django.test import override_settings

from mashangjian.enums import DeclineReason
from mashangjian.models import Case
from mashangjian.services import cases as svc
from tests.factories import make_user
from tests.mashangjian.conftest import submit

BASE = "/api/open311/v2"


def _submit(client, world, **extra):
    data = {
        "service_code": "TBBS",
        "jurisdiction_id": world.tree["village"].code,
        "description": "教育局重复要求填报留守儿童情况表。",
        **extra,
    }
    return client.post(f"{BASE}/requests.json", data)


def test_services_lists_the_14_categories(client, world):
    data = client.get(f"{BASE}/services.json").json()
    assert len(data) == 14
    assert {"service_code": "TBBS", "service_name": "填表报数过多过频"}.items() <= data[2].items()
    xml = ElementTree.fromstring(client.get(f"{BASE}/services.xml").content)
    assert xml.tag == "services" and len(xml.findall("service")) == 14
    assert xml.find("service/service_code").text == data[0]["service_code"]


def test_submit_then_read_back_public_and_own_views(client, world):
    response = _submit(client, world, address_string="林源县某村村委会", lat="27.5", long="118.25")
    assert response.status_code == 200, response.content
    body = response.json()[0]
    assert set(body) == {"service_request_id", "service_notice", "account_id", "query_code"}
    case = Case.objects.get(number=body["service_request_id"])
    assert case.anonymous and case.address_string == "林源县某村村委会"
    assert (case.latitude, case.longitude) == (27.5, 118.25)
    public = client.get(f"{BASE}/requests/{case.number}.json")
    assert public.status_code == 200
    row = public.json()[0]
    assert row["status"] == "open" and row["status_label"] == "已收到，待受理"
    assert row["address"] is None and row["lat"] is None and "description" not in row
    own = client.get(f"{BASE}/requests/{case.number}.json", {"query_code": body["query_code"]})
    mine = own.json()[0]
    assert mine["address"] == "林源县某村村委会" and mine["lat"] == 27.5
    # ISO 8601 with a zone, the expected time too (not a bare date).
    for key in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert row[key][10] == "T" and row[key].endswith("+08:00"), row[key]
    wrong = client.get(f"{BASE}/requests/{case.number}.json", {"query_code": "AAAA-AAAA-AAAA"})
    unknown = client.get(f"{BASE}/requests/MSJ-0000-0000.json")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == [{"code": 404, "description": "未找到该案件或查询码错误。"}]
    token = client.get(f"{BASE}/tokens/{body['query_code']}.json").json()
    assert token == [{"service_request_id": case.number, "token": body["query_code"]}]


def test_xml_answers_follow_the_spec_names(client, world):
    response = client.post(
        f"{BASE}/requests.xml",
        {
            "service_code": "TBBS",
            "jurisdiction_id": world.county.code,
            "description": "重复要表的问题反映内容。",
        },
    )
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "service_requests"
    number = root.find("request/service_request_id").text
    listed = ElementTree.fromstring(client.get(f"{BASE}/requests.xml").content)
    assert [r.find("service_request_id").text for r in listed.findall("request")] == [number]
    error = ElementTree.fromstring(client.get(f"{BASE}/requests/MSJ-0000-0000.xml").content)
    assert error.tag == "errors" and error.find("error/code").text == "404"


def test_named_contact_and_email_are_never_answered(client, world):
    response = client.post(
        f"{BASE}/requests.json",
        data=json.dumps(
            {
                "service_code": "TBBS",
                "description": "重复要表的问题反映内容。",
                "email": "zhang@example.cn",
                "first_name": "三",
                "last_name": "张",
                "media_url": "http://example.cn/a.jpg",
            }
        ),
        content_type="application/json",
        QUERY_STRING=f"jurisdiction_id={world.county.code}",
    )
    assert response.status_code == 200, response.content
    body = response.json()[0]
    assert "media_url" in body["service_notice"]
    case = Case.objects.get(number=body["service_request_id"])
    assert case.contact_phone == "zhang@example.cn" and not case.anonymous
    for url, query in (
        (f"{BASE}/requests/{case.number}.json", {"query_code": body["query_code"]}),
        (f"{BASE}/requests/{case.number}.json", {}),
        (f"{BASE}/requests.json", {}),
    ):
        text = client.get(url, query).content.decode()
        assert "zhang@" not in text and "张" not in text and "重复要表" not in text


def test_jurisdiction_is_optional_where_one_county_decides(client, world):
    response = client.post(
        f"{BASE}/requests.json",
        {
            "service_code": "TBBS",
            "description": "教育局重复要求填报表格。",
            "lat": "27.1",
            "long": "118.2",
        },
    )
    assert response.status_code == 200, response.content
    case = Case.objects.get(number=response.json()[0]["service_request_id"])
    assert case.region == world.county
    with override_settings(OPEN311_DEFAULT_JURISDICTION=world.tree["town"].code):
        response = client.post(
            f"{BASE}/requests.json",
            {"service_code": "TBBS", "description": "教育局重复要求填报表格。"},
        )
        case = Case.objects.get(number=response.json()[0]["service_request_id"])
        assert case.region == world.tree["town"]


@pytest.mark.parametrize(
    ("extra", "status", "message"),
    [
        ({"service_code": "NOPE"}, 404, "service_code 无效"),
        ({"service_code": ""}, 400, "缺少 service_code"),
        ({"jurisdiction_id": "1"}, 400, "区划代码“1”无效"),
        ({"jurisdiction_id": "990000000000"}, 404, "不是本系统服务的区划"),
        ({"description": "太短"}, 400, "至少10个字"),
        ({"department_code": "ZZZ"}, 400, "department_code 无效"),
        ({"subject": "单" * 300}, 400, "subject 最多128个字符"),
        ({"description": "长" * 4001}, 400, "description 最多4000个字符"),
        ({"lat": "91", "long": "1"}, 400, "lat"),
        ({"lat": "²", "long": "1"}, 400, "lat"),
        ({"lat": "27.5"}, 400, "同时提供"),
        ({"lat": "", "long": ""}, 400, "lat"),
        ({"jurisdiction_id": ""}, 400, "jurisdiction"),
    ],
)
def test_bad_input_is_refused_not_cut(client, world, extra, status, message):
    response = _submit(client, world, **extra)
    assert response.status_code == status, response.content
    assert message in response.json()[0]["description"]
    assert not Case.objects.exists()


def test_wrong_json_types_and_broken_bodies_are_400(client, world):
    for body in (
        {"service_code": "TBBS", "description": {"text": "一个对象而不是字符串的描述"}},
        {"service_code": ["TBBS"], "description": "教育局重复要求填报表格。"},
        {
            "service_code": "TBBS",
            "description": "教育局重复要求填报表格。",
            "lat": "27.5",
            "long": 1,
        },
        {"service_code": "TBBS", "description": "教育局重复要求填报表格。", "subject": None},
        '{"service_code": "TBBS", "description": "\\ud800教育局重复要求填报表格。"}',
        "{oops",
        "[1, 2]",
    ):
        raw = body if isinstance(body, str) else json.dumps(body)
        response = client.post(f"{BASE}/requests.json", raw, content_type="application/json")
        assert response.status_code == 400, response.content
        assert response.json()[0]["code"] == 400
        if body in ("{oops", "[1, 2]"):  # the same words as /api/v1/ (registry.params.json_object)
            assert "须为JSON对象" in response.json()[0]["description"]
    plain = client.post(f"{BASE}/requests.json", "x", content_type="text/plain")
    assert plain.status_code == 415 and plain.json()[0]["code"] == 415
    assert not Case.objects.exists()


def test_list_filters(client, world):
    first = submit(world, content="重复要表问题反映内容一。")
    second = submit(world, content="重复要表问题反映内容二。")
    world.by(
        "office",
        svc.case_decline,
        second.case,
        reason=DeclineReason.values[0],
        note="给反映人的说明。",
    )

    def numbers(**query):
        response = client.get(f"{BASE}/requests.json", query)
        assert response.status_code == 200, response.content
        return {r["service_request_id"] for r in response.json()}

    both = {first.number, second.number}
    assert numbers() == both
    assert numbers(service_request_id=first.number) == {first.number}
    assert numbers(service_code="TBBS") == both and numbers(service_code="OTHER") == set()
    assert numbers(jurisdiction_id=world.tree["town"].code) == both
    assert numbers(start_date="2000-01-01T00:00:00Z", end_date="2000-02-01T00:00:00Z") == set()
    assert numbers(status="open,closed") == both
    assert numbers(status="closed") == {second.number}
    assert numbers(status="open") == {first.number}
    public = client.get(f"{BASE}/requests.json").content.decode()
    assert "给反映人的说明" not in public and "反映内容" not in public
    for bad in (
        {"status": "pending"},
        {"start_date": "2026-13-01"},
        {"start_date": "2020-01-01T00:00:00Z", "end_date": "2021-01-01T00:00:00Z"},
    ):
        response = client.get(f"{BASE}/requests.json", bad)
        assert response.status_code == 400 and response.json()[0]["code"] == 400
    assert (
        client.get(f"{BASE}/requests.json", {"jurisdiction_id": "990000000000"}).status_code == 404
    )


def test_closed_case_shows_the_reviewed_answer_only(client, world):
    receipt = submit(world, content="重复要表问题反映内容示例。")
    case = receipt.case
    world.by("office", svc.case_accept, case, department=world.minzheng)
    world.by("minzheng", svc.case_answer, case, answer="内部草稿：已经处理完毕了。")
    for query in ({"query_code": receipt.query_code}, {}):
        got = client.get(f"{BASE}/requests/{case.number}.json", query).json()[0]
        assert "内部草稿" not in json.dumps(got, ensure_ascii=False) and got["status"] == "open"
    world.by("office", svc.case_review, case, approve=True, public_answer="经核实已整改。")
    got = client.get(f"{BASE}/requests/{case.number}.json").json()[0]
    assert got["status"] == "closed" and got["status_notes"] == "经核实已整改。"
    assert got["expected_datetime"] is None


def test_errors_outside_the_handlers_are_the_georeport_list(client, world):
    missing = client.get(f"{BASE}/nothing-here.json")
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404
    wrong_method = client.delete(f"{BASE}/requests.json")
    assert wrong_method.status_code == 405 and wrong_method.json()[0]["code"] == 405
    xml_missing = client.get(f"{BASE}/services/NOPE.xml")
    assert xml_missing.status_code == 404 and b"<errors>" in xml_missing.content
    assert client.get(f"{BASE}/services/NOPE.json").json()[0]["code"] == 404


@override_settings(MASHANGJIAN_RATE_LIMITS={"submit": "1/600", "lookup": "1/600"})
def test_429_says_when_to_retry(client, world):
    assert _submit(client, world).status_code == 200
    refused = _submit(client, world)
    assert refused.status_code == 429 and refused.json()[0]["code"] == 429
    assert 1 <= int(refused["Retry-After"]) <= 600
    client.get(f"{BASE}/requests.json")
    assert client.get(f"{BASE}/requests.json")["Retry-After"]


def test_the_api_refuses_text_longer_than_the_form_allows(client, world):
    response = _submit(client, world, description="填表" * 2001)
    assert response.status_code == 400
    assert "最多4000个字符" in response.content.decode()


def test_anonymous_report_does_not_record_the_signed_in_user(client, world):
    client.force_login(make_user("signed_in_worker"))
    response = client.post(
        f"{BASE}/requests.json",
        {
            "service_code": "TBBS",
            "jurisdiction_id": world.tree["village"].code,
            "description": "教育局重复要求填报留守儿童情况表。",
        },
    )
    assert response.status_code == 200, response.content
    case = Case.objects.get(number=response.json()[0]["service_request_id"])
    assert case.anonymous
    assert list(case.history.values_list("history_user_id", flat=True)) == [None]
