"""The 清单审核 workflow: four-eyes approval, publishing into the registry, no direct publish."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms import drafts
from cms.models import DraftItem, DutyListPage
from registry.models import ListItem, ListVersion
from tests.factories import make_user


def edit_data(page, *, action, effective_from, rows, document_no="测委办发〔2026〕9号"):
    # The page form edits the header only; the items go through cms.drafts (the table editor's
    # way). ``rows=None``: the form alone (e.g. what a reviewer's open editor posts).
    if rows is not None:
        drafts.draft_items_replace(
            page=page,
            user=None,
            items=[
                DraftItem(seq=i, name=name, applies_to="全部", content=f"{name}的内容")
                for i, name in enumerate(rows, start=1)
            ],
            action="cms.draft.items_replace",
            data={},
        )
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "kind": page.kind,
            "next_document_no": document_no,
            "next_issuing_body": "测试县委办公室",
            "next_effective_from": effective_from.isoformat() if effective_from else "",
            "next_change_type": "substantive",
            "next_change_note": "年度调整",
            "comments": inline_formset([]),
            action: "1",
        }
    )


def submit(client, user, page, **kwargs):
    client.force_login(user)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_data(page, action="action-submit", **kwargs),
    )
    return response


def approve(client, user, page):
    client.force_login(user)
    task_state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status="in_progress")
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
    )


@pytest.fixture
def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def test_reviewer_approval_publishes_an_immutable_version(client, site, tomorrow):
    page, users = site["county_list"], site["users"]
    response = submit(
        client, users["admin"], page, effective_from=tomorrow, rows=["新事项甲", "新事项乙"]
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ListVersion.objects.count() == 0  # submitted, not published

    response = approve(client, users["reviewer"], page)
    assert response.status_code in (200, 302)
    version = ListVersion.objects.get()
    assert version.number == 1
    assert version.effective_from == tomorrow
    assert version.document_no == "测委办发〔2026〕9号"
    assert version.published_by == users["reviewer"]
    assert list(version.items.values_list("name", flat=True)) == ["新事项甲", "新事项乙"]
    page = DutyListPage.objects.get(pk=page.pk)
    assert page.duty_list == version.duty_list
    assert version.source_revision_id == page.live_revision_id
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions


def test_last_editor_cannot_approve_their_own_edit(client, site, tomorrow):
    page, both = site["county_list"], site["users"]["both"]
    assert submit(client, both, page, effective_from=tomorrow, rows=["甲"]).status_code == 302
    task_state = TaskState.objects.get(status="in_progress").specific
    live = DutyListPage.objects.get(pk=page.pk)
    actions = [a[0] for a in task_state.task.specific.get_actions(live, both)]
    assert "approve" not in actions and "reject" in actions
    # The admin refuses the action it does not offer …
    response = approve(client, both, page)
    assert response.status_code in (302, 403)
    assert ListVersion.objects.count() == 0
    assert TaskState.objects.get(pk=task_state.pk).status == "in_progress"
    # … and the task itself refuses it on any other path.
    with pytest.raises(PermissionDenied, match="四眼原则"):
        task_state.task.specific.on_action(task_state, both, "approve")
    assert ListVersion.objects.count() == 0
    # Another reviewer may approve the same revision.
    approve(client, site["users"]["reviewer2"], page)
    assert ListVersion.objects.count() == 1


def test_direct_publish_is_refused_for_list_pages(client, site, tomorrow):
    # Even a superuser, who holds publish permission everywhere, cannot bypass the review.
    page, admin = site["county_list"], make_user("root", superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_data(page, action="action-publish", effective_from=tomorrow, rows=["甲"]),
        follow=True,
    )
    assert "清单须提交“清单审核”流程" in response.content.decode()
    assert ListVersion.objects.count() == 0
    # The publish button is not offered at all.
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert 'name="action-publish"' not in response.content.decode()
    assert 'name="action-submit"' in response.content.decode()


def test_submission_is_validated_like_publication(client, site):
    page, admin = site["county_list"], site["users"]["admin"]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = submit(client, admin, page, effective_from=yesterday, rows=["甲"], document_no="")
    assert response.status_code == 200
    body = response.content.decode()
    assert "生效日期不能早于今天" in body and "请填写文号" in body
    assert not TaskState.objects.exists()


def test_drafts_may_be_incomplete(client, site):
    page, admin = site["county_list"], site["users"]["admin"]
    client.force_login(admin)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_data(page, action="action-save", effective_from=None, rows=["甲"], document_no=""),
    )
    assert response.status_code == 302


def test_published_version_is_untouched_by_later_edits(client, site, tomorrow):
    page, users = site["county_list"], site["users"]
    submit(client, users["admin"], page, effective_from=tomorrow, rows=["原事项"])
    approve(client, users["reviewer"], page)
    version = ListVersion.objects.get()
    client.force_login(users["admin"])
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_data(page, action="action-save", effective_from=tomorrow, rows=["改写后的事项"]),
    )
    assert list(ListItem.objects.filter(version=version).values_list("name", flat=True)) == [
        "原事项"
    ]
    # The registry has no admin edit or delete screen for versions.
    client.force_login(users["admin"])
    assert client.get(f"/admin/registry/listversion/{version.pk}/edit/").status_code == 404


def test_future_version_waits_while_previous_stays_in_force(client, site, county_list_in_force):
    from registry.selectors import version_in_force

    page, users = site["county_list"], site["users"]
    later = timezone.localdate() + datetime.timedelta(days=20)
    submit(client, users["admin"], page, effective_from=later, rows=["将来事项"])
    approve(client, users["reviewer"], page)
    duty_list = county_list_in_force.duty_list
    assert version_in_force(duty_list=duty_list).number == 1
    assert version_in_force(duty_list=duty_list, on=later).number == 2
