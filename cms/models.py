"""Wagtail pages: the page tree mirrors the regions; each list has a page that is its drafting surface.

The page (and Wagtail's revisions, workflow and audit log on it) owns *who
drafted and approved what*. What was *in force* is owned by
``registry.ListVersion``: publishing a list page creates one through
``registry.services.versions.version_publish`` (see ``cms.signals``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import AbstractGroupApprovalTask, Orderable, Page, TaskState

from registry.columns import ITEM_FIELDS, KIND_COLUMNS
from registry.enums import ChangeType, ListKind
from registry.models import AbstractItemFields, Department, DutyList, Region
from registry.services.versions import ItemData, version_validate

from .public import DutyListPublicMixin, HomePublicMixin, RegionPublicMixin

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


# Item fields every kind shows; the rest follow registry.columns.KIND_COLUMNS.
ALWAYS_SHOWN_ITEM_FIELDS = frozenset({"seq", "code", "name", "applies_to"})


class KindFieldPanel(FieldPanel):
    """An item field shown only for the list kinds that have this column.

    A 300-item list renders a few thousand fields; leaving out the columns a
    kind does not use keeps the editor lighter and clearer.
    """

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            kind = getattr(self.instance, "_list_kind", "")
            hidden = (
                kind
                and self.field_name not in ALWAYS_SHOWN_ITEM_FIELDS
                and self.field_name not in {f for f, _ in KIND_COLUMNS.get(kind, ())}
            )
            return not hidden and super().is_shown()


class DraftItem(Orderable, AbstractItemFields):
    """A draft item of the next version; same field definitions as registry.ListItem."""

    page = ParentalKey("cms.DutyListPage", on_delete=models.CASCADE, related_name="draft_items")

    panels = [
        FieldRowPanel([FieldPanel("seq"), FieldPanel("code"), FieldPanel("applies_to")]),
        FieldRowPanel([KindFieldPanel("domain"), FieldPanel("name")]),
        KindFieldPanel("content"),
        FieldRowPanel([KindFieldPanel("department"), KindFieldPanel("issuer")]),
        KindFieldPanel("department_duty"),
        KindFieldPanel("local_duty"),
        KindFieldPanel("alternative"),
        KindFieldPanel("note"),
        KindFieldPanel("basis"),
        FieldRowPanel([KindFieldPanel("keywords"), KindFieldPanel("phrases")]),
    ]

    @classmethod
    def copy_of(cls, item, *, sort_order: int) -> DraftItem:
        """A draft copy of a published item (or of another draft), stable code included."""
        return cls(sort_order=sort_order, **{f: getattr(item, f) for f in ITEM_FIELDS})

    class Meta(Orderable.Meta):
        verbose_name = "事项"
        verbose_name_plural = "事项"


class DutyListPageForm(WagtailAdminPageForm):
    """Drafts may be incomplete; submitting for review checks everything publishing will."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One department query for the whole list, not one per item (a list has ~300 items),
        # and only the departments of the list's own county.
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        region = getattr(parent.specific, "region", None) if parent else None
        county = (
            next((r for r in region.lineage() if r.level == "county"), None) if region else None
        )
        departments = Department.objects.select_related("county")
        if county is not None:
            departments = departments.filter(county=county)
        choices = [("", "---------"), *((d.pk, d.short_name) for d in departments)]
        formset = self.formsets["draft_items"]
        for form in [*formset.forms, formset.empty_form]:
            field = form.fields["department"]
            field.queryset = departments
            field.widget.choices = choices
            # Read by KindFieldPanel: show only the columns this kind of list has.
            form.instance._list_kind = self.instance.kind

    def is_valid(self):
        # Runs after the draft-item formset is validated (a form's clean() runs before it).
        valid = super().is_valid()
        if valid and any(a in self.data for a in SUBMIT_ACTIONS):
            items = [
                ItemData.from_item(form.instance)
                for form in self.formsets["draft_items"].forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
            duty_list = _duty_list_for(parent.specific, self.cleaned_data.get("kind"))
            try:
                version_validate(
                    duty_list=duty_list,
                    effective_from=self.cleaned_data.get("next_effective_from"),
                    document_no=self.cleaned_data.get("next_document_no"),
                    issuing_body=self.cleaned_data.get("next_issuing_body"),
                    items=items,
                )
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    target = f"next_{field}" if field != "__all__" else None
                    for message in messages:
                        self.add_error(target, message)
                valid = False
        return valid


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
        InlinePanel("draft_items", heading="事项", label="事项"),
    ]
    base_form_class = DutyListPageForm
    parent_page_types = ["cms.RegionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "清单页面"

    def clean(self):
        super().clean()
        parent = self.get_parent()
        if parent is not None:
            siblings = DutyListPage.objects.child_of(parent).filter(kind=self.kind)
            if self.pk:
                siblings = siblings.exclude(pk=self.pk)
            if siblings.exists():
                raise ValidationError({"kind": "该区划已有此类型的清单页面。"})
        if self.duty_list_id and self.duty_list.kind != self.kind:
            raise ValidationError({"kind": "清单已发布，不能更改清单类型。"})

    def validate_next_version(self) -> None:
        """Refuse approval (403 with the reasons) if this draft cannot be published as it stands."""
        try:
            version_validate(
                duty_list=_duty_list_for(self.get_parent().specific, self.kind),
                effective_from=self.next_effective_from,
                document_no=self.next_document_no,
                issuing_body=self.next_issuing_body,
                items=self.draft_item_data(),
            )
        except ValidationError as exc:
            raise PermissionDenied("无法审核通过：" + "；".join(exc.messages))

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

    def draft_item_data(self) -> list[ItemData]:
        return [ItemData.from_item(item) for item in self.draft_items.all()]


class FourEyesApprovalTask(AbstractGroupApprovalTask):
    """Group approval in which nobody approves a revision they edited themselves (四眼原则)."""

    class Meta:
        verbose_name = "四眼审核"
        verbose_name_plural = "四眼审核"

    @staticmethod
    def _last_editor_id(obj) -> int | None:
        revision = obj.get_latest_revision()
        return revision.user_id if revision else None

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if user.pk is not None and user.pk == self._last_editor_id(obj):
            # The last editor may still withdraw the request, never approve it.
            return [a for a in actions if a[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            editor_id = task_state.revision.user_id
            latest_editor = self._last_editor_id(task_state.workflow_state.content_object)
            if user.pk in (editor_id, latest_editor):
                raise PermissionDenied(
                    "四眼原则：最后编辑人不能审核通过自己编辑的内容，请由其他审核人审核。"
                )
            page = task_state.workflow_state.content_object.get_latest_revision_as_object()
            if isinstance(page, DutyListPage):
                page.validate_next_version()
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "由所选用户组成员审核；最后编辑人不能审核通过自己的修改。"


def revision_approver(revision):
    """Who approved ``revision`` in a workflow, if it was someone other than its editor."""
    state = (
        TaskState.objects.filter(revision=revision, status=TaskState.STATUS_APPROVED)
        .exclude(finished_by__isnull=True)
        .exclude(finished_by_id=revision.user_id)
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )
    return state.finished_by if state else None


def protected_list_pages(page: Page) -> list[DutyListPage]:
    """List pages at or below ``page`` whose list has published versions."""
    return list(
        DutyListPage.objects.filter(path__startswith=page.path, duty_list__versions__isnull=False)
        .distinct()
        .order_by("path")
    )
