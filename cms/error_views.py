"""Error pages (400, 403, 404, 500, CSRF failure) in Chinese.

They render their template without the request, so no context processor, session or database
query runs: an error page must still answer when one of those is what failed. If even the
template cannot be rendered, a fixed page is returned.
"""

import logging
import re

from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

FALLBACK = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>出错了 · 基层减负清单'
    '</title></head><body><h1>出错了（{status}）</h1><p>请稍后重试，或<a href="/">返回首页</a>。'
    "</p></body></html>"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _reason(exception) -> str:
    """The exception's message when it was written for people (in Chinese); Django's and
    Wagtail's own messages ("No Page matches the given query.") are not shown."""
    message = str(exception or "")
    return message if _CJK.search(message) else ""


def error_page(template_name: str, status: int, reason: str = "") -> HttpResponse:
    """The Chinese error page ``template_name`` with ``reason`` (written for people), rendered
    without the request; a fixed page when even that fails."""
    try:
        body = loader.get_template(template_name).render({"reason": reason})
    except Exception:  # the last line of defence must not raise
        logger.exception("error page %s failed to render", template_name)
        body = FALLBACK.format(status=status)
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def bad_request(request, exception):
    return error_page("400.html", 400)


def permission_denied(request, exception):
    return error_page("403.html", 403, _reason(exception))


def page_not_found(request, exception):
    return error_page("404.html", 404, _reason(exception))


def server_error(request):
    return error_page("500.html", 500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: Django's page explains the mechanism in English and mentions DEBUG."""
    return error_page("403_csrf.html", 403)
