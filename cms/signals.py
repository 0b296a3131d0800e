"""Guards on list publication (the work is cms.actions.publish_list), sign-in throttling, and the
generation of the page tree that cached reader pages depend on."""

from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from registry import generations

from .actions.publish_list import NOT_APPROVED
from .middleware import LOGIN_FAILURE_WINDOW, login_failure_key
from .models import DutyListPage


@receiver(page_published, sender=DutyListPage)
def refuse_publish_outside_action(sender, instance: DutyListPage, revision, **kwargs):
    """Guard: a list page is published only by ``cms.actions.publish_list`` (atomic, with
    its version). Any other path is refused before anything is saved by ``refuse_live_change``
    below; this catches one that saved anyway, inside its transaction."""
    if not getattr(instance, "_publishing_through_action", False):
        raise PermissionDenied(NOT_APPROVED)


@receiver(pre_save, sender=DutyListPage)
def refuse_live_change(sender, instance: DutyListPage, **kwargs):
    """A new live revision is only written by the publish action: never a half state."""
    if getattr(instance, "_publishing_through_action", False) or not instance.pk:
        return
    if instance.live_revision_id is None:
        return
    before = (
        DutyListPage.objects.filter(pk=instance.pk)
        .values_list("live_revision_id", flat=True)
        .first()
    )
    if before != instance.live_revision_id:
        raise PermissionDenied(NOT_APPROVED)


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


# What readers see of the page tree changes only when a page goes live or offline, is created
# live (add_child: the demo loader, setup code), moves or is deleted, and when a site changes. A
# draft saved in the admin changes nothing they see, so it does not retire every cached page.
@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
def page_tree_changed(sender, **kwargs):
    generations.bump(Page)


@receiver(post_save)
def page_created_live(sender, instance, created, **kwargs):
    if created and isinstance(instance, Page) and instance.live:
        generations.bump(Page)


generations.track(Site)
