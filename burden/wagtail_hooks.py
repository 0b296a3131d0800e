"""Registrations only: the 基层负担 admin menu, its viewsets and screens."""

from django.urls import include, path, reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls, selectors
from .viewsets import BurdenViewSetGroup


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.user_may_keep(request.user)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("burden/", include((admin_urls, "burden_admin"), namespace="burden_admin"))]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return BurdenViewSetGroup()


@hooks.register("register_burden_menu_item")
def picture_menu_item():
    return OfficeMenuItem(
        "负担画像", reverse_lazy("burden_admin:picture_index"), icon_name="table", order=10
    )


@hooks.register("register_burden_menu_item")
def hub_menu_item():
    return OfficeMenuItem(
        "导入/导出", reverse_lazy("burden_admin:hub"), icon_name="upload", order=900
    )


@hooks.register("register_burden_menu_item")
def estimates_menu_item():
    return OfficeMenuItem(
        "一进一出", reverse_lazy("burden_admin:estimates_net"), icon_name="time", order=20
    )
