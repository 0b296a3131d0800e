"""Wagtail pages: the page tree mirrors the regions; each list has a page that is its drafting surface.

The page (and Wagtail's revisions, workflow and audit log on it) owns *who
drafted and approved what*. What was *in force* is owned by
``registry.ListVersion``: publishing a list page creates one through
``registry.services.versions.version_publish`` (see ``cms.signals``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.log_actions import log
from wagtail.models import Page, Revision

from registry.enums import ChangeType, ListKind
from registry.models import Department, DutyList, Region
from registry.services.versions import ItemData, version_validate

from ..editor.panels import DraftItemsPanel
from ..public import DutyListPublicMixin, HomePublicMixin, RegionPublicMixin

# Buttons of the page editor that end up publishing or submitting for review.
SUBMIT_ACTIONS = ("action-submit", "action-publish", "action-workflow-action")


class HomePage(HomePublicMixin, Page):
    intro = models.TextField("简介", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["cms.RegionPage"]
    max_count = 1

    class Meta:
        verbose_name = "首页"


class RegionPage(RegionPublicMixin, Page):
    """One page per region; Wagtail page permissions on it scope editing to that subtree."""

    region = models.OneToOneField(
        Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="page"
    )

    content_panels = [*Page.content_panels, FieldPanel("region")]
    parent_page_types = ["cms.HomePage", "cms.RegionPage"]
    subpage_types = ["cms.RegionPage", "cms.DutyListPage"]

    class Meta:
        verbose_name = "区划页面"


class DutyListPageForm(WagtailAdminPageForm):
    """The draft's header; items are edited in the table editor (cms.editor), not here.

    Drafts may be incomplete; submitting for review checks everything publishing will,
    on the items of the draft being edited (the latest revision, which the form's
    instance was loaded from).
    """

    def is_valid(self):
        valid = super().is_valid()
        if valid and any(a in self.data for a in SUBMIT_ACTIONS):
            parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
            duty_list = _duty_list_for(parent.specific, self.cleaned_data.get("kind"))
            try:
                version_validate(
                    duty_list=duty_list,
                    effective_from=self.cleaned_data.get("next_effective_from"),
                    document_no=self.cleaned_data.get("next_document_no"),
                    issuing_body=self.cleaned_data.get("next_issuing_body"),
                    items=self.instance.draft_item_data(),
                )
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    target = f"next_{field}" if field != "__all__" else None
                    for message in messages:
                        self.add_error(target, message)
                valid = False
        return valid


class DutyListPageCopyForm(CopyForm):
    """A copy of a list page is a new draft list in another region, never a published one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Publishing is the review workflow's; an alias would be a second page for one list.
        self.fields.pop("publish_copies", None)
        self.fields.pop("alias", None)

    def clean(self):
        cleaned_data = super().clean()
        parent = cleaned_data.get("new_parent_page") or self.page.get_parent()
        kind = self.page.specific.kind
        if not isinstance(parent.specific, RegionPage):
            self.add_error("new_parent_page", "清单页面只能复制到区划页面下。")
        elif DutyListPage.objects.child_of(parent).filter(kind=kind).exists():
            self.add_error(
                "new_parent_page",
                f"“{parent.title}”已有{ListKind(kind).label}页面，每个区划每类清单只有一个页面；"
                "请选择其他区划，或在原页面上起草新版本。",
            )
        return cleaned_data


def _duty_list_for(region_page, kind: str) -> DutyList:
    """The list this page drafts (unsaved if it does not exist yet: it is created on publish)."""
    existing = DutyList.objects.filter(region=region_page.region, kind=kind).first()
    return existing or DutyList(region=region_page.region, kind=kind)


