"""The list page editor as it was before the table editor (issue 9), kept only as a baseline.

``bench_admin_edit.py`` swaps this edit handler in to measure the old inline panel of draft
items against the table editor in the same run. Nothing in the product imports it.
"""

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    ObjectList,
    TabbedInterface,
)

from cms.editor.panels import DraftItemsPanel
from cms.models import DutyListPage
from registry.columns import KIND_COLUMNS
from registry.models import Department

ALWAYS_SHOWN_ITEM_FIELDS = frozenset({"seq", "code", "name", "applies_to"})


class KindFieldPanel(FieldPanel):
    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            kind = getattr(self.instance, "_list_kind", "")
            hidden = (
                kind
                and self.field_name not in ALWAYS_SHOWN_ITEM_FIELDS
                and self.field_name not in {f for f, _ in KIND_COLUMNS.get(kind, ())}
            )
            return not hidden and super().is_shown()


ITEM_PANELS = [
    FieldRowPanel([FieldPanel("seq"), FieldPanel("code"), FieldPanel("applies_to")]),
    FieldRowPanel([KindFieldPanel("domain"), FieldPanel("name")]),
    KindFieldPanel("content"),
    FieldRowPanel([KindFieldPanel("department"), KindFieldPanel("issuer")]),
    KindFieldPanel("department_duty"),
    KindFieldPanel("local_duty"),
    KindFieldPanel("alternative"),
    KindFieldPanel("note"),
    KindFieldPanel("basis"),
]


class LegacyDutyListPageForm(WagtailAdminPageForm):
    """One department query per form, kind-specific columns (the old optimisations)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.select_related("county")
        choices = [("", "---------"), *((d.pk, d.short_name) for d in departments)]
        formset = self.formsets["draft_items"]
        for form in [*formset.forms, formset.empty_form]:
            field = form.fields["department"]
            field.queryset = departments
            field.widget.choices = choices
            form.instance._list_kind = self.instance.kind


def legacy_edit_handler():
    content = [p for p in DutyListPage.content_panels if not isinstance(p, DraftItemsPanel)]
    content.append(InlinePanel("draft_items", heading="事项", label="事项", panels=ITEM_PANELS))
    return TabbedInterface(
        [
            ObjectList(content, heading="内容"),
            ObjectList(DutyListPage.promote_panels, heading="推广"),
            ObjectList(DutyListPage.settings_panels, heading="设置"),
        ],
        base_form_class=LegacyDutyListPageForm,
    ).bind_to_model(DutyListPage)
