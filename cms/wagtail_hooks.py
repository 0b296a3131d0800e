"""Registrations only; the behaviour lives in admin_views, models and signals."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page

from . import admin_urls
from .admission_views import admission_dashboard_panel
from .dashboard import MyDraftsPanel, ReviewQueuePanel, StaleAdjustmentsPanel
from .drafts import DRAFT_ACTIONS
from .master_import_views import master_import_menu_item
from .models import DutyListPage, protected_list_pages
from .review import DutyListPageViewSet
from .viewsets import RegistryViewSetGroup


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("jianfu/", include((admin_urls, "jianfu"), namespace="jianfu"))]


@hooks.register("register_admin_viewset")
def register_registry_viewsets():
    return RegistryViewSetGroup()


@hooks.register("register_admin_viewset")
def register_list_page_viewset():
    return DutyListPageViewSet("duty_list_pages")


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("registry.version.publish", "发布清单版本", "清单版本已发布")
    actions.register_action(
        "registry.version.effective", "清单版本生效", "清单版本已生效并通知提交人"
    )
    actions.register_action(
        "cms.list.schedule_refused", "拒绝定时发布", "定时发布未经审核的清单草稿被拒绝"
    )
    actions.register_action("cms.list.copy_forward", "从现行版本复制", "已从现行版本复制事项到草稿")
    actions.register_action("registry.list.import", "从文件导入清单", "已从文件导入清单事项到草稿")
    actions.register_action("registry.master.import", "导入主数据", "已从文件导入区划或部门")
    actions.register_action("registry.admission.approve", "批准准入", "准入事项已加入清单草稿")
    actions.register_action("registry.admission.revoke", "准入退出", "准入事项已从清单草稿移除")
    for action, label in DRAFT_ACTIONS.items():
        actions.register_action(action, label, f"清单草稿：{label}")


def _is_list_page(page) -> bool:
    return isinstance(page, DutyListPage) or page.specific_class is DutyListPage


class ListPageButton(PageMenuItem):
    """A header button of a list page leading to one of its jianfu admin screens."""

    url_name = ""

    @property
    def url(self):
        return reverse(self.url_name, args=[self.page.pk])

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_edit()


class CopyForwardButton(ListPageButton):
    label, icon_name, priority, url_name = "从现行版本复制", "copy", 25, "jianfu:list_copy_forward"


class ItemsButton(ListPageButton):
    label, icon_name, priority, url_name = "事项表", "list-ul", 24, "jianfu:draft_items"


class ImportButton(ListPageButton):
    label, icon_name, priority, url_name = "导入/导出", "upload", 26, "jianfu:list_import"


class ReviewButton(ListPageButton):
    label, icon_name, priority, url_name = "审核", "tasks", 5, "jianfu:list_review"

    def is_shown(self, user):
        return self.page.workflow_in_progress


@hooks.register("register_page_header_buttons")
def list_page_header_buttons(page, user, view_name, next_url=None):
    if _is_list_page(page):
        yield ReviewButton(page=page)
        yield ItemsButton(page=page)
        yield CopyForwardButton(page=page)
        yield ImportButton(page=page)


@hooks.register("construct_page_action_menu")
def hide_direct_publish(menu_items, request, context):
    """A list is published only by the review workflow (four-eyes), never by its editor."""
    page = context.get("page")
    if page is not None and _is_list_page(page):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_publish_page")
def block_direct_publish(request, page):
    if _is_list_page(page):
        messages.error(
            request, "清单须提交“清单审核”流程，由其他审核人审核通过后发布；草稿已保存。"
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("construct_homepage_panels")
def add_list_review_panels(request, panels):
    panels[:0] = [ReviewQueuePanel(), MyDraftsPanel(), StaleAdjustmentsPanel()]


@hooks.register("register_admin_menu_item")
def register_admission_menu_item():
    return MenuItem(
        "准入审查", reverse("jianfu:admission_list"), icon_name="clipboard-list", order=310
    )


@hooks.register("construct_homepage_panels")
def register_admission_dashboard_panel(request, panels):
    admission_dashboard_panel(request, panels)


@hooks.register("register_registry_menu_item")
def register_master_import_menu_item():
    return master_import_menu_item()


# Published lists stay readable forever: a page that carries published versions (or a region
# above one) is never deleted, unpublished or moved; corrections are new versions.
PROTECTED_MESSAGE = (
    "“{title}”含有已发布的清单版本，不能删除、取消发布或移动；如需调整，请发布新版本。"
)


def _refuse_if_protected(request, pages):
    for page in pages:
        protected = protected_list_pages(page)
        if protected:
            messages.error(request, PROTECTED_MESSAGE.format(title=protected[0].title))
            return redirect(
                "wagtailadmin_explore", page.get_parent().pk if page.depth > 1 else page.pk
            )
    return None


@hooks.register("before_copy_page")
def refuse_copy_of_region_pages(request, page):
    """Region pages mirror the regions one to one (and the home page is unique)."""
    if page.specific_class is not None and not issubclass(page.specific_class, DutyListPage):
        messages.error(
            request, f"“{page.title}”与行政区划一一对应，不能复制；可复制其下的清单页面。"
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk if page.depth > 1 else page.pk)
    return None


@hooks.register("before_delete_page")
def refuse_delete_of_published_lists(request, page):
    return _refuse_if_protected(request, [page])


@hooks.register("before_unpublish_page")
def refuse_unpublish_of_published_lists(request, page):
    return _refuse_if_protected(request, [page])


@hooks.register("before_move_page")
def refuse_move_of_published_lists(request, page, destination):
    return _refuse_if_protected(request, [page])


@hooks.register("before_bulk_action")
def refuse_bulk_changes_to_published_lists(request, action_type, objects, action_class_instance):
    if action_type in ("delete", "unpublish", "move"):
        return _refuse_if_protected(request, [o for o in objects if isinstance(o, Page)])
    return None


@hooks.register("construct_help_menu")
def keep_help_menu_on_the_intranet(request, menu_items):
    """Wagtail's help menu links to its online guide; the admin runs on a closed intranet."""
    menu_items[:] = [item for item in menu_items if not urlsplit(item.url or "").netloc]


@hooks.register("construct_reports_menu")
def site_history_for_superusers_only(request, menu_items):
    """全站历史 reads across every county (cms.middleware.SUPERUSER_ONLY_VIEWS)."""
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]
