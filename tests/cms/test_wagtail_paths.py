"""Every other Wagtail path on a list page: scheduled publishing, expiry, copy, revert, delete and
unpublish."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision

from cms.models import DutyListPage, RegionPage
from registry.models import ListVersion
from tests.cms.test_workflow import approve, edit_data, submit
from tests.factories import make_user


@pytest.fixture
def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def test_publish_scheduled_never_publishes_an_unreviewed_list_revision(client, site):
    page, admin = site["county_list"], site["users"]["admin"]
    live_before = DutyListPage.objects.get(pk=page.pk).live_revision_id
    draft = page.get_latest_revision_as_object()
    draft.next_document_no = "未审核〔2026〕1号"
    unreviewed = draft.save_revision(user=admin)
    past = timezone.now() - datetime.timedelta(minutes=5)
    Revision.objects.filter(pk=unreviewed.pk).update(approved_go_live_at=past)
    # Another page scheduled in the same run still goes live.
    county = RegionPage.objects.get(pk=site["county"].pk)
    county.title = "测试县（新名称）"
    other = county.save_revision(user=admin)
    Revision.objects.filter(pk=other.pk).update(approved_go_live_at=past)

    call_command("publish_scheduled")

    page = DutyListPage.objects.get(pk=page.pk)
    assert page.live_revision_id == live_before
    assert ListVersion.objects.count() == 0
    assert Revision.objects.get(pk=unreviewed.pk).approved_go_live_at is None
    assert PageLogEntry.objects.filter(page=page, action="cms.list.schedule_refused").exists()
    assert Page.objects.get(pk=county.pk).title == "测试县（新名称）"


def test_an_approved_list_carrying_an_expiry_date_never_goes_offline(client, site, tomorrow):
    page, users = site["county_list"], site["users"]
    submit(client, users["admin"], page, effective_from=tomorrow, rows=["甲"])
    # An expiry date in the submitted revision (Wagtail's "expire at", e.g. from before this fix).
    revision = DutyListPage.objects.get(pk=page.pk).get_latest_revision()
    revision.content["expire_at"] = (timezone.now() + datetime.timedelta(seconds=2)).isoformat()
    revision.save(update_fields=["content"])
    approve(client, users["reviewer"], page)
    page = DutyListPage.objects.get(pk=page.pk)
    assert page.live and page.expire_at is None and page.go_live_at is None
    call_command("publish_scheduled")
    page = DutyListPage.objects.get(pk=page.pk)
    assert page.live and not page.expired
    assert ListVersion.objects.count() == 1


def test_list_pages_offer_no_go_live_or_expiry(client, site):
    client.force_login(site["users"]["admin"])
    body = client.get(
        reverse("wagtailadmin_pages:edit", args=[site["county_list"].pk])
    ).content.decode()
    assert 'name="go_live_at"' not in body and 'name="expire_at"' not in body


def copy(client, user, page, parent, *, slug, publish=False):
    client.force_login(user)
    data = {"new_title": f"{page.title}（副本）", "new_slug": slug, "new_parent_page": parent.pk}
    if publish:
        data["publish_copies"] = "on"
    return client.post(reverse("wagtailadmin_pages:copy", args=[page.pk]), data)


@pytest.mark.parametrize("publish", [False, True])
def test_copying_a_published_list_into_the_same_region_is_refused_in_chinese(
    client, site, county_list_in_force, publish
):
    page, root = site["county_list"], make_user("root", superuser=True)
    response = copy(client, root, page, site["county"], slug="copy", publish=publish)
    assert response.status_code == 200
    assert "已有" in response.content.decode() and "每个区划每类清单只有一个页面" in (
        response.content.decode()
    )
    assert DutyListPage.objects.count() == 3


def test_a_township_editor_copying_in_their_own_township_is_refused_in_chinese(client, site):
    page, editor = site["street_list"], site["users"]["street_editor"]
    response = copy(client, editor, page, site["street"], slug="copy")
    assert response.status_code == 200
    assert "每个区划每类清单只有一个页面" in response.content.decode()


def test_copying_a_list_to_a_region_without_one_makes_an_unpublished_draft(
    client, site, county_list_in_force
):
    community = RegionPage.objects.get(region__code=site["tree"]["community"].code)
    page, root = site["county_list"], make_user("root", superuser=True)
    response = copy(client, root, page, community, slug="copied", publish=True)
    assert response.status_code == 302
    new = DutyListPage.objects.get(slug="copied")
    assert not new.live and new.duty_list is None
    assert ListVersion.objects.count() == 1


def test_copying_a_region_page_is_refused_in_chinese(client, site):
    root = make_user("root", superuser=True)
    client.force_login(root)
    response = client.get(reverse("wagtailadmin_pages:copy", args=[site["town"].pk]), follow=True)
    assert "与行政区划一一对应，不能复制" in response.content.decode()


def test_reverting_to_a_revision_whose_items_are_gone(client, site, tomorrow):
    page, admin = site["county_list"], site["users"]["admin"]
    client.force_login(admin)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.post(url, edit_data(page, action="action-save", effective_from=tomorrow, rows=["旧甲"]))
    old = DutyListPage.objects.get(pk=page.pk).get_latest_revision()
    client.post(url, edit_data(page, action="action-save", effective_from=tomorrow, rows=["新乙"]))
    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, old.pk])
    assert client.get(revert_url).status_code == 200
    # The page form carries the header; the items come back with the old revision (the old
    # item rows no longer exist: they are new rows of the reverted draft).
    data = edit_data(page, action="action-save", effective_from=tomorrow, rows=None)
    response = client.post(revert_url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    draft = DutyListPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert [i.name for i in draft.draft_items.all()] == ["旧甲"]


@pytest.mark.parametrize("view", ["wagtailadmin_pages:delete", "wagtailadmin_pages:unpublish"])
def test_a_page_with_published_versions_is_never_deleted_or_unpublished(
    client, site, county_list_in_force, view
):
    page = site["county_list"]
    client.force_login(make_user("root", superuser=True))
    response = client.post(reverse(view, args=[page.pk]), follow=True)
    assert "含有已发布的清单版本" in response.content.decode()
    page = DutyListPage.objects.get(pk=page.pk)
    assert page.live
    # Nor through its region: deleting the county page would take the list with it.
    response = client.post(
        reverse("wagtailadmin_pages:delete", args=[site["county"].pk]), follow=True
    )
    assert "含有已发布的清单版本" in response.content.decode()
    assert DutyListPage.objects.filter(pk=page.pk).exists()
