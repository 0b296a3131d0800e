"""码上减 cases linked to register entries: office only, same county, shown through case_view."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from burden.links import case_link, linked_cases
from burden.models import CaseLink
from mashangjian.models import Case, Category
from mashangjian.permissions import Scope, scope_for
from mashangjian.services import calendar as calendar_services
from mashangjian.services import setup
from mashangjian.services.cases import case_submit
from tests.burden.test_registers import make_form

CATEGORIES = Path(settings.BASE_DIR) / "fixtures" / "linyuan" / "mashangjian_categories.csv"


def submit_case(region, content="县里要求每月报重复的台账。", **kw) -> Case:
    """A 码上减 case filed for ``region`` (calendar and categories loaded first)."""
    calendar_services.calendar_seed(years=range(2025, 2028))
    setup.categories_load(path=CATEGORIES)
    receipt = case_submit(
        category=Category.objects.order_by("sort_order").first(),
        region=region,
        content=content,
        now=timezone.make_aware(datetime.datetime(2026, 4, 3, 10)),
        **kw,
    )
    return Case.objects.get(number=receipt.number)


@pytest.fixture
def case(two):
    calendar_services.calendar_seed(years=range(2025, 2028))
    setup.categories_load(path=CATEGORIES)
    receipt = case_submit(
        category=Category.objects.order_by("sort_order").first(),
        region=two.village,
        content="县民政局要求村里每月填报低保走访台账，我是村会计张某某，电话13800000000。",
        anonymous=False,
        contact_name="张某某",
        contact_phone="13800000000",
        now=timezone.make_aware(datetime.datetime(2026, 4, 3, 10)),
    )
    return Case.objects.get(number=receipt.number)


def test_office_links_a_case_to_a_form_and_the_entry_shows_it(two, case, client):
    form = make_form(two.county, two.minzheng, "BB-001")
    client.force_login(two.office)
    url = reverse("burden_admin:case_links", args=[case.pk])
    response = client.post(url, {"kind": "form", "value": "BB-001"}, follow=True)
    assert response.redirect_chain[0][0] == url
    assert f"已将案件 {case.number} 关联到基层报表：BB-001" in response.content.decode()
    link = CaseLink.objects.get()
    assert link.form == form and link.created_by == two.office
    page = client.get(reverse("burden_forms:inspect", args=[form.pk])).content.decode()
    assert case.number in page  # the office reads the case as the office (case_view)


def test_unknown_target_is_a_chinese_error(two, case, client):
    client.force_login(two.office)
    url = reverse("burden_admin:case_links", args=[case.pk])
    page = client.post(url, {"kind": "form", "value": "NOPE"}).content.decode()
    assert "本县没有报表编号为“NOPE”的登记条目。" in page
    page = client.post(url, {"kind": "item", "value": "XZ-999"}).content.decode()
    assert "本县清单中没有编码为“XZ-999”的事项。" in page
    assert not CaseLink.objects.exists()


def test_only_the_office_of_the_county_links(two, case):
    other_form = make_form(two.other, two.other_dept, "BB-001")
    with pytest.raises(PermissionDenied):
        case_link(case=case, scope=scope_for(two.other_office), user=two.other_office,
                  target=other_form)  # fmt: skip
    office = Scope(office_counties=frozenset({two.county.pk}))
    with pytest.raises(ValidationError):
        case_link(case=case, scope=office, user=two.office, target=other_form)


def test_linked_cases_are_case_views_for_the_viewer(two, case):
    form = make_form(two.county, two.minzheng, "BB-001")
    office = Scope(office_counties=frozenset({two.county.pk}))
    case_link(case=case, scope=office, user=two.office, target=form)
    [view] = linked_cases(scope=office, form=form)
    assert view.contact_phone == "13800000000"  # the office sees what the reporter gave
    # a department the case was never routed to sees nothing of it
    handler = Scope(handler_departments=frozenset({two.tongji.pk}))
    assert linked_cases(scope=handler, form=form) == []
    # once routed to it, the department reads the redacted texts, never the reporter
    from mashangjian.services.cases import case_accept

    case_accept(
        case=case, scope=office, user=two.office, department=two.tongji, reason="统计口径问题"
    )
    [view] = linked_cases(scope=handler, form=form)
    assert view.contact_phone == "" and view.contact_name == ""
    assert "13800000000" not in view.content and "张某某" not in view.content


def test_case_screen_has_a_link_button_for_the_office_only(two, case, client):
    from mashangjian.services.cases import case_accept

    form = make_form(two.county, two.minzheng, "BB-001")
    office = Scope(office_counties=frozenset({two.county.pk}))
    case_link(case=case, scope=office, user=two.office, target=form)
    detail = reverse("mashangjian_admin:case_detail", args=[case.pk])
    link_url = reverse("burden_admin:case_links", args=[case.pk])
    client.force_login(two.office)
    page = client.get(detail).content.decode()
    assert 'id="case-link-button"' in page and f'href="{link_url}"' in page
    assert "基层报表：BB-001" in page  # the links already made
    case_accept(case=case, scope=office, user=two.office, department=two.tongji, reason="报表问题")
    from tests.factories import make_user

    client.force_login(make_user("tongji", setup.handler_group_setup(department=two.tongji)))
    page = client.get(detail)
    assert page.status_code == 200
    assert "case-link-button" not in page.content.decode()
    assert "BB-001" not in page.content.decode()
    assert client.get(link_url).status_code in (302, 403)  # wagtail redirects a refusal


def test_register_entries_and_public_form_page_show_linked_case_counts_only(two, case, client):
    form = make_form(two.county, two.minzheng, "BB-001")
    office = Scope(office_counties=frozenset({two.county.pk}))
    case_link(case=case, scope=office, user=two.office, target=form)
    second = submit_case(two.town, content="乡镇也被要求填这张表。")
    case_link(case=second, scope=office, user=two.office, target=form)
    body = client.get("/api/v1/registers/forms/", {"region": two.county.code}).json()
    assert [(e["number"], e["linked_cases"]) for e in body["entries"]] == [("BB-001", 2)]
    page = client.get(reverse("burden_form", args=[two.county.code, "BB-001"])).content.decode()
    assert "已有 2 件反映涉及本报表" in page
    assert case.number not in page and "张某某" not in page and "低保走访" not in page
