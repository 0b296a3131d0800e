"""The admission procedure walked by its three users: a department account files, the reviewer
approves, the list goes through 清单审核, the public reads the register and the list (1366 px);
the reviewer revokes (退出), which submits the draft without the item to 清单审核, another reviewer
approves it from the dashboard, and the public reads the register and the list at 360 px."""

import datetime
import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from cms import roles
from cms.models import DutyListPage
from registry.admission_index import index_cache_clear
from registry.enums import ListKind
from registry.models import AdmissionRequest, DutyList
from tests.browser.conftest import sign_in
from tests.browser.test_import import county_site
from tests.browser.test_review import approve_in_modal, click_hidden
from tests.cms.test_admission import _publish_draft
from tests.factories import make_county_tree, make_department, make_user
from tests.registry.checks_fixtures import make_lists

SHOTS = Path(os.environ.get("BROWSER_SHOTS", "/tmp/admission-shots"))
WIDTH = 1366


@pytest.fixture
def county():
    tree = make_county_tree()
    parent, groups = county_site(tree, slug="a-home")
    make_lists(tree)
    page = parent.add_child(
        instance=DutyListPage(
            title="测试县依法协助事项清单",
            slug="village-assist",
            kind=ListKind.VILLAGE_ASSIST,
            duty_list=DutyList.objects.get(region=tree["county"], kind=ListKind.VILLAGE_ASSIST),
        )
    )
    page.save_revision()
    dept = make_department(tree["county"], "县退役军人局")
    users = {
        "clerk": make_user("dept_clerk", roles.department_role(dept)),
        "admin": make_user("county_admin", groups[roles.COUNTY_ADMIN]),
        "reviewer": make_user("reviewer", groups[roles.COUNTY_REVIEWER]),
        "reviewer2": make_user("reviewer2", groups[roles.COUNTY_REVIEWER]),
    }
    return {"tree": tree, "page": page, "users": users}


