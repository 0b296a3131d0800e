"""A real 403 for page actions outside the user's region.

Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a
message. For the page actions below we check the page permission before the
view runs and answer 403, so a township editor opening another township's
list gets an unambiguous refusal (and tools and tests see it as one).
"""

import contextlib

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from simple_history.models import HistoricalRecords
from wagtail.models import Page

# view name → the PagePermissionTester check it needs
GUARDED_VIEWS = {
    "wagtailadmin_pages:edit": "can_edit",
    "wagtailadmin_pages:delete": "can_delete",
    "wagtailadmin_pages:unpublish": "can_unpublish",
    "wagtailadmin_pages:move": "can_move",
    "wagtailadmin_pages:revisions_index": "can_edit",
    "jianfu:list_copy_forward": "can_edit",
}

# Screens that read across every county (Wagtail's site history lists the log entries of every
# model the user holds any permission on, whatever the county): superusers only. Each object's
# own 历史 view is scoped (registry/scoped_views.py).
SUPERUSER_ONLY_VIEWS = {
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:site_history_results",
}
SUPERUSER_ONLY_REASON = (
    "全站历史包含各县（市、区）的修改记录，只有系统管理员可以查看；"
    "本县的修改记录请在各条记录的“历史”中查看。"
)


class PagePermissionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        view_name = match.view_name if match else ""
        if view_name in SUPERUSER_ONLY_VIEWS and request.user.is_authenticated:
            if not request.user.is_superuser:
                raise PermissionDenied(SUPERUSER_ONLY_REASON)
            return None
        check = GUARDED_VIEWS.get(view_name)
        if check is None or not request.user.is_authenticated:
            return None
        page_id = view_kwargs.get("page_id") or (view_args[0] if view_args else None)
        page = Page.objects.filter(pk=page_id).first() if page_id else None
        if page is not None and not getattr(page.permissions_for_user(request.user), check)():
            raise PermissionDenied("您无权操作此页面：它不在您负责的区划范围内。")
        return None


class AdminHistoryUserMiddleware:
    """Record the acting user on history rows, for signed-in staff work only.

    simple-history's own middleware attaches *every* request's user to the history rows
    written during it. On the public 码上减 forms that would tie an "anonymous" report to
    the account of a worker who happens to be signed in to the admin in the same browser.
    So the request (and with it the user) is exposed only under /admin/.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/admin/"):
            return self.get_response(request)
        HistoricalRecords.context.request = request
        try:
            return self.get_response(request)
        finally:
            with contextlib.suppress(AttributeError):
                del HistoricalRecords.context.request


LOGIN_FAILURE_LIMIT = 10
LOGIN_FAILURE_WINDOW = 15 * 60
LOGIN_LOCKED_MESSAGE = "登录失败次数过多，请15分钟后再试；如忘记密码，请联系县级管理员。"


def login_failure_key(request, username: str) -> str:
    from registry.throttle import client_address, client_key

    return "login-fail:" + client_key(f"{client_address(request)}|{username}", salt="admin-login")


class AdminLoginThrottleMiddleware:
    """Refuse admin sign-in attempts after repeated failures (per address and user name).

    Failures are counted by the ``user_login_failed`` receiver in cms.signals.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == "/admin/login/":
            key = login_failure_key(request, request.POST.get("username", ""))
            if (cache.get(key) or 0) >= LOGIN_FAILURE_LIMIT:
                return HttpResponse(
                    LOGIN_LOCKED_MESSAGE, status=429, content_type="text/plain; charset=utf-8"
                )
        return self.get_response(request)
