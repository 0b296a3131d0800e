"""A township's derived list in the admin: the table editor carries 调整方式 / 上级事项编码 / 理由,
and an adjustment the county list no longer matches is flagged to its editors and reviewers."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from cms import drafts
from cms.models import DraftItem, DutyListPage
from registry.enums import Adjustment, ListKind
from registry.services.versions import ItemData
from tests.cms.conftest import _list_page
from tests.cms.test_workflow import submit
from tests.factories import items, publish

D = datetime.date


def _street_excludes_yi(site):
    county_v1 = site["tree"]["county"].duty_lists.get().versions.get()
    code = {i.name: i.code for i in county_v1.items.all()}["现行乙"]
    street_v = publish(
        site["tree"]["street"],
        ListKind.TOWNSHIP_BASIC,
        D(2025, 2, 1),
        [
            ItemData(
                seq=1, name="现行乙", code=code, adjustment=Adjustment.EXCLUDED, reason="街道无此事"
            )
        ],
    )
    DutyListPage.objects.filter(pk=site["street_list"].pk).update(duty_list=street_v.duty_list)
    site["street_list"].refresh_from_db()
    return county_v1, code


def test_editor_form_of_a_township_list_offers_the_adjustment_columns(
    client, site, county_list_in_force
):
    client.force_login(site["users"]["street_editor"])
    page = site["street_list"]
    form = client.get(reverse("jianfu:draft_item_add", args=[page.pk])).content.decode()
    assert 'name="adjustment"' in form and "不适用" in form and 'name="reason"' in form
    county_form = client.get(
        reverse("jianfu:draft_item_add", args=[site["county_list"].pk])
    ).content.decode()
    assert 'name="adjustment"' not in county_form


def test_exclusion_whose_county_item_disappears_is_flagged_to_editor_and_reviewer(
    client, site, county_list_in_force
):
    county_v1, code = _street_excludes_yi(site)
    page = site["street_list"]
    client.force_login(site["users"]["street_editor"])
    body = client.get(reverse("jianfu:draft_items", args=[page.pk])).content.decode()
    assert "data-layer-flags" not in body
    keep = {i.name: i.code for i in county_v1.items.all()}["现行甲"]
    publish(
        site["tree"]["county"],
        ListKind.TOWNSHIP_BASIC,
        D(2025, 3, 1),
        [ItemData(**{**i.__dict__, "code": keep}) for i in items("现行甲")],
    )
    body = client.get(reverse("jianfu:draft_items", args=[page.pk])).content.decode()
    assert "data-layer-flags" in body and f"上级清单已无事项 {code}" in body
    # The township submits its next version; the reviewer sees the flag on the review screen.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = submit(
        client, site["users"]["street_editor"], page, effective_from=tomorrow, rows=["街道新增"]
    )
    assert response.status_code == 302
    client.force_login(site["users"]["reviewer"])
    body = client.get(reverse("jianfu:list_review", args=[page.pk])).content.decode()
    assert f"上级清单已无事项 {code}" in body


def test_dashboard_lists_derived_lists_whose_county_item_disappeared(
    client, site, county_list_in_force
):
    county_v1, code = _street_excludes_yi(site)
    client.force_login(site["users"]["street_editor"])
    body = client.get("/admin/").content.decode()
    assert "data-stale-adjustments" in body and f"上级清单已无事项 {code}" not in body
    keep = {i.name: i.code for i in county_v1.items.all()}["现行甲"]
    publish(
        site["tree"]["county"],
        ListKind.TOWNSHIP_BASIC,
        D(2025, 3, 1),
        [ItemData(**{**i.__dict__, "code": keep}) for i in items("现行甲")],
    )
    body = client.get("/admin/").content.decode()
    assert f"上级清单已无事项 {code}" in body
    assert reverse("jianfu:draft_items", args=[site["street_list"].pk]) in body
    # Another township's editor does not see 东街道's list; the county administrator does.
    client.force_login(site["users"]["town_editor"])
    assert f"上级清单已无事项 {code}" not in client.get("/admin/").content.decode()
    client.force_login(site["users"]["admin"])
    assert f"上级清单已无事项 {code}" in client.get("/admin/").content.decode()


# ---------------------------------------------------------------- the draft preview of a derived list


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _replace_draft(page, rows):
    drafts.draft_items_replace(
        page=page, user=None, items=rows, action="cms.draft.items_replace", data={}
    )


def test_preview_of_a_township_draft_shows_the_list_it_would_have_in_force(
    client, site, county_list_in_force
):
    """The county's items in force today with the draft's adjustments, provenance marks and the
    excluded items with their reasons (as on the public page), not only the draft's own rows."""
    codes = {i.name: i.code for i in county_list_in_force.items.all()}
    page = site["street_list"]
    _replace_draft(
        page,
        [
            DraftItem(
                seq=1,
                name="现行乙",
                code=codes["现行乙"],
                adjustment=Adjustment.EXCLUDED,
                reason="街道无此事",
            ),
            DraftItem(seq=2, name="街道新增", applies_to="全部", content="街道的内容"),
        ],
    )
    client.force_login(site["users"]["street_editor"])
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert response.status_code == 200
    html, body = response.content.decode(), _text(response)
    assert "草稿预览" in body
    assert "现行甲 全县通用" in body
    assert "街道新增 本级增补" in body
    assert f'id="{codes["现行甲"]}"' in html and f'id="{codes["现行乙"]}"' not in html
    assert "不适用事项" in body and "现行乙：街道无此事" in body
    assert "共 2 项" in body


