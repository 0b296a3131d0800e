"""Review of list drafts: no approval deadlock, Chinese refusals, messages, the review screen."""

import datetime
import json
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, TaskState

from cms import drafts, review
from cms.models import DraftItem, DutyListPage
from registry.enums import ListKind
from registry.models import ListVersion
from tests.cms.test_workflow import approve, edit_data, submit
from tests.factories import items, publish


@pytest.fixture
def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def approve_in_editor(client, user, page, *, effective_from, rows, **kwargs):
    """What the editor's 审核通过并发布 button posts: the whole form plus the workflow action."""
    client.force_login(user)
    # The items are not in the page form any more (cms.editor); the header differs instead.
    data = edit_data(
        page, action="action-workflow-action", effective_from=effective_from, rows=None
    )
    if rows is not None:
        data["next_change_note"] = f"审核人在编辑页面改动：{'、'.join(rows)}"
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = json.dumps({"comment": "同意"})
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, **kwargs)


def reviewer_revisions(user):
    return Revision.page_revisions.filter(user=user).count()


def test_approve_from_the_editor_publishes_without_a_reviewer_revision(client, site, tomorrow):
    page, users = site["county_list"], site["users"]
    submit(client, users["admin"], page, effective_from=tomorrow, rows=["甲", "乙"])
    # The reviewer's form differs from the draft (Wagtail would save it first, as theirs).
    response = approve_in_editor(
        client, users["reviewer"], page, effective_from=tomorrow, rows=["甲", "乙", "丙"]
    )
    assert response.status_code == 302
    assert reviewer_revisions(users["reviewer"]) == 0
    version = ListVersion.objects.get()
    assert list(version.items.values_list("name", flat=True)) == ["甲", "乙"]
    assert version.published_by == users["reviewer"]
    messages = texts(response)
    assert any("已审核通过" in m and "第1版" in m for m in messages), messages
    assert not any("没有权限" in m for m in messages)


def test_approve_from_the_editor_with_nothing_changed_shows_one_green_message(
    client, site, tomorrow
):
    page, users = site["county_list"], site["users"]
    submit(client, users["admin"], page, effective_from=tomorrow, rows=["甲"])
    response = approve_in_editor(
        client, users["reviewer"], page, effective_from=tomorrow, rows=["甲"], follow=True
    )
    body = response.content.decode()
    assert "已审核通过" in body and "没有权限" not in body and "已被更新" not in body
    assert ListVersion.objects.count() == 1


def test_dashboard_approve_ends_with_a_message(client, site, tomorrow):
    page, users = site["county_list"], site["users"]
    submit(client, users["admin"], page, effective_from=tomorrow, rows=["甲"])
    response = approve(client, users["reviewer"], page)
    assert response.status_code == 302
    assert any("已审核通过" in m for m in texts(response))
    assert ListVersion.objects.count() == 1


def test_dashboard_request_changes_ends_with_a_message(client, site, tomorrow):
    page, users = site["county_list"], site["users"]
    submit(client, users["admin"], page, effective_from=tomorrow, rows=["甲"])
    client.force_login(users["reviewer"])
    task_state = TaskState.objects.get(status="in_progress")
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk]),
        {"comment": "请补充依据"},
    )
    assert any("退回修改" in m for m in texts(response))
    assert TaskState.objects.get(pk=task_state.pk).status == "rejected"


def test_a_reviewer_who_edits_becomes_an_editor_and_another_reviewer_approves(
    client, site, tomorrow
):
    """The old deadlock: the reviewer's edit made nobody able to approve."""
    page, users = site["county_list"], site["users"]
    submit(client, users["admin"], page, effective_from=tomorrow, rows=["甲"])
    client.force_login(users["reviewer"])
    # The reviewer changes an item in the table editor (cms.drafts saves it as their revision).
    drafts.draft_items_replace(
        page=page,
        user=users["reviewer"],
        items=[DraftItem(seq=1, name="甲（审核人改）", applies_to="全部", content="甲的内容")],
        action="cms.draft.items_replace",
        data={},
    )
    # The screen says why this reviewer may not approve …
    body = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "四眼原则" in body and "其他审核人" in body
    # … and a refusal on any path shows that reason, never a bare 403.
    response = approve(client, users["reviewer"], page)
    assert response.status_code == 302
    assert any("四眼原则" in m for m in texts(response))
    response = approve_in_editor(
        client, users["reviewer"], page, effective_from=tomorrow, rows=["甲（审核人改）"]
    )
    assert any("四眼原则" in m for m in texts(response))
    assert ListVersion.objects.count() == 0
    # A second reviewer approves the draft as saved, the first reviewer's edit included.
    response = approve(client, users["reviewer2"], page)
    assert any("已审核通过" in m for m in texts(response))
    version = ListVersion.objects.get()
    assert list(version.items.values_list("name", flat=True)) == ["甲（审核人改）"]
    assert version.published_by == users["reviewer2"]


