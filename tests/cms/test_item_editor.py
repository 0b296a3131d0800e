"""The table editor of a draft's items (cms.editor): screens, permissions, locks, bad input."""

import json

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from cms import drafts
from cms.models import DraftItem, DutyListPage
from registry.enums import ListKind
from tests.cms.conftest import _list_page
from tests.factories import make_department


def fill(page, count=3, **fields):
    drafts.draft_items_replace(
        page=page,
        user=None,
        items=[
            DraftItem(
                seq=n, name=f"事项名称{n}", domain="平安法治" if n % 2 else "民生服务", **fields
            )
            for n in range(1, count + 1)
        ],
        action="cms.draft.items_replace",
        data={},
    )
    page.refresh_from_db()
    return page


def edit(client, page, seq, fields, **extra):
    """Posts the edit form of the draft's item ``seq`` against the page's latest revision (unless
    ``fields`` names another)."""
    url = reverse("jianfu:draft_item_edit", args=[page.pk, seq])
    return client.post(url, {"revision": page.latest_revision_id, **fields}, **extra)


def current(page):
    page.refresh_from_db()
    return drafts.draft_read(page=page)


def test_table_lists_items_by_name_with_the_kinds_columns_paginated(client, site):
    page = fill(site["street_list"], 120)
    client.force_login(site["users"]["street_editor"])
    url = reverse("jianfu:draft_items", args=[page.pk])
    html = client.get(url).content.decode()
    assert "事项名称1<" in html and "事项名称100<" in html and "事项名称101<" not in html
    assert "事项 1" not in html
    assert "<th>具体内容</th>" in html and "县级主责部门" not in html  # basic list's own columns
    assert "第 1 / 2 页" in html
    assert "事项名称101<" in client.get(url, {"page": 2}).content.decode()
    found = client.get(url, {"q": "事项名称11", "domain": "平安法治"}).content.decode()
    assert "找到 6 项" in found  # 11, 111..119 odd → 11, 111, 113, 115, 117, 119


