"""The submitter of a list draft is told when it is approved, sent back, published and in force.

Told twice: by email (Django's mail; sent after the transaction commits) and in the admin
(the dashboard's 我的草稿 panel, ``cms.dashboard``). "In force" is noticed by the daily
``manage.py notify_effective`` command, which marks each version it announced in the
page's audit log so that it is announced once.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import PageLogEntry, TaskState
from wagtail.signals import task_approved, task_rejected

from registry.models import ListVersion

from .models import DutyListPage

EFFECTIVE_ACTION = "registry.version.effective"


def notify(user, subject: str, body: str) -> None:
    if user is None or not user.email:
        return
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/"
    transaction.on_commit(
        lambda: send_mail(
            f"【基层减负清单】{subject}", f"{body}\n\n管理后台：{url}", None, [user.email]
        )
    )


def _list_page(task_state) -> DutyListPage | None:
    page = task_state.workflow_state.content_object
    return page.specific if isinstance(page.specific, DutyListPage) else None


@receiver(task_approved)
@receiver(task_rejected)
def draft_reviewed(sender, instance, user=None, **kwargs):
    """Approved or sent back: the submitter hears the outcome and the reviewer's comment."""
    page = _list_page(instance)
    if page is None:
        return
    approved = instance.status == TaskState.STATUS_APPROVED
    outcome = "已审核通过" if approved else "被退回修改"
    notify(
        instance.workflow_state.requested_by,
        f"“{page.title}”草稿{outcome}",
        f"{user or '审核人'}：你提交的“{page.title}”草稿{outcome}。"
        + (f"\n审核意见：{instance.comment}" if instance.comment else "")
        + ("" if approved else "\n请在编辑器中修改后重新提交审核。"),
    )


def submitter_of(revision_id: int | None):
    state = (
        TaskState.objects.filter(revision_id=revision_id)
        .select_related("workflow_state__requested_by")
        .order_by("-pk")
        .first()
    )
    return state.workflow_state.requested_by if state else None


def version_published(page: DutyListPage, version: ListVersion) -> None:
    notify(
        submitter_of(version.source_revision_id),
        f"“{page.title}”第{version.number}版已发布",
        f"“{page.title}”第{version.number}版（{version.document_no}）已发布，"
        f"自{version.effective_from:%Y年%m月%d日}起施行。",
    )


def announce_effective(on=None) -> int:
    """Tell submitters of versions that came into force on or before ``on``; once each."""
    on = on or timezone.localdate()
    announced = set(
        PageLogEntry.objects.filter(action=EFFECTIVE_ACTION).values_list(
            "data__version_id", flat=True
        )
    )
    count = 0
    for version in (
        ListVersion.objects.filter(effective_from__lte=on, source_revision_id__isnull=False)
        .exclude(pk__in=[v for v in announced if v])
        .select_related("duty_list")
    ):
        page = DutyListPage.objects.filter(duty_list=version.duty_list).first()
        if page is None:
            continue
        log(
            instance=page,
            action=EFFECTIVE_ACTION,
            data={"version_id": version.pk, "version": version.number},
        )
        notify(
            submitter_of(version.source_revision_id),
            f"“{page.title}”第{version.number}版已生效",
            f"“{page.title}”第{version.number}版（{version.document_no}）"
            f"自{version.effective_from:%Y年%m月%d日}起施行，公众页面已显示该版本。",
        )
        count += 1
    return count
