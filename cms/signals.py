"""Publishing a list page creates the registry version, whichever path published it."""

from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from wagtail.signals import page_published

from registry.services.regions import duty_list_get_or_create
from registry.services.versions import version_publish

from .middleware import LOGIN_FAILURE_WINDOW, login_failure_key
from .models import DutyListPage, revision_approver


@receiver(page_published, sender=DutyListPage)
def create_version_on_publish(sender, instance: DutyListPage, revision, **kwargs):
    # Defence in depth: the editor's publish button is removed and blocked
    # (cms.wagtail_hooks); this refuses any other path, e.g. a shell or a
    # scheduled publish of a revision that was never reviewed.
    approver = revision_approver(revision)
    if approver is None:
        raise PermissionDenied("清单须经“清单审核”流程由编辑人以外的审核人审核通过后方可发布。")
    region = instance.get_parent().specific.region
    duty_list = duty_list_get_or_create(region=region, kind=instance.kind)
    if instance.duty_list_id != duty_list.pk:
        DutyListPage.objects.filter(pk=instance.pk).update(duty_list=duty_list)
        instance.duty_list = duty_list
    version_publish(
        duty_list=duty_list,
        effective_from=instance.next_effective_from,
        document_no=instance.next_document_no,
        issuing_body=instance.next_issuing_body,
        change_note=instance.next_change_note,
        change_type=instance.next_change_type,
        items=instance.draft_item_data(),
        published_by=approver,
        source_revision_id=revision.pk,
    )


@receiver(user_login_failed)
def count_login_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    key = login_failure_key(request, credentials.get("username", ""))
    if not cache.add(key, 1, timeout=LOGIN_FAILURE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 1, timeout=LOGIN_FAILURE_WINDOW)