def test_preview_of_a_local_wording_marks_the_item_reworded(client, site):
    county = site["tree"]["county"]
    source = publish(
        county,
        ListKind.TOWNSHIP_COOPERATE,
        D(2025, 1, 1),
        items("协助甲", department_duty="县局负责", local_duty="乡镇配合"),
    )
    code = source.items.get().code
    page = site["street"].add_child(
        instance=DutyListPage(
            title="东街道配合履职事项清单", slug="cooperate", kind=ListKind.TOWNSHIP_COOPERATE
        )
    )
    _replace_draft(
        page,
        [
            DraftItem(
                seq=1,
                name="协助甲",
                code=code,
                adjustment=Adjustment.REWORDED,
                department_duty="县局负责",
                local_duty="街道负责巡查",
            )
        ],
    )
    client.force_login(site["users"]["street_editor"])
    body = _text(client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])))
    assert "协助甲 全县通用（本级表述）" in body
    assert "街道负责巡查" in body and "乡镇配合" not in body


def test_preview_of_a_county_draft_under_the_city_catalogue(client, site, second_site):
    city = site["tree"]["city"]
    catalogue = publish(city, ListKind.TOWNSHIP_BASIC, D(2025, 1, 1), items("目录甲", "目录乙"))
    codes = {i.name: i.code for i in catalogue.items.all()}
    page = _list_page(second_site["county"], ListKind.TOWNSHIP_BASIC, "松岭县基本履职事项清单")
    _replace_draft(
        page,
        [
            DraftItem(
                seq=1,
                name="目录乙",
                code=codes["目录乙"],
                adjustment=Adjustment.EXCLUDED,
                reason="本县无此事",
            ),
            DraftItem(seq=2, name="县增补", applies_to="全部"),
        ],
    )
    client.force_login(second_site["users"]["admin"])
    body = _text(client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])))
    assert "目录甲 全市通用" in body and "县增补 本级增补" in body
    assert "目录乙：本县无此事" in body
    assert "共 2 项" in body


def test_preview_of_a_plain_list_shows_only_the_draft(client, site, county_list_in_force):
    page = site["county_list"]
    _replace_draft(page, [DraftItem(seq=1, name="草稿事项", applies_to="全部")])
    client.force_login(site["users"]["admin"])
    body = _text(client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])))
    assert "草稿事项" in body and "现行甲" not in body
    assert "本级增补" not in body and "全县通用" not in body and "不适用事项" not in body
