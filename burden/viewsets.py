"""Wagtail admin screens of the five registers, for the county 减负机制办 (office) only.

The office of a county sees and edits its own county's entries; a superuser sees every county.
The scoping is registry.scoped_views' (the views are declared once, below and there): another
county's entry answers 404 with the Chinese reason on every object view.
Nothing is deleted here: an entry ends by its status and dates (废止, 关停, 返岗, 撤除), so the
load picture of an earlier date stays right. Every change is kept by django-simple-history.
"""

from __future__ import annotations

import datetime

from django.forms import modelform_factory
from django.utils import timezone
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy

from registry.enums import RegionLevel
from registry.models import Department, Region
from registry.scoped_views import ScopedIndexView, ScopedInspectView, ScopedModelViewSet

from . import selectors
from .columns import COLUMNS
from .enums import Register
from .models import GovApp, Inspection, Plaque, ReportForm, Secondment


class OfficePermissionPolicy(BasePermissionPolicy):
    """Add, change and view for the county office (and superusers); never delete."""

    def _office(self, user) -> bool:
        return user.is_authenticated and user.is_active and selectors.user_may_keep(user)

    def user_has_permission(self, user, action):
        return action in ("add", "change", "view") and self._office(user)

    def user_has_permission_for_instance(self, user, action, instance):
        counties = selectors.office_county_ids(user)
        in_scope = counties is None or instance.county_id in counties
        return self.user_has_permission(user, action) and in_scope

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return self.model.objects.none()
        return selectors.scoped(self.model.objects.all(), user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class OfficeForm(WagtailAdminModelForm):
    """County, departments and units limited to the counties the user keeps."""

    def __init__(self, *args, for_user=None, county_ids=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if county_ids is not None:  # an import or the demo loader, for one county
            counties = frozenset(county_ids)
        else:
            counties = selectors.office_county_ids(for_user) if for_user else frozenset()
        county_qs = Region.objects.counties()
        if counties is not None:
            county_qs = county_qs.filter(pk__in=counties)
        if "county" in self.fields:
            self.fields["county"].queryset = county_qs
            if county_qs.count() == 1 and not self.instance.pk:
                self.fields["county"].initial = county_qs.first().pk
        if "department" in self.fields:
            self.fields["department"].queryset = Department.objects.filter(county__in=county_qs)
        units = Region.objects.all() if counties is None else Region.objects.within(counties)
        for name in ("townships", "home_unit", "unit"):
            if name in self.fields:
                levels = [RegionLevel.TOWNSHIP]
                if name != "townships":
                    levels.append(RegionLevel.VILLAGE)
                self.fields[name].queryset = units.filter(level__in=levels).order_by("code")


class FlagsColumn(Column):
    """The flags of an entry on today's date (computed per page of the listing)."""

    def __init__(self, register: str, **kwargs):
        super().__init__("flags", label="标记", **kwargs)
        self.register = register

    def get_value(self, instance):
        hits = getattr(instance, "_burden_flags", None)
        if hits is None:
            hits = _flags_for(self.register, instance)
        return "、".join(h.label for h in hits) or "—"


def _flags_for(register, instance):
    return flags_for_entries(register, [instance])[instance.pk]


def flags_for_entries(register, entries) -> dict:
    """The flags of a page of entries on today's date, computed together (one pass a page)."""
    from . import flags as F

    entries = list(entries)
    if not entries:
        return {}
    today = timezone.localdate()
    if register == Register.FORMS:
        return F.form_flags(entries, today)
    if register == Register.APPS:
        return F.app_flags(entries)
    if register == Register.SECONDMENTS:
        return F.secondment_flags(entries, today)
    if register == Register.PLAQUES:
        every = list(
            Plaque.objects.filter(unit_id__in={e.unit_id for e in entries}).select_related("unit")
        )
        return F.plaque_flags(every, today)
    hits = {}
    for county_id in {e.county_id for e in entries}:
        years = {e.start_date.year for e in entries if e.county_id == county_id}
        for year in years:
            everything, townships_of, names = selectors.inspection_context(
                [county_id], datetime.date(year, 7, 1)
            )
            found = F.inspection_flags(everything, townships_of, names)
            for e in entries:
                if e.county_id == county_id and e.start_date.year == year:
                    hits[e.pk] = found.get(e.pk, [])
    return hits


class RegisterIndexView(ScopedIndexView):
    """The listing computes the flags of the shown page at once (not one query set per row)."""

    register: str = ""

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        page = list(context.get("object_list") or [])
        hits = flags_for_entries(self.register, page)
        for entry in page:
            entry._burden_flags = hits.get(entry.pk, [])
        return context


class RegisterInspectView(ScopedInspectView):
    """The inspect view with the entry's flags and the 码上减 cases linked to it."""

    register: str = ""

    def get_context_data(self, **kwargs):
        from mashangjian.permissions import scope_for

        from .links import linked_cases

        register = self.register
        context = super().get_context_data(**kwargs)
        context["entry_flags"] = _flags_for(register, self.object)
        if register == Register.FORMS:
            context["admission_check"] = selectors.form_admission_check(self.object)
            if self.object.status == "pending" or self.object.admission_request_id:
                context["form_admission"] = {"request": self.object.admission_request}
        field = {Register.FORMS: "form", Register.INSPECTIONS: "inspection",
                 Register.APPS: "app"}.get(register)  # fmt: skip
        context["linked_cases"] = (
            linked_cases(scope=scope_for(self.request.user), **{field: self.object})
            if field
            else None
        )
        return context


class RegisterViewSet(ScopedModelViewSet):
    """A register's screens: the office sees, opens and changes only its counties' entries
    (registry.scoped_views; another county's entry answers 404 in Chinese)."""

    register: str = ""
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_template_name = "burden/admin/inspect.html"
    index_view_class = RegisterIndexView
    inspect_view_class = RegisterInspectView

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The form and the inspect view show the county and the register's columns
        # (burden.columns, the same as its spreadsheets); the listing ends with the flags.
        self.form_fields = ["county", *(name for name, _, _ in COLUMNS[self.register])]
        self.inspect_view_fields = self.form_fields
        self.list_display = [*self.list_display, FlagsColumn(self.register)]

    def scope_rows(self, user, queryset):
        return selectors.scoped(queryset, user)

    # The choices of county, department and units are OfficeForm's (shared with the imports).
    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model,
            form=OfficeForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.form_fields,
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(register=self.register, **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(register=self.register, **kwargs)


class ReportFormViewSet(RegisterViewSet):
    model = ReportForm
    register = Register.FORMS
    icon = "form"
    menu_label = "基层报表目录"
    url_prefix = "burden/forms"
    list_display = ["number", "title", "department", "filled_by", "valid_until", "status"]
    list_filter = ["status", "filled_by", "frequency"]
    search_fields = ["number", "title"]


class InspectionViewSet(RegisterViewSet):
    model = Inspection
    register = Register.INSPECTIONS
    icon = "view"
    menu_label = "督查检查考核计划"
    url_prefix = "burden/inspections"
    list_display = ["item", "department", "plan_kind", "start_date", "end_date"]
    list_filter = ["plan_kind", "status"]
    search_fields = ["item"]


class GovAppViewSet(RegisterViewSet):
    model = GovApp
    register = Register.APPS
    icon = "mobile-alt"
    menu_label = "政务应用和工作群"
    url_prefix = "burden/apps"
    list_display = ["name", "kind", "department", "status"]
    list_filter = ["kind", "status", "faces_grassroots"]
    search_fields = ["name", "filing_no"]


class SecondmentViewSet(RegisterViewSet):
    model = Secondment
    register = Register.SECONDMENTS
    icon = "user"
    menu_label = "借调人员"
    url_prefix = "burden/secondments"
    list_display = ["person", "home_unit", "borrowing_unit", "start", "end", "returned_on"]
    search_fields = ["person", "borrowing_unit"]


class PlaqueViewSet(RegisterViewSet):
    model = Plaque
    register = Register.PLAQUES
    icon = "tag"
    menu_label = "机制牌子"
    url_prefix = "burden/plaques"
    list_display = ["unit", "name", "department", "status"]
    list_filter = ["status"]
    search_fields = ["name"]


def register_policies() -> None:
    from wagtail.permissions import register_permission_policy

    for model in (ReportForm, Inspection, GovApp, Secondment, Plaque):
        register_permission_policy(model, OfficePermissionPolicy(model), exact_class=True)


register_policies()

VIEWSETS = {
    Register.FORMS: ReportFormViewSet("burden_forms"),
    Register.INSPECTIONS: InspectionViewSet("burden_inspections"),
    Register.APPS: GovAppViewSet("burden_apps"),
    Register.SECONDMENTS: SecondmentViewSet("burden_secondments"),
    Register.PLAQUES: PlaqueViewSet("burden_plaques"),
}


class BurdenViewSetGroup(ModelViewSetGroup):
    menu_label = "基层负担"
    menu_icon = "pick"
    menu_order = 260
    submenu_hook = "register_burden_menu_item"
    items = tuple(VIEWSETS.values())
