"""A township's derived list in the admin: the table editor carries 调整方式 / 上级事项编码 / 理由,
and an adjustment the county list no longer matches is flagged to its editors and reviewers."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from cms import drafts, roles
from cms.models import DraftItem, DutyListPage
from registry.enums import Adjustment, ListKind
from registry.services.versions import ItemData
from tests.cms.conftest import _list_page
from tests.cms.test_workflow import submit
from tests.factories import excluded, items, make_user, publish, reworded

D = datetime.date


def _street_excludes_yi(site):
    county_v1 = site["tree"]["county"].duty_lists.get().versions.get()
    code = {i.name: i.code for i in county_v1.items.all()}["现行乙"]
    street_v = publish(
        site["tree"]["street"],
        ListKind.TOWNSHIP_BASIC,
        D(2025, 2, 1),
        [excluded(1, "现行乙", code, "街道无此事")],
    )
    DutyListPage.objects.filter(pk=site["street_list"].pk).update(duty_list=street_v.duty_list)
    site["street_list"].refresh_from_db()
    return county_v1, code


def _county_drops_yi(site, county_v1):
    """The county's next version keeps 现行甲 (its code) and drops 现行乙, which the street's
    list excludes: the street's adjustment is left without its source item."""
    keep = {i.name: i.code for i in county_v1.items.all()}["现行甲"]
    publish(
        site["tree"]["county"],
        ListKind.TOWNSHIP_BASIC,
        D(2025, 3, 1),
        [ItemData(**{**i.__dict__, "code": keep}) for i in items("现行甲")],
    )


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
    _county_drops_yi(site, county_v1)
    body = client.get(reverse("jianfu:draft_items", args=[page.pk])).content.decode()
    assert "data-layer-flags" in body and f"上级清单已无事项 {code}" in body
    # The township submits its next version; the reviewer sees the flag on the review screen.
    users = site["users"]
    body = _review_screen(client, users["street_editor"], users["reviewer"], page, ["街道新增"])
    assert f"上级清单已无事项 {code}" in body


def test_dashboard_lists_derived_lists_whose_county_item_disappeared(
    client, site, county_list_in_force
):
    county_v1, code = _street_excludes_yi(site)
    client.force_login(site["users"]["street_editor"])
    body = client.get("/admin/").content.decode()
    assert "data-stale-adjustments" in body and f"上级清单已无事项 {code}" not in body
    _county_drops_yi(site, county_v1)
    body = client.get("/admin/").content.decode()
    assert f"上级清单已无事项 {code}" in body
    assert reverse("jianfu:draft_items", args=[site["street_list"].pk]) in body
    # Another township's editor does not see 东街道's list; the county administrator does.
    client.force_login(site["users"]["town_editor"])
    assert f"上级清单已无事项 {code}" not in client.get("/admin/").content.decode()
    client.force_login(site["users"]["admin"])
    assert f"上级清单已无事项 {code}" in client.get("/admin/").content.decode()


# ---------------------------------------------------------------- the draft preview of a derived list


