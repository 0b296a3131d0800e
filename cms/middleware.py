"""A real 403 for page actions outside the user's region.

Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a
message. For the page actions below we check the page permission before the
view runs and answer 403, so a township editor opening another township's
list gets an unambiguous refusal (and tools and tests see it as one).
"""

from django.core.exceptions import PermissionDenied
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


class PagePermissionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        check = GUARDED_VIEWS.get(match.view_name if match else "")
        if check is None or not request.user.is_authenticated:
            return None
        page_id = view_kwargs.get("page_id") or (view_args[0] if view_args else None)
        page = Page.objects.filter(pk=page_id).first() if page_id else None
        if page is not None and not getattr(page.permissions_for_user(request.user), check)():
            raise PermissionDenied("您无权操作此页面：它不在您负责的区划范围内。")
        return None