def test_a_draft_that_cannot_be_published_is_refused_with_its_reason(
    client, site, tomorrow, county_list_in_force
):
    page, users = site["county_list"], site["users"]
    submit(client, users["admin"], page, effective_from=tomorrow, rows=["甲"])
    # Meanwhile a later version is published: the draft's effective date is now too early.
    publish(
        site["tree"]["county"],
        ListKind.TOWNSHIP_BASIC,
        tomorrow + datetime.timedelta(days=5),
        items("另一版"),
    )
    response = approve(client, users["reviewer"], page)
    assert any("生效日期须晚于" in m for m in texts(response)), texts(response)
    assert ListVersion.objects.count() == 2
    assert TaskState.objects.get(status="in_progress")  # nothing half-done: still in review


def test_review_screen_shows_header_and_diff_and_approves(
    client, site, tomorrow, county_list_in_force
):
    page, users = site["county_list"], site["users"]
    later = tomorrow + datetime.timedelta(days=3)
    submit(client, users["admin"], page, effective_from=later, rows=["现行甲", "新增丙"])
    client.force_login(users["reviewer"])
    url = reverse("jianfu:list_review", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("文号", "测委办发〔2026〕9号", "印发机关", "生效日期", "调整类型", "修订说明"):
        assert text in body
    counts = dict(re.findall(r'data-count="([^"]+)">(\d+)<', body))
    # The draft's rows carry no codes: both are new; both items in force are gone.
    assert (counts["新增"], counts["删除"], counts["修改"]) == ("2", "2", "0"), counts
    assert "新增丙" in body and "现行乙" in body
    assert "审核通过并发布" in body
    response = client.post(url, {"action": "approve", "comment": "同意"})
    assert response.status_code == 302
    assert any("第2版" in m for m in texts(response))
    assert TaskState.objects.get(status="approved").comment == "同意"


def test_review_screen_request_changes_with_comment(client, site, tomorrow):
    page, users = site["county_list"], site["users"]
    submit(client, users["admin"], page, effective_from=tomorrow, rows=["甲"])
    client.force_login(users["reviewer"])
    url = reverse("jianfu:list_review", args=[page.pk])
    response = client.post(url, {"action": "reject", "comment": "依据不全"})
    assert any("退回修改" in m for m in texts(response))
    assert TaskState.objects.get(status="rejected").comment == "依据不全"


def test_preview_shows_the_draft_under_a_banner(client, site, tomorrow, county_list_in_force):
    page, users = site["county_list"], site["users"]
    submit(client, users["admin"], page, effective_from=tomorrow, rows=["草稿里的新事项"])
    client.force_login(users["reviewer"])
    body = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])).content.decode()
    assert "草稿预览" in body and "草稿里的新事项" in body and "现行甲" not in body


def test_compare_with_live_is_not_refused(client, site, tomorrow):
    page, users = site["county_list"], site["users"]
    submit(client, users["admin"], page, effective_from=tomorrow, rows=["甲"])
    client.force_login(users["reviewer"])
    response = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", "latest"]),
        follow=True,
    )
    assert response.status_code == 200
    assert "没有权限" not in response.content.decode()
    assert DutyListPage.objects.get(pk=page.pk).live


def test_review_diff_of_an_untouched_copy_shows_no_change(client, site):
    """A draft copied forward unchanged differs in nothing, matching aids (关键词) included:
    the draft's rows carry every compared field of the catalogue, as the version's do."""
    version = publish(
        site["tree"]["county"],
        ListKind.TOWNSHIP_BASIC,
        datetime.date(2025, 1, 1),
        items("现行甲", "现行乙", keywords="低保 救助", phrases="吃低保"),
    )
    page = site["county_list"]
    DutyListPage.objects.filter(pk=page.pk).update(duty_list=version.duty_list)
    page.refresh_from_db()
    client.force_login(site["users"]["admin"])
    client.post(reverse("jianfu:list_copy_forward", args=[page.pk]))
    draft = DutyListPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    _, comparison, _ = review.draft_comparison(page, draft)
    assert not comparison.has_changes, comparison.modified
