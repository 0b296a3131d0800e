"""Desktop admin at 1366 px: a county administrator edits a 340-item list in the table editor."""

import pytest

from cms import drafts
from cms.models import DraftItem, DutyListPage
from tests.browser.conftest import sign_in
from tests.browser.test_import import SHOTS, county_list  # noqa: F401 (fixture)

ITEMS = 340


def _names(page_id: int) -> list[str]:
    page = DutyListPage.objects.get(pk=page_id)
    return [i.name for i in drafts.draft_read(page=page).items]


@pytest.mark.browser
def test_county_admin_edits_a_340_item_list_in_the_table(
    live_server,
    transactional_db,
    browser,
    county_list,  # noqa: F811
):
    drafts.draft_items_replace(
        page=county_list,
        user=None,
        items=[
            DraftItem(
                seq=n,
                name=f"事项名称{n}",
                domain="平安法治" if n % 2 else "民生服务",
                content="组织开展辖区安全生产检查，督促整改隐患。" * 2,
                basis="《中华人民共和国安全生产法》第九条",
            )
            for n in range(1, ITEMS + 1)
        ],
        action="cms.draft.items_replace",
        data={},
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    base = live_server.url
    try:
        sign_in(page, base, "county_admin")

        # The page editor shows the header and a link, not 340 inline forms.
        page.goto(f"{base}/admin/pages/{county_list.pk}/edit/")
        assert page.locator("text=事项名称17").count() == 0
        page.click("text=在事项表中编辑事项")
        page.wait_for_url(f"**/admin/jianfu/lists/{county_list.pk}/items/")
        assert page.locator(".ie-table tbody tr").count() == 100
        assert "第 1 / 4 页" in page.locator(".ie-pages").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        page.screenshot(path=str(SHOTS / "item-editor-table.png"))

        # Search, then edit one item in the dialog: the table is not reloaded.
        page.fill(".ie-filter input[name=q]", "事项名称337")
        page.click(".ie-filter button:has-text('筛选')")
        page.wait_for_url(lambda url: "q=%E4%BA%8B" in url)
        assert page.locator(".ie-table tbody tr").count() == 1
        url = page.url
        page.click("a.ie-edit")
        dialog = page.locator("dialog.ie-dialog")
        dialog.locator("#id_name").wait_for()
        assert dialog.locator("#id_department").count() == 0  # not a column of this kind
        dialog.locator("#id_name").fill("")
        dialog.locator("button:has-text('保存')").click()
        assert "事项名称：必需字段" in dialog.locator("[role=alert]").first.inner_text()
        dialog.locator("#id_name").fill("组织开展防汛演练")
        page.screenshot(path=str(SHOTS / "item-editor-dialog.png"))
        dialog.locator("button:has-text('保存')").click()
        page.locator(".ie-status:has-text('已保存第337项')").wait_for()
        assert page.url == url
        assert page.locator("#item-337 a.ie-edit").inner_text() == "组织开展防汛演练"
        assert _names(county_list.pk)[336] == "组织开展防汛演练"

        # Add an item without the dialog (a plain form): 序号 follows its position.
        page.goto(f"{base}/admin/jianfu/lists/{county_list.pk}/items/new/")
        assert page.locator("label:has-text('县级主责部门')").count() == 0
        page.fill("#id_name", "新增的事项")
        page.fill("#id_at", "2")
        page.click("button:has-text('保存')")
        page.wait_for_url("**/items/?page=1#item-2")
        assert "已新增第2项" in page.locator(".messages").inner_text()
        names = _names(county_list.pk)
        assert len(names) == ITEMS + 1 and names[:3] == ["事项名称1", "新增的事项", "事项名称2"]
        page.screenshot(path=str(SHOTS / "item-editor-added.png"))
    finally:
        context.close()
