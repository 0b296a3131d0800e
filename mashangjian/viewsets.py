"""Admin CRUD for the office's reference tables (history kept by django-simple-history).

Both are scoped to the offices' counties (registry.scoped_views): an office lists, chooses and
changes only its county's routing rules; it sees the national holidays (shared, changed by a
superuser only) and its county's local 调休 entries, and adds local entries for its own county only.
"""

import functools

from django.db.models import Q
from wagtail.admin.ui.tables import BooleanColumn

from registry.models import Department, Region
from registry.scoped_views import ScopedIndexView, ScopedModelViewSet

from .models import CalendarDay, RoutingRule
from .permissions import scope_for


def _counties(user):
    if user.is_superuser:
        return Region.objects.counties()
    return Region.objects.filter(pk__in=scope_for(user).office_counties)


def _rules(user, queryset):
    if user.is_superuser:
        return queryset
    return queryset.filter(county_id__in=scope_for(user).office_counties)


def _rule_choices(user) -> dict:
    counties = list(_counties(user))
    return {
        "county": _counties(user),
        "region": Region.objects.within(counties).exclude(pk__in=[c.pk for c in counties]),
        "department": Department.objects.filter(county__in=counties),
    }


def _calendar_seen(user, queryset):
    if user.is_superuser:
        return queryset
    return queryset.filter(Q(county=None) | Q(county_id__in=scope_for(user).office_counties))


def _calendar_writable(user, queryset):
    if user.is_superuser:
        return queryset
    return queryset.filter(county_id__in=scope_for(user).office_counties)


class RoutingRuleViewSet(ScopedModelViewSet):
    model = RoutingRule
    icon = "resubmit"
    menu_label = "分办规则"
    add_to_admin_menu = False
    form_fields = ["county", "region", "category", "department", "active", "note"]
    list_display = [
        "category",
        "region",
        "department",
        BooleanColumn("active", label="启用"),
        "note",
    ]
    list_filter = ["category", "active"]
    url_prefix = "mashangjian/routing-rules"
    url_namespace = "mashangjian_routing_rules"

    def scope_rows(self, user, queryset):
        return _rules(user, queryset)

    def scope_choices(self, user) -> dict:
        return _rule_choices(user)


class CalendarDayIndexView(ScopedIndexView):
    """National rows are shared by every county: listed for everyone, linked to the edit view only
    for those who may change them (``_calendar_writable``), so no row leads to a 404."""

    @functools.cached_property
    def _writable_pks(self) -> set[int]:
        # One query for the page, not one per row (the calendar is a few hundred rows).
        return set(
            _calendar_writable(self.request.user, CalendarDay.objects.all()).values_list(
                "pk", flat=True
            )
        )

    def get_edit_url(self, instance):
        if instance.pk not in self._writable_pks:
            return None
        return super().get_edit_url(instance)


class CalendarDayViewSet(ScopedModelViewSet):
    model = CalendarDay
    index_view_class = CalendarDayIndexView
    icon = "date"
    menu_label = "节假日与调休"
    add_to_admin_menu = False
    form_fields = ["date", "county", "is_workday", "name"]
    list_display = [
        "date",
        BooleanColumn("is_workday", label="是否上班"),
        "name",
        "county",
        "source",
    ]
    list_filter = ["is_workday"]
    url_prefix = "mashangjian/calendar"
    url_namespace = "mashangjian_calendar"
    scope_required = ("county",)

    def scope_rows(self, user, queryset):
        return _calendar_seen(user, queryset)

    def scope_writable(self, user, queryset):
        return _calendar_writable(user, queryset)

    def scope_choices(self, user) -> dict:
        return {"county": _counties(user)}


routing_rule_viewset = RoutingRuleViewSet("mashangjian_routing_rules")
calendar_day_viewset = CalendarDayViewSet("mashangjian_calendar")
