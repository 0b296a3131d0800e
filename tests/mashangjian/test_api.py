import json

from mashangjian.models import Case
from mashangjian.services import cases as svc

BASE = "/api/open311/v2"


def test_services_lists_the_14_categories(client, world):
    data = client.get(f"{BASE}/services.json").json()
    assert len(data) == 14
    assert {"service_code": "TBBS", "service_name": "填表报数过多过频"}.items() <= data[2].items()


def test_submit_and_follow_with_token(client, world):
    response = client.post(
        f"{BASE}/requests.json",
        {
            "service_code": "TBBS",
            "jurisdiction_id": world.tree["village"].code,
            "description": "教育局重复要求填报留守儿童情况表。",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()[0]
    case = Case.objects.get(number=body["service_request_id"])
    assert case.anonymous and body["token"]
    got = client.get(
        f"{BASE}/requests/{body['service_request_id']}.json", {"token": body["token"]}
    ).json()[0]
    assert got["status"] == "open" and got["status_label"] == "已收到，待受理"
    assert "description" not in got and "phone" not in json.dumps(got)
    no_token = client.get(f"{BASE}/requests/{body['service_request_id']}.json")
    wrong = client.get(
        f"{BASE}/requests/{body['service_request_id']}.json", {"token": "AAAA-AAAA-AAAA"}
    )
    unknown = client.get(f"{BASE}/requests/MSJ-0000-0000.json", {"token": body["token"]})
    assert no_token.status_code == wrong.status_code == unknown.status_code == 404
    assert (
        wrong.json()
        == unknown.json()
        == [{"code": 404, "description": "未找到该案件或查询码错误。"}]
    )


def test_json_body_and_named_contact_kept_from_api_answers(client, world):
    response = client.post(
        f"{BASE}/requests.json",
        data=json.dumps(
            {
                "service_code": "TBBS",
                "jurisdiction_id": world.county.code,
                "description": "重复要表的问题反映内容。",
                "phone": "13800138000",
                "first_name": "三",
                "last_name": "张",
            }
        ),
        content_type="application/json",
    )
    body = response.json()[0]
    case = Case.objects.get(number=body["service_request_id"])
    assert case.contact_phone == "13800138000" and not case.anonymous
    got = client.get(f"{BASE}/requests/{case.number}.json", {"token": body["token"]})
    assert "13800138000" not in got.content.decode() and "张" not in got.content.decode()


def test_bad_input_gets_400_in_chinese(client, world):
    cases = [
        (
            {
                "service_code": "NOPE",
                "jurisdiction_id": world.county.code,
                "description": "内容足够长的描述文字",
            },
            "service_code 无效",
        ),
        (
            {"service_code": "TBBS", "jurisdiction_id": "1", "description": "内容足够长的描述文字"},
            "jurisdiction_id 无效",
        ),
        (
            {"service_code": "TBBS", "jurisdiction_id": world.county.code, "description": "太短"},
            "至少10个字",
        ),
        (
            {
                "service_code": "TBBS",
                "jurisdiction_id": world.county.code,
                "description": "内容足够长的描述文字",
                "department_code": "ZZZ",
            },
            "department_code 无效",
        ),
    ]
    for data, message in cases:
        response = client.post(f"{BASE}/requests.json", data)
        assert response.status_code == 400
        assert message in response.json()[0]["description"]
    broken = client.post(f"{BASE}/requests.json", data="{oops", content_type="application/json")
    assert broken.status_code == 400 and "JSON" in broken.json()[0]["description"]
    assert not Case.objects.exists()


def test_closed_case_shows_the_reviewed_answer_only(client, world):
    receipt = svc.case_submit(
        category=world.category, region=world.tree["village"], content="重复要表问题反映内容示例。"
    )
    case = receipt.case
    svc.case_accept(
        case=case, scope=world.office_scope, user=world.office_user, department=world.minzheng
    )
    svc.case_answer(
        case=case,
        scope=world.minzheng_scope,
        user=world.minzheng_user,
        answer="内部草稿：已经处理完毕了。",
    )
    got = client.get(f"{BASE}/requests/{case.number}.json", {"token": receipt.query_code}).json()[0]
    assert "内部草稿" not in json.dumps(got, ensure_ascii=False) and got["status"] == "open"
    svc.case_review(
        case=case,
        scope=world.office_scope,
        user=world.office_user,
        approve=True,
        public_answer="经核实已整改。",
    )
    got = client.get(f"{BASE}/requests/{case.number}.json", {"token": receipt.query_code}).json()[0]
    assert got["status"] == "closed" and got["status_notes"] == "经核实已整改。"
