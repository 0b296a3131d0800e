"""Registrations only: the 码上减 admin menu, its URLs, viewsets and audit-log actions."""

from django.urls import include, path, reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from . import admin_urls
from .menus import ScopedMenuItem
from .permissions import scope_for
from .viewsets import calendar_day_viewset, routing_rule_viewset


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "mashangjian/",
            include((admin_urls, "mashangjian_admin"), namespace="mashangjian_admin"),
        )
    ]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [routing_rule_viewset, calendar_day_viewset]


@hooks.register("register_mashangjian_menu_item")
def cases_menu_item():
    return ScopedMenuItem(
        "案件办理", reverse_lazy("mashangjian_admin:case_list"), icon_name="mail", order=100
    )


@hooks.register("register_mashangjian_menu_item")
def todo_menu_item():
    return ScopedMenuItem(
        "待办", reverse_lazy("mashangjian_admin:todo"), icon_name="tasks", order=50
    )


@hooks.register("register_mashangjian_menu_item")
def posters_menu_item():
    return ScopedMenuItem(
        "二维码海报",
        reverse_lazy("mashangjian_admin:posters"),
        icon_name="image",
        order=350,
        office_only=True,
    )


@hooks.register("register_mashangjian_menu_item")
def statistics_menu_item():
    return ScopedMenuItem(
        "统计",
        reverse_lazy("mashangjian_admin:statistics"),
        icon_name="table",
        order=200,
        statistics=True,
    )


@hooks.register("register_mashangjian_menu_item")
def hotspots_menu_item():
    return ScopedMenuItem(
        "热点问题",
        reverse_lazy("mashangjian_admin:hotspots"),
        icon_name="warning",
        order=300,
        office_only=True,
    )


@hooks.register("register_mashangjian_menu_item")
def routing_menu_item():
    return ScopedMenuItem(
        "分办规则",
        reverse_lazy("mashangjian_routing_rules:index"),
        icon_name="resubmit",
        order=400,
        model_perm="mashangjian.view_routingrule",
    )


@hooks.register("register_mashangjian_menu_item")
def calendar_menu_item():
    return ScopedMenuItem(
        "节假日与调休",
        reverse_lazy("mashangjian_calendar:index"),
        icon_name="date",
        order=500,
        model_perm="mashangjian.view_calendarday",
    )


class MashangjianMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        scope = scope_for(request.user)
        return scope.any or scope.can_read_statistics or request.user.is_superuser


@hooks.register("register_admin_menu_item")
def register_menu():
    return MashangjianMenuItem(
        "码上减",
        Menu(register_hook_name="register_mashangjian_menu_item"),
        icon_name="mail",
        order=250,
    )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("mashangjian.case.accept", "受理案件", "案件已受理并分办")
    actions.register_action("mashangjian.case.decline", "不予受理", "案件不予受理")
    actions.register_action("mashangjian.case.reroute", "改派案件", "案件已改派")
    actions.register_action("mashangjian.case.extend", "延期", "办理期限已延期")
    actions.register_action("mashangjian.case.answer", "反馈办理结果", "承办单位已反馈办理结果")
    actions.register_action("mashangjian.case.close", "审核办结", "案件已审核办结")
    actions.register_action("mashangjian.case.return", "审核退回", "办理结果被退回重办")
    actions.register_action("mashangjian.case.note", "内部备注", "已添加内部备注")
    actions.register_action("mashangjian.case.typical", "典型案例", "典型案例已更新")
