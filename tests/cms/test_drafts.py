"""cms.drafts: the one way to change a draft's items (revisions, 序号, locks, permissions, log)."""

import datetime

import pytest
from wagtail.models import PageLogEntry

from cms import drafts
from cms.models import DraftItem, DutyListPage
from registry.enums import ListKind
from tests.factories import items, publish


def fill(page, *names, user=None):
    drafts.draft_items_replace(
        page=page,
        user=user,
        items=[DraftItem(seq=n, name=name) for n, name in enumerate(names, start=1)],
        action="cms.draft.items_replace",
        data={},
    )
    page.refresh_from_db()
    return page


def names(page):
    page.refresh_from_db()
    return [(i.seq, i.name) for i in drafts.draft_read(page=page).items]


def test_editing_one_item_saves_a_new_revision_in_the_editors_name(site):
    page = fill(site["street_list"], "甲", "乙", "丙")
    editor = site["users"]["street_editor"]
    before = page.latest_revision_id
    revision = drafts.draft_item_update(
        page=page,
        user=editor,
        position=2,
        values={"name": "乙（改）", "content": "新内容"},
        base_revision_id=before,
    )
    page.refresh_from_db()
    assert page.latest_revision_id == revision.pk != before
    assert revision.user == editor
    assert names(page) == [(1, "甲"), (2, "乙（改）"), (3, "丙")]
    # What submit, review and publish read is the latest revision: the edited items.
    draft = page.get_latest_revision_as_object()
    assert [i.name for i in draft.draft_item_data()] == ["甲", "乙（改）", "丙"]
    entry = PageLogEntry.objects.get(page=page, action="cms.draft.item_edit")
    assert entry.user == editor and entry.revision_id == revision.pk
    assert entry.data["name"] == "乙（改）"


def test_seq_follows_the_order_when_adding_deleting_and_moving(site):
    page = fill(site["street_list"], "甲", "乙", "丙")
    user = site["users"]["street_editor"]
    drafts.draft_items_insert(page=page, user=user, items=[DraftItem(name="新")], position=2)
    assert names(page) == [(1, "甲"), (2, "新"), (3, "乙"), (4, "丙")]
    drafts.draft_items_delete(page=page, user=user, positions=[1], base_revision_id=None)
    assert names(page) == [(1, "新"), (2, "乙"), (3, "丙")]
    drafts.draft_item_move(page=page, user=user, position=3, to=1, base_revision_id=None)
    assert names(page) == [(1, "丙"), (2, "新"), (3, "乙")]


def test_a_change_based_on_an_older_revision_is_refused(site):
    page = fill(site["street_list"], "甲", "乙")
    user = site["users"]["street_editor"]
    stale = page.latest_revision_id
    drafts.draft_item_update(
        page=page, user=user, position=1, values={"name": "甲1"}, base_revision_id=stale
    )
    with pytest.raises(drafts.DraftConflict, match="已被他人"):
        drafts.draft_items_delete(page=page, user=user, positions=[1], base_revision_id=stale)
    assert names(page) == [(1, "甲1"), (2, "乙")]


def test_a_township_editor_cannot_change_another_townships_draft(site):
    page = fill(site["town_list"], "甲")
    with pytest.raises(drafts.DraftRefused, match="没有修改“西镇基本履职事项清单”的权限"):
        drafts.draft_item_update(
            page=page,
            user=site["users"]["street_editor"],
            position=1,
            values={"name": "篡改"},
            base_revision_id=None,
        )
    assert names(page) == [(1, "甲")]


def test_reviewers_of_the_workflow_may_change_a_draft(site):
    page = fill(site["county_list"], "甲")
    drafts.draft_item_update(
        page=page,
        user=site["users"]["reviewer"],
        position=1,
        values={"name": "乙"},
        base_revision_id=None,
    )
    assert names(page) == [(1, "乙")]


