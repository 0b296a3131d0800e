"""Desktop admin (1366 px): an editor submits; a reviewer sees the diff and approves from the
editor; a second draft is approved from the dashboard. Neither approval saves a revision in the
reviewer's name (the old deadlock)."""

import datetime
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Revision

from cms import roles
from cms.models import DraftItem, DutyListPage
from registry.models import ListVersion
from registry.selectors import items_for_version
from tests.browser.conftest import sign_in
from tests.browser.test_import import county_list  # noqa: F401 (fixture)
from tests.factories import make_user

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SHOTS = Path(os.environ.get("BROWSER_SHOTS", "/tmp/review-shots"))


def save_draft(page, editor, *, days, document_no, rename):
    draft = DutyListPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    version = ListVersion.objects.filter(duty_list=draft.duty_list or page.duty_list).latest(
        "number"
    )
    items = [
        DraftItem.copy_of(item, sort_order=i)
        for i, item in enumerate(items_for_version(version=version))
    ]
    items[0].name = rename
    items.append(DraftItem(seq=len(items) + 1, sort_order=len(items), name="协助开展防汛抢险"))
    draft.draft_items = items
    draft.next_document_no = document_no
    draft.next_issuing_body = "测试县委办公室"
    draft.next_effective_from = timezone.localdate() + datetime.timedelta(days=days)
    draft.next_change_note = "年度调整"
    return draft.save_revision(user=editor)


def click_hidden(page, selector):
    """Buttons in Wagtail's dropdown menus: click them as the menu would."""
    page.wait_for_selector(selector, state="attached")
    page.eval_on_selector(selector, "b => b.click()")


def approve_in_modal(page, comment):
    page.wait_for_selector(".modal form textarea")
    page.fill(".modal form textarea", comment)
    page.click(".modal form button[type=submit]")


@pytest.mark.browser
def test_submit_review_and_approve_from_the_editor_and_the_dashboard(
    live_server,
    transactional_db,
    browser,
    county_list,  # noqa: F811
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    editor = get_user_model().objects.get(username="county_admin")
    reviewers = Group.objects.get(name="测试县" + roles.COUNTY_REVIEWER)  # groups are per county
    reviewer, reviewer2 = make_user("reviewer", reviewers), make_user("reviewer2", reviewers)
    save_draft(
        county_list, editor, days=3, document_no="测发〔2026〕20号", rename="组织开展消防宣传"
    )
    edit_url = f"{live_server.url}/admin/pages/{county_list.pk}/edit/"
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    try:
        # The editor submits the draft for review.
        page = sign_in(context.new_page(), live_server.url, "county_admin")
        page.goto(edit_url)
        with page.expect_navigation():
            click_hidden(page, "button[name='action-submit']")
        page.screenshot(path=str(SHOTS / "submitted.png"))
        assert DutyListPage.objects.get(pk=county_list.pk).workflow_in_progress
        page.close()
        context.clear_cookies()

        # The reviewer finds it under 待我审核 and opens the review screen: the diff.
        page = sign_in(context.new_page(), live_server.url, "reviewer")
        panel = page.locator("#review-queue")
        assert (
            "待我审核" in panel.inner_text() and "1" in panel.locator("[data-count]").inner_text()
        )
        panel.locator("a.button").first.click()
        page.wait_for_url(f"**/admin/jianfu/lists/{county_list.pk}/review/")
        counts = page.locator(".review-counts").inner_text()
        assert "新增 1" in counts.replace("\n", " ") and "修改 1" in counts.replace("\n", " ")
        assert page.locator(".review-changes del").first.inner_text() == "安全"
        assert "测发〔2026〕20号" in page.locator(".review-header").inner_text()
        page.screenshot(path=str(SHOTS / "review-screen.png"), full_page=True)

        # … and approves from the editor: no revision in the reviewer's name, a message.
        page.goto(edit_url)
        with page.expect_navigation(url=f"{live_server.url}/admin/"):
            click_hidden(
                page,
                "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])",
            )
        assert "已审核通过" in page.locator(".messages").inner_text()
        page.screenshot(path=str(SHOTS / "approved-from-editor.png"))
        page.close()
        context.clear_cookies()
        assert ListVersion.objects.filter(duty_list=county_list.duty_list).count() == 2

        # A second draft, approved from the dashboard by the other reviewer.
        save_draft(county_list, editor, days=6, document_no="测发〔2026〕21号", rename="消防宣传")
        DutyListPage.objects.get(pk=county_list.pk).get_workflow().start(
            DutyListPage.objects.get(pk=county_list.pk), editor
        )
        page = sign_in(context.new_page(), live_server.url, "reviewer2")
        click_hidden(page, "button[data-workflow-action-url*='/approve/'][data-launch-modal]")
        approve_in_modal(page, "同意发布")
        page.locator(".messages", has_text="已审核通过").wait_for()
        page.screenshot(path=str(SHOTS / "approved-from-dashboard.png"))
    finally:
        context.close()
    assert ListVersion.objects.filter(duty_list=county_list.duty_list).count() == 3
    assert not Revision.page_revisions.filter(user__in=[reviewer, reviewer2]).exists()
