"""Desktop admin: a county administrator imports an xlsx into a list, sees the diff, confirms a draft."""

import datetime
import os
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms import roles
from cms.models import DutyListPage, HomePage, RegionPage
from registry.enums import ImportStatus, ListKind
from registry.models import Department, ImportJob, ListVersion
from registry.services.versions import ItemData
from tests.browser.conftest import sign_in
from tests.factories import make_county_tree, make_department, make_user, publish
from tests.import_files import csv_bytes, xlsx_bytes

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SHOTS = Path(os.environ.get("BROWSER_SHOTS", "/tmp/import-shots"))


def _wagtail_root() -> Page:
    """Wagtail's root page and locale come from its migrations; a flush (an earlier
    transactional test) removes them, so recreate them."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant("zh-hans"))
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
            )
        )
    return root


def county_site(tree: dict, *, slug: str) -> tuple[RegionPage, dict]:
    """Home → city → county pages for ``tree`` as the default site, with the roles set up."""
    home = _wagtail_root().add_child(instance=HomePage(title="测试首页", slug=slug))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    parent = home
    for region in (tree["city"], tree["county"]):
        parent = parent.add_child(
            instance=RegionPage(title=region.name, slug=region.code, region=region)
        )
    groups = roles.roles_setup(workflow_root=home, county_page=parent, township_pages=[])
    return parent, groups


@pytest.fixture
def county_list():
    """测试县 with its basic list in force (two items) and the county administrator."""
    tree = make_county_tree()
    county_page, groups = county_site(tree, slug="t-home")
    version = publish(
        tree["county"],
        ListKind.TOWNSHIP_BASIC,
        datetime.date(2025, 1, 1),
        [
            ItemData(seq=1, name="组织开展消防安全宣传", content="每年开展两次集中宣传"),
            ItemData(seq=2, name="统计辖区常住人口信息", content="按季度报送县统计局"),
        ],
    )
    page = county_page.add_child(
        instance=DutyListPage(
            title="测试县基本履职事项清单",
            slug="township-basic",
            kind=ListKind.TOWNSHIP_BASIC,
            duty_list=version.duty_list,
        )
    )
    page.save_revision()
    make_user("county_admin", groups[roles.COUNTY_ADMIN])
    return page


@pytest.mark.browser
def test_county_admin_imports_xlsx_as_a_draft(
    live_server, transactional_db, browser, county_list, tmp_path
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    upload = tmp_path / "基本履职事项清单.xlsx"
    upload.write_bytes(
        xlsx_bytes(
            [
                ["序号", "事项名称", "具体内容"],
                [1, "组织开展消防安全宣传教育", "每年开展两次集中宣传"],  # reworded
                [2, "统计辖区常住人口信息", "按季度报送县统计局"],
                [3, "协助开展防汛抢险", "汛期组织巡查"],  # added
            ],
            title="测试县乡镇（街道）基本履职事项清单",
        )
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "county_admin")

        # From the list's editor, the header "动作" menu leads to the import screen.
        page.goto(f"{live_server.url}/admin/pages/{county_list.pk}/edit/")
        page.click("#w-slim-header-buttons .w-dropdown__toggle")
        page.click(f"#w-slim-header-buttons a[href='/admin/jianfu/lists/{county_list.pk}/import/']")
        page.wait_for_url(f"**/admin/jianfu/lists/{county_list.pk}/import/")
        assert page.locator("h1").first.inner_text().startswith("从文件导入清单")
        page.set_input_files("#id_file", str(upload))
        page.fill("#id_document_no", "测发〔2026〕8号")
        page.screenshot(path=str(SHOTS / "import-upload.png"), full_page=True)
        page.click("button:has-text('上传并预览')")
        page.wait_for_url("**/admin/jianfu/imports/*/")

        job = ImportJob.objects.get()
        assert job.status == ImportStatus.READY, job.errors
        counts = page.locator(".import-counts").inner_text()
        assert "修改 1" in counts and "新增 1" in counts and "未变 1" in counts
        modified = page.locator("#section-modified")
        assert modified.locator("ins").first.inner_text() == "教育"
        assert "事项名称：" in modified.inner_text()  # the list's own header, not another kind's
        assert "JB-001" in modified.inner_text()  # the reworded item keeps its stable code
        assert "协助开展防汛抢险" in page.locator("#section-added").inner_text()
        assert "按名称和内容相似度" in page.locator(".help-warning").inner_text()
        page.screenshot(path=str(SHOTS / "import-preview.png"), full_page=True)

        page.click("button:has-text('确认导入为草稿')")
        page.wait_for_url(f"**/admin/pages/{county_list.pk}/edit/")
        assert "生成新的草稿" in page.locator(".messages").inner_text()
        page.screenshot(path=str(SHOTS / "import-confirmed.png"))
    finally:
        context.close()

    # A draft revision awaiting review, not a published version.
    assert ListVersion.objects.count() == 1
    list_page = DutyListPage.objects.get(pk=county_list.pk)
    assert list_page.has_unpublished_changes
    draft = list_page.get_latest_revision_as_object()
    assert [(i.code, i.name) for i in draft.draft_items.all()] == [
        ("JB-001", "组织开展消防安全宣传教育"),
        ("JB-002", "统计辖区常住人口信息"),
        ("", "协助开展防汛抢险"),
    ]
    assert draft.next_document_no == "测发〔2026〕8号"
    assert ImportJob.objects.get().status == ImportStatus.COMMITTED


@pytest.mark.browser
def test_county_admin_imports_departments(
    live_server, transactional_db, browser, county_list, tmp_path
):
    """清单登记 › 导入区划/部门: upload (XHR with a progress bar) → per-row preview → confirm."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    county = county_list.get_parent().specific.region
    make_department(county, "县民政局", code="D01")
    upload = tmp_path / "部门.csv"
    upload.write_bytes(
        csv_bytes(
            [
                ["部门编码", "全称", "简称", "机构类别"],
                ["D01", "测试县民政局", "县民政局", "政府工作部门"],
                ["D02", "测试县医疗保障局", "县医保局", "政府工作部门"],
            ],
            encoding="gbk",
        )
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "county_admin")
        page.click("text=清单登记")
        page.click("text=导入区划/部门")
        page.wait_for_url("**/admin/jianfu/master-data/import/")
        assert page.locator("input[value=regions]").count() == 0  # regions: superusers only
        page.check("input[value=departments]")
        page.set_input_files("#id_file", str(upload))
        page.click("button:has-text('上传并预览')")
        page.wait_for_url("**/admin/jianfu/master-imports/*/")
        assert "新增 1" in page.locator(".import-counts").inner_text()
        assert "县医保局" in page.locator("#section-created").inner_text()
        assert "机构类别：（空） → 政府工作部门" in page.locator("#section-updated").inner_text()
        page.screenshot(path=str(SHOTS / "master-preview.png"), full_page=True)
        page.click("button:has-text('确认导入')")
        page.wait_for_load_state()
        assert "新增 1，更新 1，未变 0" in page.locator(".messages").inner_text()
    finally:
        context.close()
    assert Department.objects.get(county=county, code="D02").short_name == "县医保局"