def test_a_page_locked_by_someone_else_refuses_with_who_holds_it(site):
    page = fill(site["street_list"], "甲")
    admin = site["users"]["admin"]
    DutyListPage.objects.filter(pk=page.pk).update(locked=True, locked_by=admin)
    page.refresh_from_db()
    with pytest.raises(drafts.DraftRefused, match="已被county_admin锁定"):
        drafts.draft_items_insert(
            page=page, user=site["users"]["street_editor"], items=[DraftItem(name="新")]
        )
    # The holder of the lock may go on editing.
    drafts.draft_items_insert(page=page, user=admin, items=[DraftItem(name="新")])
    assert names(page) == [(1, "甲"), (2, "新")]


def test_a_draft_under_review_is_locked_for_its_editors_not_its_reviewers(site):
    page = fill(site["street_list"], "甲")
    editor = site["users"]["street_editor"]
    page.get_workflow().start(page, editor)
    page.refresh_from_db()
    with pytest.raises(drafts.DraftRefused, match="审核期间只有审核人可以修改"):
        drafts.draft_items_insert(page=page, user=editor, items=[DraftItem(name="新")])
    drafts.draft_items_insert(
        page=page, user=site["users"]["reviewer"], items=[DraftItem(name="新")]
    )
    assert names(page) == [(1, "甲"), (2, "新")]


def test_moving_an_item_to_another_list_of_the_region_keeps_its_code(site):
    from tests.cms.conftest import _list_page

    basic = site["street_list"]
    drafts.draft_items_replace(
        page=basic,
        user=None,
        items=[DraftItem(seq=1, name="甲"), DraftItem(seq=2, name="乙", code="JB-007")],
        action="cms.draft.items_replace",
        data={},
    )
    withdrawn = _list_page(site["street"], ListKind.TOWNSHIP_WITHDRAWN, "东街道收回事项清单")
    user = site["users"]["street_editor"]
    basic.refresh_from_db()
    drafts.draft_item_transfer(
        page=basic, user=user, position=2, target=withdrawn, base_revision_id=None
    )
    assert names(basic) == [(1, "甲")]
    moved = drafts.draft_read(page=DutyListPage.objects.get(pk=withdrawn.pk)).items
    assert [(i.seq, i.name) for i in moved] == [(1, "乙")]
    assert moved[0].code == "JB-007"  # published, this shows as a move between lists


def test_a_transfer_the_target_refuses_changes_neither_list(site):
    street = fill(site["street_list"], "甲")
    town = site["town_list"]
    with pytest.raises(drafts.DraftRefused):
        drafts.draft_item_transfer(
            page=street,
            user=site["users"]["street_editor"],
            position=1,
            target=town,
            base_revision_id=None,
        )
    assert names(street) == [(1, "甲")]


def test_an_empty_draft_of_a_published_list_starts_from_the_version_in_force(
    site, county_list_in_force
):
    page = site["county_list"]
    drafts.draft_items_insert(page=page, user=site["users"]["admin"], items=[DraftItem(name="新")])
    assert names(page) == [(1, "现行甲"), (2, "现行乙"), (3, "新")]


def test_copy_forward_keeps_the_numbering_of_the_version(site):
    version = publish(
        site["tree"]["street"],
        ListKind.TOWNSHIP_BASIC,
        datetime.date(2025, 1, 1),
        items("一", "二"),
    )
    page = site["street_list"]
    copies = [DraftItem.copy_of(i, sort_order=n) for n, i in enumerate(version.items.all())]
    drafts.draft_items_replace(
        page=page,
        user=site["users"]["street_editor"],
        items=copies,
        header={"next_document_no": "测发〔2026〕1号"},
        action="cms.list.copy_forward",
        data={},
    )
    page.refresh_from_db()
    draft = drafts.draft_read(page=page)
    assert draft.page.next_document_no == "测发〔2026〕1号"
    assert [i.code for i in draft.items] == [i.code for i in version.items.order_by("seq")]