def _fits(page, width: int = WIDTH) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.browser
def test_admission_procedure_walk_at_1366px(live_server, transactional_db, browser, county):
    index_cache_clear()
    cache.clear()
    SHOTS.mkdir(parents=True, exist_ok=True)
    base, tree = live_server.url, county["tree"]
    viewport = {"viewport": {"width": WIDTH, "height": 900}, "locale": "zh-CN"}
    start = timezone.localdate() + datetime.timedelta(days=70)

    # 1. The department files for its own department.
    ctx = browser.new_context(**viewport)
    page = sign_in(ctx.new_page(), base, "dept_clerk")
    page.goto(f"{base}/admin/jianfu/admission/")
    page.click("a:has-text('提交准入申请')")
    page.wait_for_url("**/admission/new/")
    page.select_option("#id_target_regions", [str(tree["village"].pk)])
    page.fill("#id_item_name", "协助开展退役军人信息采集")
    page.fill("#id_basis", "《退役军人保障法》第十条")
    page.fill("#id_content", "协助做好辖区退役军人基础信息采集和走访慰问。")
    page.fill("#id_period_start", start.isoformat())
    page.fill("#id_funding", "县退役军人局按每村每年2000元拨付工作经费。")
    page.fill("#id_staff", "由村退役军人服务站现有人员承担。")
    _fits(page)
    page.screenshot(path=str(SHOTS / "1-department-form.png"), full_page=True)
    page.click(".nice-padding form button[type=submit]")
    page.wait_for_selector("text=准入申请已提交")
    _fits(page)
    page.screenshot(path=str(SHOTS / "2-department-filed.png"), full_page=True)
    r = AdmissionRequest.objects.get()
    ctx.close()

    # 2. The reviewer approves with the 文号; no link that would answer 403.
    ctx = browser.new_context(**viewport)
    page = sign_in(ctx.new_page(), base, "reviewer")
    page.goto(f"{base}/admin/jianfu/admission/{r.pk}/")
    page.check("input[name=decision][value=approve]")
    page.fill("#id_document_no", "测社工准〔2026〕1号")
    page.click("button:has-text('提交审批意见')")
    page.wait_for_selector("text=已批准准入")
    body = page.inner_text("body")
    assert "打开清单页面草稿" not in body and "查看公开的测试县依法协助事项清单" in body
    _fits(page)
    page.screenshot(path=str(SHOTS / "3-reviewer-approved.png"), full_page=True)
    ctx.close()

    # 3. 清单审核 publishes the next version (the workflow itself is walked in test_workflow).
    users = county["users"]
    effective = timezone.localdate() + datetime.timedelta(days=1)
    _publish_draft(
        county["page"], editor=users["admin"], reviewer=users["reviewer2"],
        effective_from=effective, document_no="测社工发〔2026〕20号",
    )  # fmt: skip
    r.refresh_from_db()

    # 4. The public: the register, and the list for a target and for another village.
    ctx = browser.new_context(**viewport)
    page = ctx.new_page()
    page.goto(f"{base}/admission/")
    register = page.inner_text("body")
    assert "协助开展退役军人信息采集" in register and tree["village"].name in register
    assert "每村每年2000元" in register and "测社工准〔2026〕1号" in register
    _fits(page)
    page.screenshot(path=str(SHOTS / "4-public-register.png"), full_page=True)
    list_url = f"{base}{county['page'].url}versions/2/"
    page.goto(f"{list_url}?region={tree['village'].code}")
    here = page.inner_text("body")
    assert "协助开展退役军人信息采集" in here and "测社工准〔2026〕1号" in here
    assert "每村每年2000元" in here
    page.screenshot(path=str(SHOTS / "5-public-list-target.png"), full_page=True)
    assert page.locator(f"article#{r.item_code}").count() == 1
    page.goto(f"{list_url}?region={tree['town_community'].code}")
    assert page.locator(f"article#{r.item_code}").count() == 0  # not a target
    _fits(page)
    ctx.close()

    # 5. The reviewer revokes: the draft without the item goes to 清单审核 at once.
    revoke_from = effective + datetime.timedelta(days=1)
    ctx = browser.new_context(**viewport)
    page = sign_in(ctx.new_page(), base, "reviewer")
    page.goto(f"{base}/admin/jianfu/admission/{r.pk}/")
    page.fill("#id_document_no", "测社工准〔2026〕9号")
    page.fill("#id_reason", "阶段性任务已完成")
    page.fill("#id_effective_from", revoke_from.isoformat())
    page.click("button:has-text('决定退出')")
    page.wait_for_selector("text=草稿已提交“清单审核”")
    revoked = page.inner_text("main")
    assert "退出待生效" in revoked and "不含该事项的清单新版本正在“清单审核”中" in revoked
    _fits(page)
    page.screenshot(path=str(SHOTS / "6-reviewer-revoked.png"), full_page=True)
    ctx.close()
    assert DutyListPage.objects.get(pk=county["page"].pk).workflow_in_progress

    # 6. Another reviewer approves from the dashboard (the revoker may not: 四眼原则).
    ctx = browser.new_context(**viewport)
    page = sign_in(ctx.new_page(), base, "reviewer2")
    click_hidden(page, "button[data-workflow-action-url*='/approve/'][data-launch-modal]")
    approve_in_modal(page, "同意退出")
    page.locator(".messages", has_text="已审核通过").wait_for()
    page.screenshot(path=str(SHOTS / "7-second-reviewer-approved.png"), full_page=True)
    ctx.close()
    latest = DutyList.objects.get(pk=county["page"].duty_list_id).versions.order_by("-number")[0]
    assert latest.effective_from == revoke_from
    assert not latest.items.filter(code=r.item_code).exists()

    # 7. The public at 360 px: the register says 退出待生效 (the versions in force and to take
    # effect tomorrow still carry it); the list page reads on a phone.
    ctx = browser.new_context(
        viewport={"width": 360, "height": 780}, locale="zh-CN", is_mobile=True
    )
    page = ctx.new_page()
    page.goto(f"{base}/admission/")
    register = page.inner_text("body")
    assert "退出待生效" in register and "测社工准〔2026〕9号" in register
    assert "阶段性任务已完成" in register
    _fits(page, 360)
    page.screenshot(path=str(SHOTS / "8-public-register-360.png"), full_page=True)
    page.goto(f"{list_url}?region={tree['village'].code}")
    assert page.locator(f"article#{r.item_code}").count() == 1
    _fits(page, 360)
    page.screenshot(path=str(SHOTS / "9-public-list-360.png"), full_page=True)
    page.goto(f"{base}{county['page'].url}versions/{latest.number}/?region={tree['village'].code}")
    assert page.locator(f"article#{r.item_code}").count() == 0  # the version without it
    _fits(page, 360)
    ctx.close()
