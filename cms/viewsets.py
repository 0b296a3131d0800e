"""Admin screens for master data (regions, departments), scoped to the user's county."""

from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from registry.models import Department, Region
from registry.scoped_views import scope_viewset

from .permissions import user_counties, user_departments, user_regions


def _county_choices(user) -> dict:
    return {"county": Region.objects.counties().filter(pk__in=[c.pk for c in user_counties(user)])}


def _region_choices(user) -> dict:
    return {"parent": user_regions(user)}


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
        # Only the user's counties, in the list and every object view, and as the 所属县 choice.
        scope_viewset(
            self,
            rows=lambda user, qs: qs.filter(pk__in=user_departments(user).values("pk")),
            choices=_county_choices,
        )


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A county role sees its county and the regions below it; a city role every county's.
        scope_viewset(
            self,
            rows=lambda user, qs: qs.filter(pk__in=user_regions(user).values("pk")),
            choices=_region_choices,
        )


class RegistryViewSetGroup(ModelViewSetGroup):
    menu_label = "清单登记"
    menu_icon = "list-ul"
    menu_order = 200
    submenu_hook = "register_registry_menu_item"  # e.g. 导入区划/部门 (cms.master_import_views)
    items = (DepartmentViewSet("departments"), RegionViewSet("regions"))
