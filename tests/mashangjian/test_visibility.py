"""mashangjian.visibility (``case_view``, ``in_conflict``) from the outside: play the attacker on
every surface a role reaches.

Reports carry a name, a phone, an ID number and a WeChat id in EVERY field the reporter types,
through the web form and the Open311 API, named and anonymous. Then each role reads every page,
list, export, API answer and mail it can reach, and none may carry any of it. The same for the
conflict of interest, by name (typed, full or short) and by choice. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from mashangjian.models import Case
from mashangjian.services import cases as svc
from mashangjian.services import setup
from tests.factories import make_user
from tests.mashangjian.conftest import answer_as_minzheng, route_to_minzheng, submit

API = "/api/open311/v2"
SURNAME, GIVEN = "李", "建国"
PHONE = "13812345678"
ID_NUMBER = "110101199003074514"
WECHAT = "lijianguo88"
# What must never reach a handling unit (nor any mail, nor the public API).
SECRETS = ("李建国", "李 建国", GIVEN, PHONE, ID_NUMBER, WECHAT)


def leaky(n: int) -> dict[str, str]:
    """A report with the identity in every free-text field (``n`` keeps the reports distinct)."""
    tag = f"反映人李 建国，电话{PHONE}，身份证{ID_NUMBER}，微信 {WECHAT}"
    return {
        "subject_text": f"红松社区主任（{tag}）"[:128],
        "occurred": f"九月{n}日，{tag}"[:64],
        "content": f"第{n}件：一周内三次要求村里填报留守儿童情况表。我是建国，{tag}。",
    }


def _text_of(response) -> str:
    body = response.content if hasattr(response, "content") else b"".join(response)
    if body[:2] == b"PK":  # xlsx: every string and sheet part
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return body.decode("utf-8-sig", "replace")


def assert_clean(text: str, where: str, secrets=SECRETS) -> None:
    found = [s for s in secrets if s in text]
    assert not found, f"{where} carries {found}"


def web_submit(client, world, n: int, *, anonymous: bool) -> str:
    data = {
        "category": world.category.pk,
        "region": world.tree["village"].pk,
        "anonymous": "1" if anonymous else "0",
        "subject_department": "",
        "contact_name": "李建国",
        "contact_phone": PHONE,
        "submission_token": f"probe-token-{n}-{anonymous}",
        **leaky(n),
    }
    response = client.post(
        reverse("mashangjian:report", args=[world.county.code]), data, follow=True
    )
    assert response.status_code == 200, response.content.decode()[:1500]
    return response.content.decode().split('id="case-number">')[1].split("<")[0]


def api_submit(client, world, n: int, *, anonymous: bool) -> tuple[str, str]:
    fields = leaky(n)
    data = {
        "service_code": world.category.code,
        "jurisdiction_id": world.tree["village"].code,
        "description": fields["content"],
        "subject": fields["subject_text"],
        "occurred": fields["occurred"],
        "first_name": GIVEN,
        "last_name": SURNAME,
    }
    if not anonymous:
        data["phone"] = PHONE
    response = client.post(f"{API}/requests.json", data)
    assert response.status_code == 200, response.content
    body = response.json()[0]
    return body["service_request_id"], body["query_code"]


@pytest.fixture
def probed(client, world):
    """Four leaky reports (form/API × named/anonymous), accepted and routed to 民政局."""
    numbers, tokens = [], {}
    for n, anonymous in ((1, True), (2, False)):
        numbers.append(web_submit(client, world, n, anonymous=anonymous))
    for n, anonymous in ((3, True), (4, False)):
        number, token = api_submit(client, world, n, anonymous=anonymous)
        numbers.append(number)
        tokens[number] = token
    cases = list(Case.objects.filter(number__in=numbers))
    assert len(cases) == 4
    for case in cases:
        route_to_minzheng(world, case)
    return cases, tokens


def handler_surfaces(client, cases) -> dict[str, object]:
    pages = {
        "案件列表": client.get(reverse("mashangjian_admin:case_list")),
        "待办": client.get(reverse("mashangjian_admin:todo")),
        "导出 CSV": client.get(reverse("mashangjian_admin:cases_export", args=["csv"])),
        "导出 xlsx": client.get(reverse("mashangjian_admin:cases_export", args=["xlsx"])),
    }
    for case in cases:
        pages[f"案件页 {case.number}"] = client.get(
            reverse("mashangjian_admin:case_detail", args=[case.pk])
        )
    return pages


def test_a_handling_unit_reads_nothing_of_the_reporter_anywhere(client, world, probed):
    cases, _ = probed
    client.force_login(world.minzheng_user)
    pages = handler_surfaces(client, cases)
    for where, response in pages.items():
        assert response.status_code == 200, where
        assert_clean(_text_of(response), where)
    # The case is there, just without the reporter: the redacted texts are what it reads.
    detail = _text_of(pages[f"案件页 {cases[0].number}"])
    assert "红松社区主任" in detail and "［姓名已隐去］" in detail and "［手机号已隐去］" in detail
    # After the answer and the review, the timeline still names nobody.
    for case in cases:
        answer_as_minzheng(world, case)
    for where, response in handler_surfaces(client, cases).items():
        assert_clean(_text_of(response), where + "（反馈后）")


def test_another_unit_and_the_public_api_read_nothing(client, world, probed):
    cases, tokens = probed
    client.force_login(world.jiaoyu_user)
    for where, response in handler_surfaces(client, []).items():
        assert_clean(_text_of(response), "教育局 " + where)
    for case in cases:
        assert (
            client.get(reverse("mashangjian_admin:case_detail", args=[case.pk])).status_code == 404
        )
    client.logout()
    for number, token in tokens.items():
        answer = client.get(f"{API}/requests/{number}.json", {"token": token})
        assert answer.status_code == 200
        assert_clean(answer.content.decode(), f"Open311 {number}")


def test_the_office_never_sees_a_name_given_on_an_anonymous_report(client, world):
    """The name fields of an anonymous report are used for redaction only and never stored."""
    content = "一周内三次要求村里填报留守儿童情况表，内容与上月一致。"
    web = client.post(
        reverse("mashangjian:report", args=[world.county.code]),
        {
            "category": world.category.pk,
            "region": world.tree["village"].pk,
            "anonymous": "1",
            "content": content,
            "contact_name": "李建国",
            "contact_phone": PHONE,
            "submission_token": "probe-anonymous-office",
        },
    )
    assert web.status_code == 302
    api = client.post(
        f"{API}/requests.json",
        {
            "service_code": world.category.code,
            "jurisdiction_id": world.tree["village"].code,
            "description": "另一件：" + content,
            "first_name": GIVEN,
            "last_name": SURNAME,
        },
    )
    assert api.status_code == 200
    assert Case.objects.count() == 2
    for case in Case.objects.all():
        assert case.anonymous and case.contact_name == case.contact_phone == ""
    client.force_login(world.office_user)
    for case in Case.objects.all():
        page = client.get(reverse("mashangjian_admin:case_detail", args=[case.pk]))
        assert_clean(page.content.decode(), f"机制办案件页 {case.number}")
    for fmt in ("csv", "xlsx"):
        export = client.get(reverse("mashangjian_admin:cases_export", args=[fmt]))
        assert_clean(_text_of(export), f"机制办导出 {fmt}")


def test_mails_name_the_case_and_nothing_of_the_reporter(client, world, probed):
    cases, _ = probed
    world.minzheng_user.email = "mz@example.invalid"
    world.minzheng_user.save()
    world.office_user.email = "office@example.invalid"
    world.office_user.save()
    late = cases[0].handle_due.replace(year=cases[0].handle_due.year + 1)
    call_command("mashangjian_deadlines", "--today", late.isoformat(), stdout=io.StringIO())
    assert mail.outbox
    for message in mail.outbox:
        assert_clean(message.subject + message.body, f"邮件 {message.subject}")


# ---------------------------------------------------------------- conflict of interest


@pytest.fixture
def tongji_user(world):
    group = setup.handler_group_setup(department=world.tongji)
    return make_user("tongji", group)


@pytest.mark.parametrize(
    "how",
    [
        {"subject_text": "县统计局"},  # typed, short name
        {"subject_text": "统计局"},  # typed, without the county prefix
        {"subject_text": "测试县统计局"},  # typed, full name
        {"content_extra": "统 计 局要求每周报送。"},  # named in the text, any spacing
        {"choice": True},  # chosen from the list
    ],
    ids=["short", "bare", "full", "in-text", "chosen"],
)
def test_a_unit_complained_about_never_gets_or_sees_the_case(client, world, tongji_user, how):
    setup.routing_rule_set(county=world.county, category=world.category, department=world.tongji)
    receipt = submit(
        world,
        region=world.tree["community"],  # county-wide rule → 统计局
        content="一周内三次要求村里填报留守儿童情况表。" + how.get("content_extra", ""),
        subject_text=how.get("subject_text", ""),
        subject_department=world.tongji if how.get("choice") else None,
    )
    case = receipt.case
    assert case.proposed_department_id != world.tongji.pk
    client.force_login(world.office_user)
    page = client.get(reverse("mashangjian_admin:case_detail", args=[case.pk])).content.decode()
    assert f'<option value="{world.tongji.pk}"' not in page  # not offered in 受理与分办
    assert "利益冲突回避" in page
    with pytest.raises(Exception, match="利益冲突"):
        world.by("office", svc.case_accept, case, department=world.tongji, reason="x")
    # Even if the database were changed by hand, the unit does not see it.
    Case.objects.filter(pk=case.pk).update(status="handling", handler_department=world.tongji)
    client.force_login(tongji_user)
    assert client.get(reverse("mashangjian_admin:case_detail", args=[case.pk])).status_code == 404
    listing = client.get(reverse("mashangjian_admin:case_list")).content.decode()
    assert case.number not in listing
    export = client.get(reverse("mashangjian_admin:cases_export", args=["csv"])).content.decode()
    assert case.number not in export
    todo = client.get(reverse("mashangjian_admin:todo")).content.decode()
    assert case.number not in todo


def test_the_office_is_warned_when_a_typed_unit_resembles_a_department(client, world):
    case = submit(
        world,
        content="一周内三次要求村里填报留守儿童情况表。",
        subject_text="县统计所",
    ).case
    client.force_login(world.office_user)
    page = client.get(reverse("mashangjian_admin:case_detail", args=[case.pk])).content.decode()
    assert 'id="conflict-warning"' in page and "县统计局" in page
