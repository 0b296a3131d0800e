"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from cms.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def _fail(request):
    raise RuntimeError("boom")


def _refuse_in_chinese(request):
    raise PermissionDenied("您无权操作此页面：它不在您负责的区划范围内。")


def _refuse_in_english(request):
    raise PermissionDenied("Forbidden by some library")


def _suspicious(request):
    raise SuspiciousOperation("bad input")


urlpatterns = [
    path("boom/", _fail),
    path("refuse-zh/", _refuse_in_chinese),
    path("refuse-en/", _refuse_in_english),
    path("suspicious/", _suspicious),
    *urlpatterns,
]
