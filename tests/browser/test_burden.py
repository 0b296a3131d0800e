"""A village worker checks a form at 360 px; the county office opens a township's load picture
at 1366 px."""

import datetime
import os
from pathlib import Path

import pytest
import segno

from burden.enums import FilledBy, FormStatus, Frequency
from burden.models import Plaque, ReportForm
from mashangjian.services import setup
from tests.browser.conftest import sign_in
from tests.factories import make_county_tree, make_department, make_user

SHOTS = Path(os.environ.get("BROWSER_SHOTS", "/tmp/burden-shots"))


@pytest.fixture
def county(wagtail_root):
    tree = make_county_tree()
    dept = make_department(tree["county"], "县民政局")
    ReportForm.objects.create(
        county=tree["county"], number="LY-BB-001", title="农村低保对象动态管理台账",
        department=dept, frequency=Frequency.MONTHLY, filled_by=FilledBy.VILLAGE,
        indicators=14, approval="测统审〔2026〕3号",
    )  # fmt: skip
    ReportForm.objects.create(
        county=tree["county"], number="LY-BB-004", title="留守儿童基本情况表",
        department=dept, frequency=Frequency.IRREGULAR, filled_by=FilledBy.VILLAGE,
        status=FormStatus.OUTSIDE,
    )  # fmt: skip
    Plaque.objects.create(
        county=tree["county"], unit=tree["town"], name="综治中心", department=dept,
        hung_on=datetime.date(2020, 1, 1),
    )  # fmt: skip
    office = make_user("office", setup.office_group_setup(county=tree["county"]))
    return {"tree": tree, "office": office}


@pytest.mark.browser
def test_village_worker_checks_a_form_at_360px(live_server, county, phone):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = phone
    page.goto(f"{live_server.url}/burden/forms/")
    page.fill("#id_number", "LY-BB-001")
    page.click("button[type=submit]")
    page.wait_for_url("**/burden/forms/880101000000/LY-BB-001/")
    assert "这张报表在县级报表目录内，现行有效。" in page.locator("#verdict").inner_text()
    # The QR code printed on the form encodes exactly this page.
    expected = segno.make(page.url, error="m").svg_inline(scale=3, border=2)
    assert page.locator(".form-qr svg").evaluate("e => e.outerHTML").count("<path") == (
        expected.count("<path")
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SHOTS / "form-360.png"), full_page=True)
    # A form outside the catalogue, reached by its QR link, says it may be refused.
    page.goto(f"{live_server.url}/burden/forms/880101000000/LY-BB-004/")
    assert "不在县级报表目录内" in page.locator("#verdict").inner_text()
    page.goto(f"{live_server.url}/burden/forms/?county=880101000000&number=NOPE")
    assert "可以拒绝填报" in page.locator("#verdict").inner_text()


@pytest.mark.browser
def test_office_opens_a_township_load_picture_at_1366px(live_server, county, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = sign_in(context.new_page(), live_server.url, "office")
    page.goto(f"{live_server.url}/admin/burden/picture/")
    assert page.locator("#burden-comparison").is_visible()
    page.click("#burden-comparison >> text=西镇")
    page.wait_for_url("**/admin/burden/picture/880101100000/**")
    figures = page.locator("#burden-figures li[data-key=plaques] strong").inner_text()
    assert figures == "1"
    assert page.locator(".burden-chart").count() == 7
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(SHOTS / "picture-1366.png"), full_page=True)
    context.close()
