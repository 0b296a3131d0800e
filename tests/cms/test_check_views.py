"""The public 查一查 page, the permalink of a stored check and the register page."""

import pytest
from django.core.cache import cache

from cms.models import DutyListPage
from registry.admission_index import index_cache_clear
from registry.enums import ListKind
from registry.models import AssignmentCheck, DutyList
from tests.registry.checks_fixtures import TUBAN, make_lists

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(site):
    index_cache_clear()
    cache.clear()
    made = make_lists(site["tree"])
    basic = DutyList.objects.get(region=site["tree"]["county"], kind=ListKind.TOWNSHIP_BASIC)
    DutyListPage.objects.filter(pk=site["county_list"].pk).update(duty_list=basic)
    return made


def test_form_lists_units_grouped_by_township(client, site, lists):
    response = client.get("/check/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in html
    assert "测试县·乡镇（街道）" in html and "西镇·村（社区）" in html
    assert f'value="{site["tree"]["village"].code}"' in html
    assert "县自然资源局" in html  # departments of the county


def test_post_redirects_to_permalink_with_cited_item_link(client, site, lists):
    response = client.post(
        "/check/",
        {"text": TUBAN, "region": site["tree"]["town"].code, "on": "2025-12-01", "department": ""},
    )
    check = AssignmentCheck.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/check/{check.public_id}/"
    page = client.get(response["Location"]).content.decode()
    assert "基本履职事项（可以交办）" in page
    assert "verdict-ok" in page
    list_url = site["county_list"].url
    assert f'href="{list_url}versions/1/?region={site["tree"]["town"].code}#JB-060"' in page
    assert "测委办发〔2025〕12号" in page


def test_prohibited_verdict_is_red_and_explains(client, site, lists):
    response = client.post(
        "/check/", {"text": TUBAN, "region": site["tree"]["town"].code, "on": "2026-06-01"}
    )
    page = client.get(response["Location"]).content.decode()
    assert "verdict-stop" in page
    assert "不得交由乡镇（街道）承担" in page


def test_permalink_shows_the_check_as_stored(client, site, lists):
    client.post("/check/", {"text": TUBAN, "region": site["tree"]["town"].code, "on": "2025-12-01"})
    check = AssignmentCheck.objects.get()
    # Later publications do not change a stored check.
    from registry.services.versions import ItemData
    from tests.factories import publish

    publish(site["tree"]["county"], ListKind.TOWNSHIP_BASIC, __import__("datetime").date(2026, 4, 1),
            [ItemData(seq=1, name="别的事项", code="JB-001")])  # fmt: skip
    page = client.get(f"/check/{check.public_id}/").content.decode()
    assert "卫星遥感图斑核查举证" in page and "第1版" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": "", "region": "880101100000"}, "请填写拟交办的事项内容"),
        ({"text": TUBAN, "region": ""}, "请选择承接单位"),
        ({"text": TUBAN, "region": "880101100000", "on": "2026/01/01"}, "格式不正确"),
        ({"text": TUBAN, "region": "880101000000"}, "承接单位须为乡镇（街道）或村（社区）"),
    ],
)
def test_form_errors_are_shown_in_chinese(client, site, lists, data, message):
    response = client.post("/check/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AssignmentCheck.objects.exists()


def test_post_is_rate_limited(client, site, lists, settings):
    settings.CHECK_RATE_LIMIT = "1/600"
    data = {"text": TUBAN, "region": site["tree"]["town"].code}
    assert client.post("/check/", data).status_code == 302
    response = client.post("/check/", data)
    assert response.status_code == 429
    assert "查询过于频繁" in response.content.decode()


def test_unknown_check_is_404(client, site, lists):
    assert client.get("/check/doesnotexist/").status_code == 404


def test_csrf_is_enforced(site, lists):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/check/", {"text": TUBAN, "region": site["tree"]["town"].code})
    assert response.status_code == 403


def test_register_empty_state(client, site, lists):
    response = client.get("/admission/")
    assert response.status_code == 200
    assert "暂无已作出决定的准入申请" in response.content.decode()


def test_result_page_highlights_and_explains_codes(client, site, lists):
    response = client.post(
        "/check/", {"text": TUBAN, "region": site["tree"]["town"].code, "on": "2026-06-01"}
    )
    html = client.get(response["Location"]).content.decode()
    from registry.admission import SHIPPED_CALIBRATION

    needed = round(SHIPPED_CALIBRATION.threshold * 100)
    assert "把握程度" in html and f"自动认定须达到{needed}%" in html
    assert "<mark>" in html and "共同用语" in html
    assert "代码说明" in html and "乡镇清单外事项摊派" in html
    assert "更正审查结果" not in html  # anonymous users cannot correct


def test_meaningless_text_gets_a_chinese_error_on_the_form(client, site, lists):
    response = client.post("/check/", {"text": "！！？？", "region": site["tree"]["town"].code})
    assert response.status_code == 400
    assert "无法识别事项内容" in response.content.decode()


def test_the_countys_reviewer_corrects_a_check_once(client, site, lists):
    """The county's reviewers hold the 人工认定 permission (cms.roles); a second click stores
    nothing more; the confirmation is a message, not something the address can fake."""
    from registry.models import CheckDecision

    response = client.post(
        "/check/", {"text": TUBAN, "region": site["tree"]["town"].code, "on": "2026-06-01"}
    )
    url = response["Location"]
    assert "已保存您的认定" not in client.get(url + "?corrected=1").content.decode()
    reviewer = site["users"]["reviewer"]
    client.force_login(reviewer)
    html = client.get(url).content.decode()
    assert "更正审查结果" in html
    # Nothing is chosen for the reviewer (a second walk: the top match was preselected).
    assert '<option value="" selected>请选择……</option>' in html
    assert client.post(url + "correct/", {"choice": ""})["Location"] == url  # refused, kept
    answer = client.post(url + "correct/", {"choice": "unlisted", "note": "本县另有安排"})
    assert answer.status_code == 302 and answer["Location"] == url
    assert "已保存您的认定（清单外事项" in client.get(answer["Location"]).content.decode()
    # The second click sends the form again as it was (the note field keeps what was recorded).
    again = client.post(url + "correct/", {"choice": "unlisted", "note": "本县另有安排"})
    assert again.status_code == 302
    decision = CheckDecision.objects.get()
    assert decision.verdict == "unlisted" and decision.decided_by == reviewer
    page = client.get(url).content.decode()
    assert "本次审查已由人工认定为“清单外事项（须先准入）”" in page
    assert '<option value="unlisted" selected>' in page  # the decision made, not the top match
    # The form's address reloaded or bookmarked: the check itself, not an empty 405.
    assert client.get(url + "correct/")["Location"] == url
    # A choice the check never showed (a tampered form): a Chinese message on the page.
    tampered = client.post(url + "correct/", {"choice": "NOT-SHOWN"})
    assert tampered.status_code == 302 and tampered["Location"] == url
    assert "未能保存认定：请从审查结果列出的事项中选择" in client.get(url).content.decode()
    assert CheckDecision.objects.count() == 1


def test_a_permission_without_the_county_does_not_correct(client, site, lists):
    """The permission alone, without working for the check's county, is not enough."""
    from django.contrib.auth.models import Permission

    from tests.factories import make_user

    response = client.post(
        "/check/", {"text": TUBAN, "region": site["tree"]["town"].code, "on": "2026-06-01"}
    )
    outsider = make_user("outsider")
    outsider.user_permissions.add(Permission.objects.get(codename="add_checkdecision"))
    client.force_login(outsider)
    assert "更正审查结果" not in client.get(response["Location"]).content.decode()
    refused = client.post(response["Location"] + "correct/", {"choice": "unlisted"})
    assert refused.status_code == 403


def test_correcting_without_permission_is_refused(client, site, lists):
    from tests.factories import make_user

    response = client.post(
        "/check/", {"text": TUBAN, "region": site["tree"]["town"].code, "on": "2026-06-01"}
    )
    client.force_login(make_user("nobody"))
    assert client.post(response["Location"] + "correct/", {"choice": "unlisted"}).status_code == 403


def test_the_form_asks_for_a_county_when_there_are_several(client, site, lists):
    """An outsider's walk: with two counties and none chosen the page said no county had lists."""
    from tests.factories import make_neighbour_county

    make_neighbour_county(site["tree"]["city"])
    html = client.get("/check/").content.decode()
    assert "请先在上方选择县（市、区）" in html
    assert "还没有登记任何县" not in html


def test_an_item_of_another_list_is_never_shown_as_the_basis():
    """An outsider's walk: an allowed 依法协助 verdict listed a negative-list item among its basis."""
    from cms.check_views import _basis_and_nearby

    assist = {"list_kind": "village_assist", "code": "XZ-001"}
    negative = {"list_kind": "village_negative", "code": "FM-010"}
    assist2 = {"list_kind": "village_assist", "code": "XZ-007"}
    split = _basis_and_nearby([assist, negative, assist2])
    assert split == {"matches": [assist, assist2], "nearby": [negative]}
    assert _basis_and_nearby([]) == {"matches": [], "nearby": []}


def test_a_corrected_check_leads_with_the_decision(client, site, lists):
    """A walk: a corrected check kept 需人工研判 (or the rules' verdict) as its headline, under a
    note that a person had decided otherwise; the person's decision now leads, the system's
    verdict is kept below it as what the rules said."""
    response = client.post(
        "/check/", {"text": TUBAN, "region": site["tree"]["town"].code, "on": "2026-06-01"}
    )
    url = response["Location"]
    stored = AssignmentCheck.objects.get()
    client.force_login(site["users"]["reviewer"])
    client.post(url + "correct/", {"choice": "unlisted"})
    html = client.get(url).content.decode()
    banner = html.split('class="verdict ', 1)[1].split("</section>", 1)[0]
    assert banner.startswith('verdict-unlisted"')
    assert '<p class="verdict-label">人工认定：清单外事项（须先准入）</p>' in banner
    assert f"系统审查结论：{stored.result['verdict_label']}" in banner
    assert "<title>审查结论：人工认定为清单外事项（须先准入）" in html


def test_the_county_select_starts_empty_when_none_is_chosen(client, site, lists):
    """A walk: with several counties the select showed the first one as if chosen."""
    from tests.factories import make_neighbour_county

    make_neighbour_county(site["tree"]["city"])
    html = client.get("/check/").content.decode()
    assert '<option value="" selected>请选择县（市、区）</option>' in html
    chosen = client.get(f"/check/?county={site['tree']['county'].code}").content.decode()
    assert (
        '<option value="" selected>'
        not in chosen.split('id="id_county"', 1)[1].split("</select>", 1)[0]
    )


def test_a_long_text_is_refused_with_a_message_not_cut(client, site, lists):
    """A walk: the textarea's maxlength cut a pasted notice at 2,000 characters without a word;
    the server's message says how long it is and what the limit is."""
    html = client.get("/check/").content.decode()
    textarea = html.split('<textarea id="id_text"', 1)[1].split(">", 1)[0]
    assert "maxlength" not in textarea
    assert "不超过2000字" in html
    response = client.post(
        "/check/", {"text": "请村里统计人口。" * 300, "region": site["tree"]["town"].code}
    )
    assert response.status_code == 400
    assert "事项内容过长（2400字），请控制在2000字以内。" in response.content.decode()
    assert not AssignmentCheck.objects.exists()


def test_decided_tasks_that_disagree_are_named_as_such(client, site, lists):
    """A walk: two similar decided tasks with different conclusions were listed without a word;
    the closest one counts, and the reviewer is told they disagree."""
    town = site["tree"]["town"].code
    client.force_login(site["users"]["reviewer"])
    first = client.post("/check/", {"text": TUBAN, "region": town, "on": "2026-06-01"})["Location"]
    client.post(first + "correct/", {"choice": "unlisted"})
    second = client.post(
        "/check/",
        {"text": TUBAN.replace("组织开展", "抓紧开展"), "region": town, "on": "2026-06-01"},
    )["Location"]
    stored = AssignmentCheck.objects.get(public_id=second.rstrip("/").rsplit("/", 1)[-1])
    code = (stored.result["matches"] or stored.result["review_candidates"])[0]["code"]
    client.post(second + "correct/", {"choice": code})
    third = client.post(
        "/check/",
        {"text": TUBAN.replace("组织开展", "尽快开展"), "region": town, "on": "2026-06-01"},
    )["Location"]
    html = client.get(third).content.decode()
    assert html.count("<li>“请各乡镇") >= 2, html.split("类似的已审事项", 1)[-1][:800]
    assert "以上类似事项的认定结论不一致" in html
    agreeing = client.get(first).content.decode()
    assert "认定结论不一致" not in agreeing


def test_a_correction_shows_its_note_and_decider_to_reviewers_only(client, site, lists):
    """The walk: the saved 说明 was never shown (the field came back empty), the page did not say
    who decided, and a note over 200 characters was cut without a word; the system's
    consequences read as the conclusion under a person's decision; the reviewers' instruction on
    disagreeing decisions was shown to the public."""
    town = site["tree"]["town"].code
    url = client.post("/check/", {"text": TUBAN, "region": town, "on": "2026-06-01"})["Location"]
    reviewer = site["users"]["reviewer"]
    client.force_login(reviewer)
    refused = client.post(url + "correct/", {"choice": "unlisted", "note": "长" * 201})
    assert refused["Location"] == url
    assert "说明不能超过200字（现为201字）" in client.get(url).content.decode()
    client.post(url + "correct/", {"choice": "unlisted", "note": "县里另有安排"})
    html = client.get(url).content.decode()
    assert f"认定人：{reviewer.get_username()}" in html and "说明：县里另有安排" in html
    assert 'value="县里另有安排"' in html  # the field shows what was recorded
    assert 'maxlength="200"' not in html and "不超过200字" in html
    assert "系统审查的结论与后果（以上方人工认定为准）" in html
    assert "系统审查的把握程度" in html
    client.logout()
    public = client.get(url).content.decode()
    assert "本次审查已由人工认定为" in public
    assert "认定人" not in public and "县里另有安排" not in public