def _review_screen(client, editor, reviewer, page, rows) -> str:
    """The editor adds ``rows`` and submits the draft for review from tomorrow; the review
    screen as the reviewer reads it."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = submit(client, editor, page, effective_from=tomorrow, rows=rows)
    assert response.status_code == 302
    client.force_login(reviewer)
    return client.get(reverse("jianfu:list_review", args=[page.pk])).content.decode()


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _replace_draft(page, rows):
    drafts.draft_items_replace(
        page=page, user=None, items=rows, action="cms.draft.items_replace", data={}
    )


def _draft_excludes_yi(site, county_list_in_force, added, *, added_first=False):
    """The street's draft: the county's 现行乙 excluded (街道无此事) and ``added`` added, in
    that order unless ``added_first``. Returns the street's list page and the county's codes by
    name."""
    codes = {i.name: i.code for i in county_list_in_force.items.all()}
    page = site["street_list"]
    exclusion = DraftItem(
        name="现行乙", code=codes["现行乙"], adjustment=Adjustment.EXCLUDED, reason="街道无此事"
    )
    rows = [added, exclusion] if added_first else [exclusion, added]
    for seq, row in enumerate(rows, start=1):
        row.seq = seq
    _replace_draft(page, rows)
    return page, codes


def test_preview_of_a_township_draft_shows_the_list_it_would_have_in_force(
    client, site, county_list_in_force
):
    """The county's items in force today with the draft's adjustments, provenance marks and the
    excluded items with their reasons (as on the public page), not only the draft's own rows."""
    page, codes = _draft_excludes_yi(
        site,
        county_list_in_force,
        DraftItem(name="街道新增", applies_to="全部", content="街道的内容"),
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
            reworded(
                1,
                "协助甲",
                code,
                row=DraftItem,
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
            excluded(1, "目录乙", codes["目录乙"], "本县无此事", row=DraftItem),
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


# ---------------------------------------------------------------- reviewers and the city role


def _songling_list_excludes_catalogue_item(site, second_site):
    """松岭县's list derives from the city catalogue and excludes 目录乙; the catalogue then
    drops 目录乙, so the exclusion is stale. Returns (the list page, 目录乙's code)."""
    city = site["tree"]["city"]
    catalogue = publish(city, ListKind.TOWNSHIP_BASIC, D(2025, 1, 1), items("目录甲", "目录乙"))
    codes = {i.name: i.code for i in catalogue.items.all()}
    version = publish(
        second_site["tree"]["county"],
        ListKind.TOWNSHIP_BASIC,
        D(2025, 2, 1),
        [excluded(1, "目录乙", codes["目录乙"], "本县无此事")],
    )
    assert version.duty_list.derived
    page = _list_page(second_site["county"], ListKind.TOWNSHIP_BASIC, "松岭县基本履职事项清单")
    DutyListPage.objects.filter(pk=page.pk).update(duty_list=version.duty_list)
    page.refresh_from_db()
    publish(
        city,
        ListKind.TOWNSHIP_BASIC,
        D(2025, 3, 1),
        [ItemData(**{**i.__dict__, "code": codes["目录甲"]}) for i in items("目录甲")],
    )
    return page, codes["目录乙"]


def _stale_street_exclusion(site):
    county_v1, code = _street_excludes_yi(site)
    _county_drops_yi(site, county_v1)
    return code


def _panel(client, user) -> str:
    client.force_login(user)
    body = client.get("/admin/").content.decode()
    start = body.index("data-stale-adjustments")
    return body[start : body.index("</section>", start)]


def test_reviewers_see_the_stale_adjustments_of_their_own_county_only(
    client, site, second_site, county_list_in_force
):
    street_code = _stale_street_exclusion(site)
    songling_page, songling_code = _songling_list_excludes_catalogue_item(site, second_site)
    street_flag = f"上级清单已无事项 {street_code}“现行乙”"
    songling_flag = f"上级清单已无事项 {songling_code}“目录乙”"

    panel = _panel(client, site["users"]["reviewer"])
    assert street_flag in panel and songling_flag not in panel
    assert reverse("jianfu:draft_items", args=[site["street_list"].pk]) in panel

    panel = _panel(client, second_site["users"]["reviewer"])
    assert songling_flag in panel and street_flag not in panel
    assert reverse("jianfu:draft_items", args=[songling_page.pk]) in panel

    # 松岭县's editors see their county's list too; 测试县's county administrator does not.
    assert songling_flag in _panel(client, second_site["users"]["admin"])
    assert songling_flag not in _panel(client, site["users"]["admin"])


def test_city_role_sees_the_stale_adjustments_of_county_lists_under_its_catalogue_read_only(
    client, site, second_site, county_list_in_force
):
    street_code = _stale_street_exclusion(site)
    songling_page, songling_code = _songling_list_excludes_catalogue_item(site, second_site)
    viewer = make_user("city_viewer", roles.city_role_setup(city=site["tree"]["city"]))
    panel = _panel(client, viewer)
    assert f"上级清单已无事项 {songling_code}“目录乙”" in panel
    # Read-only: a link to the public differences page, not to the draft editor.
    assert reverse("jianfu:draft_items", args=[songling_page.pk]) not in panel
    assert f"{songling_page.url}differences/" in panel and "只读" in panel
    # A township's adjustments of its county list are the county's to review, not the city's.
    assert f"上级清单已无事项 {street_code}“现行乙”" not in panel


def test_review_screen_of_a_county_list_under_the_catalogue_shows_its_stale_flags(
    client, site, second_site
):
    page, code = _songling_list_excludes_catalogue_item(site, second_site)
    users = second_site["users"]
    body = _review_screen(client, users["admin"], users["reviewer"], page, ["县增补"])
    assert f"上级清单已无事项 {code}“目录乙”" in body
    # The draft itself no longer carries the stale exclusion.
    assert "草稿已不含与上级清单不符的调整" in body


def test_review_screen_and_preview_flag_a_draft_whose_source_item_went_after_submission(
    client, site, county_list_in_force
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    codes = {i.name: i.code for i in county_list_in_force.items.all()}
    page = site["street_list"]
    exclusion = excluded(1, "现行乙", codes["现行乙"], "无此事", row=DraftItem)
    _replace_draft(page, [exclusion])
    response = submit(
        client, site["users"]["street_editor"], page, effective_from=tomorrow, rows=None
    )
    assert response.status_code == 302
    # The county drops 现行乙 while the township's draft is under review.
    publish(
        site["tree"]["county"],
        ListKind.TOWNSHIP_BASIC,
        D(2025, 3, 1),
        [ItemData(**{**i.__dict__, "code": codes["现行甲"]}) for i in items("现行甲")],
    )
    flag = f"上级清单已无事项 {codes['现行乙']}“现行乙”"
    client.force_login(site["users"]["reviewer"])
    body = client.get(reverse("jianfu:list_review", args=[page.pk])).content.decode()
    assert "data-draft-flags" in body and flag in body
    body = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])).content.decode()
    assert "data-layer-flags" in body and flag in body


