"""Admin CRUD for the office's reference tables (history kept by django-simple-history)."""

from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.model import ModelViewSet

from .models import CalendarDay, RoutingRule


class RoutingRuleViewSet(ModelViewSet):
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


class CalendarDayViewSet(ModelViewSet):
    model = CalendarDay
    icon = "date"
    menu_label = "节假日与调休"
    add_to_admin_menu = False
    form_fields = ["date", "is_workday", "name"]
    list_display = ["date", BooleanColumn("is_workday", label="是否上班"), "name", "source"]
    list_filter = ["is_workday"]
    url_prefix = "mashangjian/calendar"
    url_namespace = "mashangjian_calendar"


routing_rule_viewset = RoutingRuleViewSet("mashangjian_routing_rules")
calendar_day_viewset = CalendarDayViewSet("mashangjian_calendar")
