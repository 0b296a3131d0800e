"""Issue 10's case flow: exactly once, every state reads well, time is never silent, for people."""

from __future__ import annotations

import datetime
import io
import threading

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from mashangjian.enums import DeclineReason, Satisfaction
from mashangjian.models import Case
from mashangjian.services import cases as svc
from tests.mashangjian.conftest import answer_as_minzheng, route_to_minzheng, submit

API = "/api/open311/v2"
TEXT = "一周内三次要求村里填报留守儿童情况表，内容与上月一致。"


def form(world, **extra):
    return {
        "category": world.category.pk,
        "region": world.tree["village"].pk,
        "content": TEXT,
        "anonymous": "1",
        "submission_token": "",
        **extra,
    }


# ---------------------------------------------------------------- exactly once


def test_reloading_or_resubmitting_the_form_files_one_case(client, world):
    url = reverse("mashangjian:report", args=[world.county.code])
    page = client.get(url).content.decode()
    token = page.split('name="submission_token" value="')[1].split('"')[0]
    assert len(token) >= 24
    first = client.post(url, form(world, submission_token=token))
    assert first.status_code == 302 and first["Location"] == reverse("mashangjian:receipt")
    receipt = client.get(first["Location"]).content.decode()
    number = receipt.split('id="case-number">')[1].split("<")[0]
    code = receipt.split('id="query-code">')[1].split("<")[0]
    # Reload and bookmark: the same receipt, nothing filed.
    again = client.get(reverse("mashangjian:receipt")).content.decode()
    assert number in again and code in again
    # Back and submit again (same token): the same case and the same query code.
    resent = client.post(url, form(world, submission_token=token), follow=True).content.decode()
    assert number in resent and code in resent and "没有重复登记" in resent
    # A fresh form (new token) with the same report from the same place within the window.
    fresh = client.post(url, form(world, submission_token="another-token-123"), follow=True)
    assert number in fresh.content.decode()
    assert Case.objects.count() == 1
    # Another browser with no receipt cookie is told where to look, and files nothing.
    from django.test import Client

    gone = Client().get(reverse("mashangjian:receipt")).content.decode()
    assert "回执已不再显示" in gone and Case.objects.count() == 1


