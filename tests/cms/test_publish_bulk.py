"""A 340-item list: publishing writes its draft items in bulk, an item save stays cheap, and the
items' JSON in revisions is modelcluster's (revisions saved before and after read the same).

Query counts are asserted (they do not depend on the machine); times are bench/'s.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields, model_from_serializable_data
from wagtail.models import Revision

from cms import drafts
from cms.models import DraftItem, DutyListPage
from registry.columns import ITEM_FIELDS
from registry.models import ListItem, ListVersion
from tests.cms.test_item_editor import fill
from tests.cms.test_workflow import approve
from tests.factories import make_department

ITEMS = 340


def _submit(page, user, *, days=1, document_no="测委办发〔2026〕9号"):
    draft = DutyListPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.next_document_no = document_no
    draft.next_issuing_body = "测试县委办公室"
    draft.next_effective_from = timezone.localdate() + datetime.timedelta(days=days)
    draft.save_revision(user=user)
    draft.get_workflow().start(draft, user)


def _rows(page):
    return list(DraftItem.objects.filter(page=page).order_by("sort_order"))


def _latest_items(page):
    return drafts.draft_read(page=DutyListPage.objects.get(pk=page.pk)).items


def _same(rows, items):
    fields = [f if f != "department" else "department_id" for f in ITEM_FIELDS]
    return [[getattr(r, f) for f in ["sort_order", *fields]] for r in rows] == [
        [getattr(i, f) for f in ["sort_order", *fields]] for i in items
    ]


def test_item_json_in_revisions_is_modelclusters(site):
    dept = make_department(site["tree"]["county"], "县应急管理局")
    item = DraftItem(
        page=site["county_list"],
        sort_order=4,
        department=dept,
        **{f: "甲" for f in ITEM_FIELDS if f not in ("seq", "department")},
        seq=5,
    )
    assert item.serializable_data() == get_serializable_data_for_fields(item)
    item.save()
    data = get_serializable_data_for_fields(item)
    assert item.serializable_data() == data
    ours = DraftItem.from_serializable_data(data, check_fks=False)
    theirs = model_from_serializable_data(DraftItem, data, check_fks=False)
    names = [f.attname for f in DraftItem._meta.concrete_fields]
    assert [getattr(ours, n) for n in names] == [getattr(theirs, n) for n in names]
    assert ours._state.adding and ours.department == dept
    # A revision saved before a field existed: the field takes its default.
    old = {k: v for k, v in data.items() if k not in ("keywords", "staff")}
    assert DraftItem.from_serializable_data(old, check_fks=False).keywords == ""


def test_publishing_a_340_item_list_writes_its_items_in_bulk(
    client, site, django_assert_max_num_queries
):
    page, users = site["county_list"], site["users"]
    fill(page, ITEMS, content="组织开展辖区安全生产检查。")
    _submit(page, users["admin"])
    # Wagtail saved each item alone: 340 INSERTs (and as many DELETEs on the next round),
    # ~830 queries. Now a fixed number, plus batches of INSERTs on SQLite (999 parameters).
    with django_assert_max_num_queries(180):
        response = approve(client, users["reviewer"], page)
    assert response.status_code == 302
    version = ListVersion.objects.get(duty_list__page=page)
    assert ListItem.objects.filter(version=version).count() == ITEMS
    assert _same(_rows(page), _latest_items(page))

    # Next round: one item changed, one deleted, one added, the rest moved up by one.
    page.refresh_from_db()
    before = {r.pk for r in _rows(page)}
    base = page.latest_revision_id
    drafts.draft_item_update(
        page=page,
        user=users["admin"],
        position=10,
        values={"name": "改过的名称"},
        base_revision_id=base,
    )
    drafts.draft_items_delete(page=page, user=users["admin"], positions=[1], base_revision_id=None)
    drafts.draft_items_insert(page=page, user=users["admin"], items=[DraftItem(name="新增事项")])
    _submit(page, users["admin"], days=2, document_no="测委办发〔2026〕10号")
    with django_assert_max_num_queries(180):
        response = approve(client, users["reviewer"], page)
    assert response.status_code == 302
    rows = _rows(page)
    assert _same(rows, _latest_items(page))
    assert len(rows) == ITEMS and rows[8].name == "改过的名称" and rows[-1].name == "新增事项"
    # Kept rows keep their ids (revisions and the reference index point at them).
    assert len(before & {r.pk for r in rows}) == ITEMS - 1
    assert ListVersion.objects.filter(duty_list__page=page).count() == 2


def test_publishing_a_revision_naming_another_pages_rows_inserts_new_rows(client, site):
    """A copied page's revisions name the original's item rows: publishing never moves them."""
    page, users = site["county_list"], site["users"]
    fill(page, 3)
    other = site["street_list"]
    foreign = DraftItem.objects.create(page=other, sort_order=0, seq=1, name="街道的事项")
    draft = DutyListPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    items = list(draft.draft_items.all())
    items[0].pk = foreign.pk
    draft.draft_items = items
    draft.save_revision(user=users["admin"])
    _submit(page, users["admin"])
    assert approve(client, users["reviewer"], page).status_code == 302
    foreign.refresh_from_db()
    assert foreign.page_id == other.pk and foreign.name == "街道的事项"
    assert _same(_rows(page), _latest_items(page))


def test_saving_one_item_of_a_340_item_list_takes_a_bounded_number_of_queries(
    client, site, django_assert_max_num_queries
):
    page = fill(site["county_list"], ITEMS)
    client.force_login(site["users"]["admin"])
    url = reverse("jianfu:draft_item_edit", args=[page.pk, 200])
    data = {"revision": page.latest_revision_id, "name": "改过的名称", "applies_to": "全部"}
    with django_assert_max_num_queries(60):
        response = client.post(url, data, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200, response.content.decode()[:500]
    assert _latest_items(page)[199].name == "改过的名称"
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 3
