"""Phone (360 px): the city's catalogue editor signs in, finds the catalogue in the page explorer
and opens its editor; a county's list stays out of reach (issue 14, walk 3)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cms import roles
from cms.models import DutyListPage
from registry.enums import ListKind
from tests.browser.conftest import fits_phone, sign_in
from tests.browser.test_import import county_site
from tests.factories import make_county_tree, make_user

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SHOTS = Path(os.environ.get("BROWSER_SHOTS", "/tmp/city-editor-shots"))


@pytest.mark.browser
def test_city_editor_opens_the_catalogue_editor_on_a_phone(live_server, transactional_db, phone):
    SHOTS.mkdir(parents=True, exist_ok=True)
    county_page, _ = county_site(make_county_tree(), slug="c-home")
    city_page = county_page.get_parent()
    # Two catalogue pages, as the demo city has three: the explorer opens on the city's page.
    for kind, title in (
        (ListKind.TOWNSHIP_BASIC, "测试市基本履职事项指导目录"),
        (ListKind.TOWNSHIP_COOPERATE, "测试市配合履职事项指导目录"),
    ):
        city_page.add_child(
            instance=DutyListPage(title=title, slug=kind.replace("_", "-"), kind=kind)
        ).save_revision()
    county_list = county_page.add_child(
        instance=DutyListPage(
            title="测试县基本履职事项清单", slug="township-basic", kind=ListKind.TOWNSHIP_BASIC
        )
    )
    roles.city_review_setup(city_page=city_page)
    make_user("city_editor", roles.city_editor_setup(city_page=city_page))

    page = sign_in(phone, live_server.url, "city_editor")
    page.goto(f"{live_server.url}/admin/pages/")
    page.screenshot(path=str(SHOTS / "explorer.png"), full_page=True)
    listing = page.inner_text("main")
    assert "测试市配合履职事项指导目录" in listing
    assert "测试县" not in listing  # the counties are read on the site, never edited here
    page.get_by_role("link", name="测试市基本履职事项指导目录").first.click()
    page.wait_for_load_state("load")
    page.screenshot(path=str(SHOTS / "catalogue.png"), full_page=True)
    body = page.inner_text("body")
    assert "编辑" in body and "测试市基本履职事项指导目录" in body
    assert "保存草稿" in body
    # Submits to the city's review (in the 更多动作 menu); never publishes.
    assert page.locator("button[name='action-submit']").count() == 1
    assert page.locator("button[name='action-publish']").count() == 0
    fits_phone(page)

    response = page.goto(f"{live_server.url}/admin/pages/{county_list.pk}/edit/")
    assert response is not None and response.status == 403
    assert "您无权操作此页面" in page.inner_text("body")
