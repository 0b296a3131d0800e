"""Admin screens for master data (regions, departments), scoped to the user's county."""

from wagtail.admin.viewsets.model import ModelViewSetGroup

from registry.models import Department, Region
from registry.scoped_views import ScopedInspectView, ScopedModelViewSet

from .permissions import user_counties, user_departments, user_regions


class EmptyAsDashInspectView(ScopedInspectView):
    """Wagtail's inspect view prints an empty foreign key as "None"."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None else value


class MasterDataViewSet(ScopedModelViewSet):
    """Departments and regions: inspected through the form's fields, never copied."""

    add_to_admin_menu = False
    inspect_view_enabled = True
    inspect_view_class = EmptyAsDashInspectView
    copy_view_enabled = False

    @property
    def inspect_view_fields(self):
        return self.form_fields  # not the database id


class DepartmentViewSet(MasterDataViewSet):
    model = Department
    icon = "group"
    menu_label = "部门"
    list_display = ["short_name", "name", "code", "kind", "county"]
    list_filter = ["kind"]
    search_fields = ["short_name", "name", "code"]
    form_fields = ["county", "code", "name", "short_name", "kind"]

    # Only the user's counties, in the list and every object view, and as the 所属县 choice.
    def scope_rows(self, user, queryset):
        return queryset.filter(pk__in=user_departments(user).values("pk"))

    def scope_choices(self, user) -> dict:
        counties = [c.pk for c in user_counties(user)]
        return {"county": Region.objects.counties().filter(pk__in=counties)}


class RegionViewSet(MasterDataViewSet):
    model = Region
    icon = "site"
    menu_label = "行政区划"
    list_display = ["code", "name", "level", "unit_type", "parent"]
    list_filter = ["level", "unit_type"]
    search_fields = ["code", "name"]
    form_fields = ["code", "name", "level", "unit_type", "parent"]

    # A county role sees its county and the regions below it; a city role every county's.
    def scope_rows(self, user, queryset):
        return queryset.filter(pk__in=user_regions(user).values("pk"))

    def scope_choices(self, user) -> dict:
        return {"parent": user_regions(user)}


class RegistryViewSetGroup(ModelViewSetGroup):
    menu_label = "清单登记"
    menu_icon = "list-ul"
    menu_order = 200
    submenu_hook = "register_registry_menu_item"  # e.g. 导入区划/部门 (cms.master_import_views)
    items = (DepartmentViewSet("departments"), RegionViewSet("regions"))
