"""Admin screens for master data (regions, departments), scoped to the user's county."""

from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from registry.models import Department, Region

from .permissions import user_counties


class CountyScopedMixin:
    def scope(self, queryset):
        user = self.request.user
        if user.is_superuser:
            return queryset
        counties = user_counties(user)
        return queryset.filter(**{self.county_lookup: counties})


def _scoped(view_class, county_lookup: str):
    """A subclass of a generic view whose queryset is limited to the user's counties."""

    class Scoped(CountyScopedMixin, view_class):
        def get_base_queryset(self):
            return self.scope(super().get_base_queryset())

        def get_queryset(self):
            return self.scope(super().get_queryset())

    Scoped.county_lookup = county_lookup
    Scoped.__name__ = f"Scoped{view_class.__name__}"
    return Scoped


class EmptyAsDashInspectView(InspectView):
    """Wagtail's inspect view prints an empty foreign key as "None"."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None else value


class DepartmentViewSet(ModelViewSet):
    model = Department
    icon = "group"
    menu_label = "部门"
    add_to_admin_menu = False
    list_display = ["short_name", "name", "code", "kind", "county"]
    list_filter = ["kind"]
    search_fields = ["short_name", "name", "code"]
    form_fields = ["county", "code", "name", "short_name", "kind"]
    inspect_view_enabled = True
    inspect_view_fields = form_fields  # not the database id
    inspect_view_class = EmptyAsDashInspectView
    copy_view_enabled = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.index_view_class = _scoped(self.index_view_class, "county__in")
        self.edit_view_class = _scoped(self.edit_view_class, "county__in")
        self.inspect_view_class = _scoped(self.inspect_view_class, "county__in")
        self.delete_view_class = _scoped(self.delete_view_class, "county__in")


class RegionViewSet(ModelViewSet):
    model = Region
    icon = "site"
    menu_label = "行政区划"
    add_to_admin_menu = False
    list_display = ["code", "name", "level", "unit_type", "parent"]
    list_filter = ["level", "unit_type"]
    search_fields = ["code", "name"]
    form_fields = ["code", "name", "level", "unit_type", "parent"]
    inspect_view_enabled = True
    inspect_view_fields = form_fields  # not the database id
    inspect_view_class = EmptyAsDashInspectView
    copy_view_enabled = False


class RegistryViewSetGroup(ModelViewSetGroup):
    menu_label = "清单登记"
    menu_icon = "list-ul"
    menu_order = 200
    submenu_hook = "register_registry_menu_item"  # e.g. 导入区划/部门 (cms.master_import_views)
    items = (DepartmentViewSet("departments"), RegionViewSet("regions"))