def test_open311_idempotency_key_and_identical_reports(client, world):
    data = {
        "service_code": world.category.code,
        "jurisdiction_id": world.tree["village"].code,
        "description": TEXT,
    }
    one = client.post(f"{API}/requests.json", data, HTTP_IDEMPOTENCY_KEY="key-0001-abcdef").json()
    two = client.post(f"{API}/requests.json", data, HTTP_IDEMPOTENCY_KEY="key-0001-abcdef").json()
    assert one[0]["service_request_id"] == two[0]["service_request_id"]
    assert (
        one[0]["query_code"] == two[0]["query_code"]
    )  # derived from the key: the repeat gets it too
    # The same report again without a key: recognised, the code is not given a second time.
    three = client.post(f"{API}/requests.json", data).json()[0]
    assert (
        three["service_request_id"] == one[0]["service_request_id"] and three["query_code"] is None
    )
    assert "相同" in three["service_notice"]
    assert Case.objects.count() == 1
    bad = client.post(f"{API}/requests.json", data, HTTP_IDEMPOTENCY_KEY="短")
    assert bad.status_code == 400 and "Idempotency-Key" in bad.json()[0]["description"]


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_identical_api_submissions_store_one_case(live_server, world_tx):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL (SQLite serialises the whole database)")
    import http.client
    import urllib.parse

    body = urllib.parse.urlencode(
        {
            "service_code": world_tx.category.code,
            "jurisdiction_id": world_tx.tree["village"].code,
            "description": TEXT,
        }
    )
    host = live_server.url.removeprefix("http://")
    answers: list[tuple[int, dict]] = []
    start = threading.Barrier(20)

    def send(keyed: bool):
        conn = http.client.HTTPConnection(host, timeout=60)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if keyed:
            headers["Idempotency-Key"] = "parallel-key-0001"
        start.wait()
        conn.request("POST", f"{API}/requests.json", body=body, headers=headers)
        response = conn.getresponse()
        import json

        answers.append((response.status, json.loads(response.read())[0]))

    threads = [threading.Thread(target=send, args=(i % 2 == 0,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [s for s, _ in answers] == [200] * 20
    assert len({a["service_request_id"] for _, a in answers}) == 1
    assert Case.objects.count() == 1


@pytest.fixture
def world_tx(transactional_db, settings):
    from mashangjian.services import calendar as calendar_services
    from tests.mashangjian.conftest import World

    settings.MASHANGJIAN_RATE_LIMITS = {"submit": "1000/60", "lookup": "1000/60"}
    calendar_services.calendar_seed(years=range(2024, 2027))
    return World()


# ---------------------------------------------------------------- every state reads well


def test_a_declined_case_shows_its_reason_everywhere(client, world):
    receipt = submit(world, content=TEXT)
    case = world.by("office", svc.case_decline, receipt.case, reason=DeclineReason.PETITION)
    reason = "不予受理，理由：个体信访。"
    api = client.get(
        f"{API}/requests/{case.number}.json", {"token": receipt.query_code}
    )  # was a 500
    assert api.status_code == 200 and api.json()[0]["status_notes"].startswith(reason)
    status = client.post(
        reverse("mashangjian:status"), {"number": case.number, "code": receipt.query_code}
    ).content.decode()
    assert reason in status and "理由：</p>" not in status
    client.force_login(world.office_user)
    detail = client.get(reverse("mashangjian_admin:case_detail", args=[case.pk])).content.decode()
    assert reason in detail and "不予受理：。" not in detail
    export = client.get(reverse("mashangjian_admin:cases_export", args=["csv"])).content
    assert reason in export.decode("utf-8-sig")


def test_a_reopened_case_says_why(client, world):
    receipt = submit(world, content=TEXT)
    case = receipt.case
    route_to_minzheng(world, case)
    answer_as_minzheng(world, case)
    world.by("office", svc.case_review, case, approve=True)
    svc.case_rate(case=case, satisfaction=Satisfaction.UNSATISFIED)
    status = client.post(
        reverse("mashangjian:status"), {"number": case.number, "code": receipt.query_code}
    ).content.decode()
    assert "反映人对答复不满意，案件重新办理。" in status
    api = client.get(f"{API}/requests/{case.number}.json", {"token": receipt.query_code}).json()
    assert api[0]["status_notes"] == "反映人对答复不满意，案件重新办理。"


# ---------------------------------------------------------------- time is never silent


def test_overdue_is_read_from_the_deadlines_without_the_command(client, world):
    """Two cases 9 and 15 days past their acceptance deadline, no command ever run."""
    today = datetime.date.today()
    late = [submit(world, content=f"第{n}件：{TEXT}").case for n in (9, 15)]
    for days, case in zip((9, 15), late, strict=True):
        Case.objects.filter(pk=case.pk).update(accept_due=today - datetime.timedelta(days=days))
    fresh = submit(world, content="第三件：" + TEXT).case
    client.force_login(world.office_user)
    listing = client.get(reverse("mashangjian_admin:case_list") + "?overdue=1").content.decode()
    assert all(c.number in listing for c in late) and fresh.number not in listing
    assert listing.count("msj-overdue") == 2
    xlsx = client.get(reverse("mashangjian_admin:cases_export", args=["xlsx"]))
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    headers = [c.value for c in ws[1]]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    col = headers.index("超期")
    assert rows[late[0].number][col] == rows[late[1].number][col] == "是"
    assert rows[fresh.number][col] in ("", None)
    # Dates are stored as dates.
    assert isinstance(rows[fresh.number][headers.index("提交时间")], datetime.datetime)
    assert isinstance(rows[fresh.number][headers.index("受理期限")], datetime.datetime)


def test_todo_views_for_the_office_and_a_handler(client, world):
    today = datetime.date.today()
    waiting = submit(world, content="待受理：" + TEXT).case
    overdue = submit(world, content="已超期：" + TEXT).case
    soon = submit(world, content="快到期：" + TEXT).case
    review = submit(world, content="待审核：" + TEXT).case
    for case in (overdue, soon, review):
        route_to_minzheng(world, case)
    Case.objects.filter(pk=overdue.pk).update(handle_due=today - datetime.timedelta(days=3))
    Case.objects.filter(pk=soon.pk).update(handle_due=today)
    answer_as_minzheng(world, review)

    def section(html, key):
        return html.split(f'id="todo-{key}"')[1].split("</section>")[0]

    client.force_login(world.office_user)
    office = client.get(reverse("mashangjian_admin:todo")).content.decode()
    assert waiting.number in section(office, "accept")
    assert overdue.number in section(office, "overdue")
    assert soon.number in section(office, "due_soon")
    assert review.number in section(office, "review")
    client.force_login(world.minzheng_user)
    handler = client.get(reverse("mashangjian_admin:todo")).content.decode()
    assert 'id="todo-accept"' not in handler and waiting.number not in handler
    assert overdue.number in section(handler, "overdue")
    assert soon.number in section(handler, "due_soon")
    assert review.number in section(handler, "review")


# ---------------------------------------------------------------- for people


def test_query_code_field_is_visible_forgiving_and_described(client, world):
    receipt = submit(world, content=TEXT)
    page = client.get(reverse("mashangjian:status")).content.decode()
    assert 'type="password"' not in page
    import re

    for described in re.findall(r'aria-describedby="([^"]+)"', page):
        for id_ in described.split():
            assert f'id="{id_}"' in page, id_
    messy = " " + receipt.query_code.lower().replace("-", " ") + " "
    ok = client.post(
        reverse("mashangjian:status"), {"number": receipt.number.lower(), "code": messy}
    )
    assert ok.status_code == 200 and receipt.number in ok.content.decode()


def test_report_form_help_and_errors_are_linked(client, world):
    import re

    url = reverse("mashangjian:report", args=[world.county.code])
    bad = client.post(url, form(world, content="太短", category="")).content.decode()
    assert 'id="id_category_error"' in bad
    assert "请不要写您自己的姓名" in bad
    described = re.findall(r'aria-describedby="([^"]+)"', bad)
    assert any("id_content_error" in d and "id_content_helptext" in d for d in described)
    for d in described:
        for id_ in d.split():
            assert f'id="{id_}"' in bad, id_


def test_admin_case_page_ids_are_unique(client, world):
    import re

    case = submit(world, content=TEXT).case
    client.force_login(world.office_user)
    html = client.get(reverse("mashangjian_admin:case_detail", args=[case.pk])).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_posters_are_reachable_from_the_admin_and_print_per_township(client, world):
    client.force_login(world.office_user)
    page = client.get(reverse("mashangjian_admin:posters")).content.decode()
    town = world.tree["town"]
    sheet_url = reverse("mashangjian:poster_sheet", args=[town.code])
    assert sheet_url in page
    sheet = client.get(sheet_url).content.decode()
    villages = list(town.children.all())
    assert villages and sheet.count('class="msj-poster"') == len(villages)
    assert all(v.name in sheet for v in villages)
