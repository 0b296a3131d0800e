"""The submitter hears of every outcome; the dashboard shows 待我审核 and 我的草稿."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from cms.notifications import announce_effective
from tests.cms.test_workflow import approve, submit


@pytest.fixture
def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def with_emails(site):
    for user in site["users"].values():
        user.email = f"{user.username}@example.org"
        user.save()
    return site


def subjects_to(address):
    return [m.subject for m in mail.outbox if address in m.to]


def test_submitter_is_emailed_when_approved_published_and_in_force(
    client, with_emails, tomorrow, django_capture_on_commit_callbacks
):
    site = with_emails
    page, users = site["county_list"], site["users"]
    submit(client, users["admin"], page, effective_from=tomorrow, rows=["甲"])
    with django_capture_on_commit_callbacks(execute=True):
        approve(client, users["reviewer"], page)
    subjects = subjects_to("county_admin@example.org")
    assert any("已审核通过" in s for s in subjects), subjects
    assert any("第1版已发布" in s for s in subjects), subjects
    # Not yet in force: the daily command says nothing; on the day it tells once.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_effective")
    assert not any("已生效" in s for s in subjects_to("county_admin@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        assert announce_effective(on=tomorrow) == 1
        assert announce_effective(on=tomorrow) == 0
    assert sum("已生效" in s for s in subjects_to("county_admin@example.org")) == 1


def test_submitter_is_emailed_and_shown_when_sent_back(
    client, with_emails, tomorrow, django_capture_on_commit_callbacks
):
    site = with_emails
    page, users = site["county_list"], site["users"]
    submit(client, users["admin"], page, effective_from=tomorrow, rows=["甲"])
    client.force_login(users["reviewer"])
    task_state = TaskState.objects.get(status="in_progress")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk]),
            {"comment": "请补充依据"},
        )
    sent = [m for m in mail.outbox if "county_admin@example.org" in m.to and "退回" in m.subject]
    assert sent and "请补充依据" in sent[0].body
    client.force_login(users["admin"])
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "我的草稿" in body and "已退回修改" in body and "请补充依据" in body


def test_dashboard_panels_count_and_empty_state(client, site, tomorrow):
    page, users = site["county_list"], site["users"]
    client.force_login(users["reviewer"])
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "待我审核" in body and "我的草稿" in body and "暂无待办" in body
    submit(client, users["admin"], page, effective_from=tomorrow, rows=["甲"])
    client.force_login(users["reviewer"])
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-count="review">1<' in body
    assert reverse("jianfu:list_review", args=[page.pk]) in body
    client.force_login(users["admin"])
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-count="drafts">1<' in body and "审核中" in body
