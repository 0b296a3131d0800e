"""Publish one reviewed revision of a list page: page live + ``ListVersion`` + audit entry, atomically.

Every path that publishes a ``DutyListPage`` revision ends here (``DutyListPage.publish``
delegates to this action): the review workflow's finish step, Wagtail's
``publish_scheduled`` command, a shell. ``check()`` refuses a revision that no other
user approved, or that cannot be published as it stands, with a Chinese reason.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.log_actions import log
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms import notifications
from registry.columns import ITEM_FIELDS
from registry.services.regions import duty_list_get_or_create
from registry.services.versions import version_publish

logger = logging.getLogger(__name__)

NOT_APPROVED = "清单须经“清单审核”流程由编辑人以外的审核人审核通过后方可发布。"


# What a draft item row holds besides its page: compared to decide which rows to update.
ROW_FIELDS = [*(f if f != "department" else "department_id" for f in ITEM_FIELDS), "sort_order"]


def write_live_items(page) -> None:
    """Make the page's ``DraftItem`` rows the items of the revision being published.

    ``page`` is the revision as an object: its items are in memory (modelcluster). Instead
    of modelcluster's commit on ``page.save()`` (one DELETE or INSERT/UPDATE per item), the
    rows are written with one query per kind of change: removed rows deleted, changed rows
    updated, new items inserted (an item remembering a row of another page, e.g. in a copied
    revision, is inserted as new). Afterwards ``page.draft_items`` reads the database again.
    """
    from cms.models import DraftItem

    items = list(page.draft_items.all())
    page._cluster_related_objects.pop("draft_items", None)  # save() leaves the items alone
    rows = {row.pk: row for row in DraftItem.objects.filter(page_id=page.pk)}
    kept = {item.pk for item in items if item.pk in rows}
    gone = [pk for pk in rows if pk not in kept]
    if gone:
        DraftItem.objects.filter(pk__in=gone).delete()
    changed, new = [], []
    for item in items:
        item.page_id = page.pk
        if item.pk in kept:
            row = rows[item.pk]
            if any(getattr(item, f) != getattr(row, f) for f in ROW_FIELDS):
                changed.append(item)
        else:
            item.pk = None
            new.append(item)
    if changed:
        DraftItem.objects.bulk_update(changed, [*ITEM_FIELDS, "sort_order"])
    if new:
        DraftItem.objects.bulk_create(new)


class PublishListRefused(PermissionDenied):
    """Publishing refused; ``str(exc)`` is the Chinese reason shown to the user."""


class PublishListAction(PublishPageRevisionAction):
    """Wagtail's page publish plus the registry version, in one transaction.

    A list has one schedule, its ``effective_from``: the revision is published
    now (any go-live or expiry date in it is dropped) and the version waits for
    its effective date in the registry.
    """

    def __init__(self, revision, user=None, changed=True, log_action=True, previous_revision=None):
        super().__init__(
            revision,
            user=user,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
        )
        self.object.go_live_at = None
        self.object.expire_at = None
        # The registry list as stored, not as the revision remembers it (a revision saved
        # before the first publication, or copied from another page, names none or another).
        self.object.duty_list_id = (
            type(self.object)
            .objects.filter(pk=self.object.pk)
            .values_list("duty_list_id", flat=True)
            .first()
        )
        self.approver = None

    def check(self, skip_permission_checks=False):
        from cms.models import revision_approver

        self.approver = revision_approver(self.revision)
        if self.approver is None:
            raise PublishListRefused(NOT_APPROVED)
        # Read once (saving the page below turns the items into database rows).
        self.items = self.object.draft_item_data()
        try:
            self.object.validate_next_version(reason="无法审核通过", items=self.items)
        except ValidationError as exc:
            raise PublishListRefused("；".join(exc.messages)) from exc

    def execute(self, skip_permission_checks=False):
        self.check()
        page = self.object
        with transaction.atomic():
            page._publishing_through_action = True
            try:
                # Wagtail would save the live page's ~340 draft items one at a time (and
                # re-index the page's references after each): write them in bulk first,
                # then let the page save without its items, and index once.
                with disable_reference_index_auto_update():
                    write_live_items(page)
                    self._publish_revision(
                        self.revision,
                        page,
                        user=self.user or self.approver,
                        changed=self.changed,
                        log_action=self.log_action,
                        previous_revision=self.previous_revision,
                    )
                ReferenceIndex.create_or_update_for_object(page)
            finally:
                page._publishing_through_action = False
            region = page.get_parent().specific.region
            duty_list = duty_list_get_or_create(region=region, kind=page.kind)
            if page.duty_list_id != duty_list.pk:
                type(page).objects.filter(pk=page.pk).update(duty_list=duty_list)
                page.duty_list = duty_list
            version = version_publish(
                duty_list=duty_list,
                effective_from=page.next_effective_from,
                document_no=page.next_document_no,
                issuing_body=page.next_issuing_body,
                change_note=page.next_change_note,
                change_type=page.next_change_type,
                items=self.items,
                published_by=self.approver,
                source_revision_id=self.revision.pk,
            )
            log(
                instance=page,
                action="registry.version.publish",
                user=self.approver,
                revision=self.revision,
                data={
                    "version": version.number,
                    "effective_from": version.effective_from.isoformat(),
                    "items": len(self.items),
                },
            )
            notifications.version_published(page, version)
        logger.info("Published list %s version %s", page.pk, version.number)
        return version