class DutyListPage(DutyListPublicMixin, Page):
    """The drafting surface of one list: header of the next version plus its draft items."""

    kind = models.CharField("清单类型", max_length=32, choices=ListKind.choices)
    duty_list = models.OneToOneField(
        DutyList,
        verbose_name="登记清单",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="page",
    )
    next_document_no = models.CharField("文号", max_length=128, blank=True)
    next_issuing_body = models.CharField("印发机关", max_length=128, blank=True)
    next_effective_from = models.DateField(
        "生效日期",
        null=True,
        blank=True,
        help_text="审核通过后，自该日起施行；此前上一版继续有效。",
    )
    next_change_type = models.CharField(
        "调整类型", max_length=16, choices=ChangeType.choices, default=ChangeType.SUBSTANTIVE
    )
    next_change_note = models.TextField("修订说明", blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("next_document_no"), FieldPanel("next_issuing_body")]),
                FieldRowPanel([FieldPanel("next_effective_from"), FieldPanel("next_change_type")]),
                FieldPanel("next_change_note"),
            ],
            heading="下一版本",
        ),
        # Hundreds of items: edited in the table editor (cms.editor), linked from here.
        DraftItemsPanel(heading="事项"),
    ]
    # effective_from is the only schedule of a list: no "go live at" / "expire at" panel.
    settings_panels = [
        p for p in Page.settings_panels if "PublishingPanel" not in getattr(p, "path", "")
    ]
    base_form_class = DutyListPageForm
    copy_form_class = DutyListPageCopyForm
    parent_page_types = ["cms.RegionPage"]
    subpage_types: list[str] = []
    # A copy is a new, unpublished list page: it drafts its own list.
    exclude_fields_in_copy = ["duty_list"]

    class Meta:
        verbose_name = "清单页面"

    def clean(self):
        super().clean()
        # A published list never expires and is never scheduled by Wagtail (see publish()).
        self.go_live_at = None
        self.expire_at = None
        parent = self.get_parent()
        if parent is not None:
            siblings = DutyListPage.objects.child_of(parent).filter(kind=self.kind)
            if self.pk:
                siblings = siblings.exclude(pk=self.pk)
            if siblings.exists():
                raise ValidationError({"kind": "该区划已有此类型的清单页面。"})
        if self.duty_list_id and self.duty_list.kind != self.kind:
            raise ValidationError({"kind": "清单已发布，不能更改清单类型。"})

    def validate_next_version(self, reason: str = "无法审核通过", items=None) -> None:
        """Raise ValidationError ("<reason>：…" in Chinese) if this draft cannot be published."""
        try:
            version_validate(
                duty_list=_duty_list_for(self.get_parent().specific, self.kind),
                effective_from=self.next_effective_from,
                document_no=self.next_document_no,
                issuing_body=self.next_issuing_body,
                items=self.draft_item_data() if items is None else items,
            )
        except ValidationError as exc:
            raise ValidationError(f"{reason}：" + "；".join(exc.messages)) from exc

    def publish(
        self,
        revision,
        user=None,
        changed=True,
        log_action=True,
        previous_revision=None,
        skip_permission_checks=False,
    ):
        """Every publication of a list goes through ``cms.actions.publish_list``.

        Wagtail's ``publish_scheduled`` command refuses quietly (audit entry,
        schedule cleared) so that it goes on with the other scheduled pages.
        """
        from cms.actions.publish_list import PublishListAction, PublishListRefused

        action = PublishListAction(
            revision,
            user=user,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
        )
        if log_action != "wagtail.publish.scheduled":
            return action.execute()
        try:
            with transaction.atomic():
                return action.execute()
        except PublishListRefused as exc:
            Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
            log(
                instance=self,
                action="cms.list.schedule_refused",
                revision=revision,
                data={"reason": str(exc)},
            )
            return None

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        """Load a revision without one query per item.

        modelcluster checks each child's foreign keys one query at a time (two
        per item here: the page and the department). Check the departments in
        one query instead, with the same outcome: a department that no longer
        exists is cleared.
        """
        page = super().from_serializable_data(data, check_fks=False, strict_fks=strict_fks)
        if page is not None and check_fks:
            items = list(page.draft_items.all())
            wanted = {i.department_id for i in items if i.department_id}
            found = {d.pk: d for d in Department.objects.filter(pk__in=wanted)}
            for item in items:
                if item.department_id:
                    item.department = found.get(item.department_id)
        return page

    def serve_preview(self, request, mode_name):
        """预览: the draft as the public will see it, under a 草稿预览 banner (not the live version).

        A derived list's draft (adjustments to the list above: registry.layers) is shown as its
        unit would carry it once published: the source in force with the draft applied, each
        item marked with its provenance, and the excluded items with their reasons."""
        from django.template.response import TemplateResponse

        from ..draft_layers import draft_unit_list
        from ..public_render import item_groups_html
        from ..review import draft_item_dicts

        listed = draft_unit_list(self)
        items = listed.items if listed else draft_item_dicts(self)
        return TemplateResponse(
            request,
            "cms/draft_preview.html",
            {
                "page": self,
                "listed": listed,
                "item_count": len(items),
                "groups_html": item_groups_html(
                    kind=self.kind,
                    items=items,
                    page_title=self.title,
                    document_no=self.next_document_no or "文号未填写",
                    permalink="",  # a draft has no public address to cite yet
                    provenance=listed is not None,
                ),
            },
        )

    def draft_item_data(self) -> list[ItemData]:
        return [ItemData.from_item(item) for item in self.draft_items.all()]


def protected_list_pages(page: Page) -> list[DutyListPage]:
    """List pages at or below ``page`` whose list has published versions."""
    return list(
        DutyListPage.objects.filter(path__startswith=page.path, duty_list__versions__isnull=False)
        .distinct()
        .order_by("path")
    )