def test_page_editor_links_to_the_table_instead_of_rendering_the_items(client, site):
    page = fill(site["street_list"], 40)
    client.force_login(site["users"]["street_editor"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "事项名称7" not in html
    assert "共有 <strong>40</strong> 个事项" in html
    assert reverse("jianfu:draft_items", args=[page.pk]) in html


def test_editing_an_item_saves_it_and_redirects_to_its_row(client, site):
    page = fill(site["street_list"], 3)
    client.force_login(site["users"]["street_editor"])
    url = reverse("jianfu:draft_item_edit", args=[page.pk, 2])
    form = client.get(url).content.decode()
    assert 'name="name"' in form and 'name="department"' not in form  # only the kind's fields
    response = edit(
        client,
        page,
        2,
        {
            "domain": "平安法治",
            "name": "改过的名称",
            "content": "内容",
            "basis": "",
            "applies_to": "全部",
            "back": "page=1",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?page=1#item-2")
    assert [i.name for i in current(page).items] == ["事项名称1", "改过的名称", "事项名称3"]
    assert PageLogEntry.objects.filter(page=page, action="cms.draft.item_edit").count() == 1


def test_editing_in_the_dialog_answers_the_new_row_as_json(client, site):
    page = fill(site["street_list"], 3)
    client.force_login(site["users"]["street_editor"])
    response = edit(
        client,
        page,
        3,
        {"name": "新名称", "applies_to": "全部"},
        headers={"X-Requested-With": "fetch"},
    )
    data = json.loads(response.content)
    assert response.status_code == 200 and 'id="item-3"' in data["row"] and "新名称" in data["row"]
    assert data["revision"] == current(page).revision_id


def test_bad_input_gets_a_chinese_400_naming_the_field(client, site):
    page = fill(site["street_list"], 2)
    client.force_login(site["users"]["street_editor"])
    response = edit(client, page, 1, {"name": "", "applies_to": "到处"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "事项名称：必需字段" in html
    assert "适用范围：" in html and "不在可用的选项中" in html
    assert [i.name for i in current(page).items] == ["事项名称1", "事项名称2"]


def test_a_township_editor_cannot_open_or_change_another_townships_draft(client, site):
    page = fill(site["town_list"], 2)
    client.force_login(site["users"]["street_editor"])
    response = client.get(reverse("jianfu:draft_items", args=[page.pk]))
    assert response.status_code == 403 and "没有修改“西镇基本履职事项清单”的权限" in (
        response.content.decode()
    )
    response = client.post(
        reverse("jianfu:draft_item_delete", args=[page.pk, 1]),
        {"revision": page.latest_revision_id},
    )
    assert response.status_code == 403
    assert len(current(page).items) == 2


def test_a_locked_page_refuses_with_a_chinese_reason(client, site):
    page = fill(site["street_list"], 2)
    DutyListPage.objects.filter(pk=page.pk).update(locked=True, locked_by=site["users"]["admin"])
    client.force_login(site["users"]["street_editor"])
    table = client.get(reverse("jianfu:draft_items", args=[page.pk])).content.decode()
    assert "已被county_admin锁定" in table and "新增事项</a>" not in table
    response = edit(client, page, 1, {"name": "改", "applies_to": "全部"})
    assert response.status_code == 403 and "已被county_admin锁定" in response.content.decode()
    assert current(page).items[0].name == "事项名称1"


def test_a_stale_form_is_refused_with_409(client, site):
    page = fill(site["street_list"], 2)
    stale = page.latest_revision_id
    fill(page, 2)
    client.force_login(site["users"]["street_editor"])
    response = edit(client, page, 1, {"revision": stale, "name": "改", "applies_to": "全部"})
    assert response.status_code == 409 and "请刷新后重试" in response.content.decode()


@pytest.mark.parametrize("field", ["revision", "at"])
def test_numbers_in_the_editor_forms_are_read_by_the_parameter_layer(client, site, field):
    """Seen (hook): str.isdigit() accepted "²", which int() refuses: now a Chinese 400."""
    page = fill(site["street_list"], 2)
    before = page.latest_revision_id
    client.force_login(site["users"]["street_editor"])
    url = reverse("jianfu:draft_item_add", args=[page.pk])
    data = {"revision": before, "name": "新", "applies_to": "全部", "at": "1", field: "²"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert DutyListPage.objects.get(pk=page.pk).latest_revision_id == before


def test_new_items_show_only_their_kinds_fields_and_get_their_seq(client, site):
    cooperate = _list_page(site["street"], ListKind.TOWNSHIP_COOPERATE, "东街道配合事项清单")
    department = make_department(site["tree"]["county"], "县应急管理局")
    fill(cooperate, 2)
    client.force_login(site["users"]["street_editor"])
    url = reverse("jianfu:draft_item_add", args=[cooperate.pk])
    form = client.get(url).content.decode()
    assert "县级主责部门" in form and "乡镇（街道）配合职责" in form and "出具主体" not in form
    response = client.post(
        url,
        {
            "revision": current(cooperate).revision_id,
            "name": "配合开展应急演练",
            "department": department.pk,
            "local_duty": "组织群众参加",
            "applies_to": "全部",
            "at": "1",
        },
    )
    assert response.status_code == 302
    items = current(cooperate).items
    assert [(i.seq, i.name) for i in items][:2] == [(1, "配合开展应急演练"), (2, "事项名称1")]
    assert items[0].department == department


def test_rows_pasted_from_excel_are_added_or_rejected_by_row_and_field(client, site):
    page = fill(site["street_list"], 1)
    client.force_login(site["users"]["street_editor"])
    url = reverse("jianfu:draft_items_paste", args=[page.pk])
    # A township's list is derived (issue 14): 调整方式, 上级事项编码 and 理由 follow the kind's
    # seven columns, so ten columns fit and twelve do not.
    bad = "领域\t事项名称\t具体内容\n平安法治\t\t内容\n民生服务\t甲\t乙\t丙\t丁\t戊\t己\t庚\t辛\t壬\t癸\t子\n"
    response = client.post(url, {"revision": page.latest_revision_id, "rows": bad})
    html = response.content.decode()
    assert response.status_code == 400
    assert "第1行：事项名称：必需字段" in html and "第2行：有12列，多于本清单的10列" in html
    good = "领域\t事项名称\t具体内容\t依据\t适用范围\n平安法治\t巡查\t日常巡查\t\t街道\n民生服务\t走访\t\t\t\n"
    response = client.post(url, {"revision": page.latest_revision_id, "rows": good})
    assert response.status_code == 302
    rows = [(i.seq, i.name, i.applies_to) for i in current(page).items]
    assert rows == [(1, "事项名称1", "全部"), (2, "巡查", "街道"), (3, "走访", "全部")]


def test_table_shows_the_cases_linked_to_each_item_through_case_view(client, site):
    """码上减 cases linked to an item: a count and a link in the draft table; the linked page
    shows the cases only as ``case_view`` lets the viewer see them (never the reporter)."""
    import datetime
    from pathlib import Path

    from django.conf import settings
    from django.utils import timezone

    from burden.models import CaseLink
    from mashangjian.models import Case, Category
    from mashangjian.services import calendar as calendar_services
    from mashangjian.services import setup
    from mashangjian.services.cases import case_submit
    from tests.factories import make_user

    page = site["street_list"]
    drafts.draft_items_replace(
        page=page, user=None, action="cms.draft.items_replace", data={},
        items=[DraftItem(seq=1, name="甲", code="JD-001"), DraftItem(seq=2, name="乙", code="JD-002")],
    )  # fmt: skip
    calendar_services.calendar_seed(years=range(2025, 2028))
    setup.categories_load(
        path=Path(settings.BASE_DIR) / "fixtures" / "linyuan" / "mashangjian_categories.csv"
    )
    receipt = case_submit(
        category=Category.objects.order_by("sort_order").first(),
        region=site["tree"]["community"],
        content="社区每月要填重复台账，我是李某某，电话13900000000。",
        anonymous=False,
        contact_name="李某某",
        contact_phone="13900000000",
        now=timezone.make_aware(datetime.datetime(2026, 4, 3, 10)),
    )
    case = Case.objects.get(number=receipt.number)
    CaseLink.objects.create(case=case, item_code="JD-001")
    county = site["tree"]["county"]
    cases_url = reverse("burden_admin:item_cases", args=[county.pk, "JD-001"])
    client.force_login(site["users"]["street_editor"])
    html = client.get(reverse("jianfu:draft_items", args=[page.pk])).content.decode()
    assert html.count("码上减反映 1 件") == 1 and f'href="{cases_url}"' in html
    listing = client.get(cases_url).content.decode()
    assert "共关联 1 件" in listing and "其中 0 件您有权查看" in listing
    assert case.number not in listing and "李某某" not in listing
    client.force_login(make_user("office", setup.office_group_setup(county=county)))
    listing = client.get(cases_url).content.decode()
    assert case.number in listing  # the office reads it as the office (case_view)
