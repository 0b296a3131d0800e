"""The whole review journey at 1366 px on a 340-item list (issue 9, "Done means").

An editor changes an item in the table editor and submits; a reviewer who also edited the draft
during review cannot approve (the screens say why, in Chinese) while another reviewer approves
from the editor; a second list is approved from the dashboard. The submitter is told in the
admin and by email, and the public pages show the new versions, which take effect today.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from wagtail.models import Revision

from cms import drafts, roles
from cms.models import DraftItem, DutyListPage
from registry.enums import ListKind
from registry.models import ListVersion
from registry.selectors import items_for_version, version_in_force
from tests.browser.conftest import sign_in
from tests.browser.test_import import SHOTS, county_list  # noqa: F401 (fixture)
from tests.browser.test_review import click_hidden

ITEMS = 340


def fill_340(page, user, *, document_no, in_force=None):
    """A 340-item draft: the items in force (codes kept) followed by new ones; effective today."""
    kept = []
    if in_force is not None:
        kept = [DraftItem.copy_of(i, sort_order=0) for i in items_for_version(version=in_force)]
    new = [
        DraftItem(
            seq=0,
            name=f"新增事项{n}",
            domain="平安法治",
            content="组织开展辖区安全生产检查，督促整改隐患，配合县级部门处置突发事件。",
        )
        for n in range(len(kept) + 1, ITEMS + 1)
    ]
    items = [*kept, *new]
    for n, item in enumerate(items, start=1):
        item.seq, item.sort_order = n, n - 1
    drafts.draft_items_replace(
        page=page,
        user=user,
        items=items,
        header={
            "next_document_no": document_no,
            "next_issuing_body": "测试县委办公室",
            "next_effective_from": timezone.localdate(),
            "next_change_note": "年度调整",
        },
        action="cms.draft.items_replace",
        data={},
    )


def edit_in_dialog(page, base, list_id, position, name):
    """Change an item's name in the table editor's dialog (the table is not reloaded)."""
    page.goto(f"{base}/admin/jianfu/lists/{list_id}/items/")
    page.locator(f"#item-{position} a.ie-edit").click()
    dialog = page.locator("dialog.ie-dialog")
    dialog.locator("#id_name").fill(name)
    dialog.locator("button:has-text('保存')").click()
    page.locator(f".ie-status:has-text('已保存第{position}项')").wait_for()


@pytest.mark.browser
def test_a_340_item_list_from_edit_to_the_public_page(
    live_server,
    transactional_db,
    browser,
    county_list,  # noqa: F811
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    editor = get_user_model().objects.get(username="county_admin")
    editor.email = "editor@example.cn"
    editor.save()
    county = county_list.get_parent().specific.region
    reviewers = Group.objects.get(name=roles.county_group_name(county, roles.COUNTY_REVIEWER))
    reviewer = get_user_model().objects.create_user("reviewer", password="pw-test-123")
    reviewer2 = get_user_model().objects.create_user("reviewer2", password="pw-test-123")
    reviewer.groups.add(reviewers)
    reviewer2.groups.add(reviewers)
    in_force = version_in_force(duty_list=county_list.duty_list)
    fill_340(county_list, editor, document_no="测发〔2026〕30号", in_force=in_force)
    second = county_list.get_parent().add_child(
        instance=DutyListPage(
            title="测试县配合履职事项清单",
            slug="township-cooperate",
            kind=ListKind.TOWNSHIP_COOPERATE,
        )
    )
    fill_340(second, editor, document_no="测发〔2026〕31号")
    mail.outbox.clear()
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    try:
        # The editor renames the first item (a published one) in the table editor and submits.
        page = sign_in(context.new_page(), base, "county_admin")
        edit_in_dialog(page, base, county_list.pk, 1, "组织开展消防安全宣传教育")
        page.goto(f"{base}/admin/pages/{county_list.pk}/edit/")
        with page.expect_navigation():
            click_hidden(page, "button[name='action-submit']")
        assert DutyListPage.objects.get(pk=county_list.pk).workflow_in_progress
        page.close()
        context.clear_cookies()

        # A reviewer edits the draft under review (allowed) and so becomes one of its editors:
        # the review screen shows the change, and why this reviewer may not approve it.
        page = sign_in(context.new_page(), base, "reviewer")
        edit_in_dialog(page, base, county_list.pk, 2, "统计辖区常住人口和流动人口信息")
        page.goto(f"{base}/admin/jianfu/lists/{county_list.pk}/review/")
        counts = page.locator(".review-counts").inner_text().replace("\n", " ")
        assert f"新增 {ITEMS - 2}" in counts and "修改 2" in counts, counts
        assert "测发〔2026〕30号" in page.locator(".review-header").inner_text()
        refusal = page.locator("[data-refusal]").inner_text()
        assert "四眼原则" in refusal and "其他审核人" in refusal
        assert page.locator("button[value=approve]").count() == 0
        assert page.locator("button[value=reject]").count() == 1  # may still send it back
        page.screenshot(path=str(SHOTS / "journey-review-refused.png"), full_page=False)
        page.goto(f"{base}/admin/pages/{county_list.pk}/edit/")
        assert "四眼原则" in page.locator(".messages").inner_text()
        page.close()
        context.clear_cookies()

        # Another reviewer sees the diff and approves from the editor: published, effective today.
        page = sign_in(context.new_page(), base, "reviewer2")
        page.goto(f"{base}/admin/jianfu/lists/{county_list.pk}/review/")
        assert page.locator(".review-changes ins").count() >= 2  # the two renamed items
        assert page.locator("[data-refusal]").count() == 0
        page.goto(f"{base}/admin/pages/{county_list.pk}/edit/")
        with page.expect_navigation(url=f"{base}/admin/"):
            click_hidden(
                page,
                "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])",
            )
        message = page.locator(".messages").inner_text()
        assert "已审核通过" in message and "第2版" in message, message
        page.screenshot(path=str(SHOTS / "journey-approved-from-editor.png"))
        version = ListVersion.objects.get(duty_list=county_list.duty_list, number=2)
        assert version.effective_from == timezone.localdate()
        assert version.published_by == reviewer2
        assert version.items.count() == ITEMS

        # The second list, submitted by the editor, approved from the dashboard.
        second_draft = DutyListPage.objects.get(pk=second.pk)
        second_draft.get_workflow().start(second_draft, editor)
        page.goto(f"{base}/admin/")
        click_hidden(page, "button[data-workflow-action-url*='/approve/'][data-launch-modal]")
        page.wait_for_selector(".modal form textarea")
        page.fill(".modal form textarea", "同意发布")
        page.click(".modal form button[type=submit]")
        page.locator(".messages", has_text="已审核通过").wait_for()
        page.screenshot(path=str(SHOTS / "journey-approved-from-dashboard.png"))
        page.close()
        context.clear_cookies()

        # The submitter is told in the admin (我的草稿) and by email.
        page = sign_in(context.new_page(), base, "county_admin")
        mine = page.locator("#my-drafts").inner_text()
        assert mine.count("已审核通过并发布") == 2, mine
        subjects = [m.subject for m in mail.outbox if m.to == ["editor@example.cn"]]
        assert any("测试县基本履职事项清单" in s and "已审核通过" in s for s in subjects), subjects
        assert any("测试县基本履职事项清单" in s and "第2版已发布" in s for s in subjects)
        assert any("测试县配合履职事项清单" in s and "第1版已发布" in s for s in subjects)

        # The public pages show the new versions today.
        page.goto(base + county_list.url)
        body = page.locator("body").inner_text()
        assert "组织开展消防安全宣传教育" in body and "测发〔2026〕30号" in body
        assert f"新增事项{ITEMS}" in body
        page.goto(base + DutyListPage.objects.get(pk=second.pk).url)
        assert "测发〔2026〕31号" in page.locator("body").inner_text()
        page.screenshot(path=str(SHOTS / "journey-public.png"))
    finally:
        context.close()
    assert not Revision.page_revisions.filter(user=reviewer2).exists()
    assert ListVersion.objects.filter(duty_list__page=second).count() == 1