def _submit_exclusion_and_addition(client, site, county_list_in_force):
    """The street's draft excludes 现行乙 (街道无此事) and adds 街道新增; submitted for review
    from tomorrow, and the reviewer signed in. Returns the street's list page and the codes of
    the county's items by name."""
    page, codes = _draft_excludes_yi(
        site, county_list_in_force, DraftItem(name="街道新增", applies_to="全部")
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    submit(client, site["users"]["street_editor"], page, effective_from=tomorrow, rows=None)
    client.force_login(site["users"]["reviewer"])
    return page, codes


def test_review_screen_of_a_derived_draft_lists_its_adjustments_to_the_source(
    client, site, county_list_in_force
):
    """The item comparison shows an exclusion as a new row; the reviewer also reads what the
    draft adds, excludes (with the reason) and words locally, against the source in force."""
    page, codes = _submit_exclusion_and_addition(client, site, county_list_in_force)
    response = client.get(reverse("jianfu:list_review", args=[page.pk]))
    section = _text(response).split("草稿对上级清单的调整", 1)[1]
    assert "本级增补 1 项 街道新增" in section
    assert f"不适用 1 项 {codes['现行乙']} 现行乙：街道无此事" in section
    assert "发布后东街道适用 2 项" in section


def test_items_table_names_a_source_code_only_for_an_adjustment_of_a_source_item(
    client, site, county_list_in_force
):
    """上级事项编码 is the source item an exclusion or local wording is about; an added item's own
    code (shown beside its name) is not a source code."""
    page, codes = _draft_excludes_yi(
        site, county_list_in_force, DraftItem(name="街道新增", code="JB-900", applies_to="全部")
    )
    client.force_login(site["users"]["street_editor"])
    body = client.get(reverse("jianfu:draft_items", args=[page.pk])).content.decode()
    assert f'<div class="ie-cell">{codes["现行乙"]}</div>' in body
    assert '<div class="ie-cell">JB-900</div>' not in body
    assert '<small class="ie-code">JB-900</small>' in body


def test_preview_of_a_derived_draft_numbers_items_by_position_and_cites_their_documents(
    client, site, county_list_in_force
):
    """The county's 现行甲 (its 第1项) and the draft's first addition (the draft's 第1项) were
    both shown as 1.; the county item's citation named the draft's title."""
    page, codes = _draft_excludes_yi(
        site,
        county_list_in_force,
        DraftItem(name="街道新增", applies_to="全部", content="街道的内容"),
        added_first=True,
    )
    client.force_login(site["users"]["street_editor"])
    html = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])).content.decode()
    seqs = re.findall(r'<span class="seq">(\d+)\.</span>', html)
    assert sorted(seqs) == ["1", "2"]
    county_title = str(county_list_in_force.duty_list)
    citation = re.search(
        rf'id="{codes["现行甲"]}">.*?<span class="citation" data-copy>([^<]*)</span>', html, re.S
    )[1]
    assert citation.startswith(
        f"依据《{county_title}》（{county_list_in_force.document_no}）第1项（全县通用）“现行甲”"
    )


def test_review_screen_comparison_names_the_adjustment_of_each_row(
    client, site, county_list_in_force
):
    """Seen: the item comparison of a derived draft showed 现行乙 as a new row with nothing to
    say it is an exclusion (不适用) rather than an item added (本级表述: test_public_render)."""
    page, codes = _submit_exclusion_and_addition(client, site, county_list_in_force)
    html = client.get(reverse("jianfu:list_review", args=[page.pk])).content.decode()

    def heading(code: str) -> str:
        return re.search(
            rf'<article class="item change" id="added-{code}">\s*<h3>(.*?)</h3>', html
        )[1]

    assert '<span class="adjustment">不适用</span>' in heading(codes["现行乙"])
    added = re.search(r"<h3>[^\n]*街道新增[^\n]*</h3>", html)[0]
    assert 'class="adjustment"' not in added
