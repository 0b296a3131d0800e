"""The page editor's link to the table editor, in place of an inline panel of hundreds of items."""

from wagtail.admin.panels import Panel


class DraftItemsPanel(Panel):
    """Shows how many items the draft has and links to the table editor."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/editor/draft_items_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["page_id"] = page.pk
            context["item_count"] = len(page.draft_items.all()) if page.pk else 0
            return context
