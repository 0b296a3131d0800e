"""Phone viewport: scan link → form → submit anonymously → status page with the query code."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from mashangjian.models import Case
from mashangjian.services import setup
from tests.factories import make_county_tree

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SHOTS = Path(os.environ.get("BROWSER_SHOTS", "/tmp/msj-shots"))


@pytest.fixture
def browser_page(browser):
    """A phone with a touch screen (the poster is scanned and the form filled on one)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.browser
def test_phone_report_anonymously_then_follow_with_query_code(
    live_server, transactional_db, browser_page
):
    tree = make_county_tree()
    setup.categories_load(
        path=Path(settings.BASE_DIR) / "fixtures" / "linyuan" / "mashangjian_categories.csv"
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser_page

    # The QR poster of the township links to the form with the township filled in.
    page.goto(f"{live_server.url}/mashangjian/poster/{tree['town'].code}/")
    assert page.locator(".msj-qr svg").count() == 1
    page.screenshot(path=str(SHOTS / "poster-360.png"), full_page=True)
    scan_link = page.locator(".msj-poster-url").inner_text().strip()
    assert scan_link.endswith(f"/mashangjian/report/{tree['town'].code}/")

    page.goto(scan_link)
    assert page.locator("select[name=region]").input_value() == str(tree["town"].pk)
    page.screenshot(path=str(SHOTS / "form-360.png"), full_page=True)
    # Nothing wider than the phone: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_label("填表报数过多过频").check()
    page.select_option("select[name=region]", str(tree["village"].pk))
    page.fill(
        "textarea[name=content]",
        "县教育局一周内三次要求村里填报留守儿童情况表，内容与上月一致，还要盖章扫描。",
    )
    assert page.locator("input[name=anonymous][value='1']").is_checked()
    page.get_by_role("button", name="提交反映").click()

    number = page.locator("#case-number").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()
    page.screenshot(path=str(SHOTS / "receipt-360.png"), full_page=True)
    case = Case.objects.get(number=number)
    assert case.anonymous and case.contact_phone == "" and case.region_id == tree["village"].pk

    # Reloading the receipt (issue 10) shows the same case and files nothing: the form answered
    # with a redirect, so the browser reloads a GET and never offers to resend the POST.
    assert page.url.endswith("/mashangjian/receipt/")
    page.reload()
    assert page.locator("#case-number").inner_text().strip() == number
    assert page.locator("#query-code").inner_text().strip() == code
    assert Case.objects.count() == 1

    # Later, from the status page, with the number and the query code.
    page.goto(f"{live_server.url}/mashangjian/status/")
    page.fill("input[name=number]", number)
    # The query code is a visible field and forgives spaces and lower case.
    assert page.locator("input[name=code]").get_attribute("type") == "text"
    page.fill("input[name=code]", code.lower().replace("-", " "))
    page.get_by_role("button", name="查询").click()
    assert page.locator("#status-number").inner_text().strip() == number
    assert "已收到，待受理" in page.locator("#status-label").inner_text()
    page.screenshot(path=str(SHOTS / "status-360.png"), full_page=True)

    # A wrong code gets the uniform not-found page.
    page.goto(f"{live_server.url}/mashangjian/status/")
    page.fill("input[name=number]", number)
    page.fill("input[name=code]", "AAAA-BBBB-CCCC")
    page.get_by_role("button", name="查询").click()
    assert "案件编号或查询码不正确" in page.content()
