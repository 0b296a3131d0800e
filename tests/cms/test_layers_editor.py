"""A township's derived list in the admin: the table editor carries 调整方式 / 上级事项编码 / 理由,
and an adjustment the county list no longer matches is flagged to its editors and reviewers."""

import datetime

from django.urls import reverse
from django.utils import timezone

from cms.models import DutyListPage
from registry.enums import Adjustment, ListKind
from registry.services.versions import ItemData
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
    _county_drops_yi(site, county_v1)
    body = client.get("/admin/").content.decode()
    assert f"上级清单已无事项 {code}" in body
    assert reverse("jianfu:draft_items", args=[site["street_list"].pk]) in body
    # Another township's editor does not see 东街道's list; the county administrator does.
    client.force_login(site["users"]["town_editor"])
    assert f"上级清单已无事项 {code}" not in client.get("/admin/").content.decode()
    client.force_login(site["users"]["admin"])
    assert f"上级清单已无事项 {code}" in client.get("/admin/").content.decode()
