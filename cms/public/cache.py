"""The reader-page cache: keyed by host, path, today's date and a publication generation."""

from __future__ import annotations

import functools
import hashlib

from django.core.cache import cache
from django.db.models import Max
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from registry.models import Department, ListVersion

CACHE_SECONDS = 60 * 60


_GENERATION_KEY = "public:generation"


def cache_generation() -> str:
    """Changes when a version is published (any process: read from the database) or a page
    is (un)published (this cache's counter)."""
    latest = ListVersion.objects.aggregate(latest=Max("pk"))["latest"] or 0
    return f"{latest}.{cache.get(_GENERATION_KEY, 0)}"


def cache_bump() -> None:
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 1, None)


@receiver(post_save, sender=ListVersion)
def _version_published(sender, instance, created, **kwargs):
    if created:
        cache_bump()


@receiver(post_save, sender=Department)
def _department_saved(sender, **kwargs):
    # Published items keep their names; the department list and pivot headings do not.
    cache_bump()


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, **kwargs):
    cache_bump()


def _cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and not getattr(request, "is_preview", False)
        and not request.user.is_authenticated
    )


def _cache_key(request) -> str:
    raw = (
        f"{request.get_host()}|{request.get_full_path()}|{timezone.localdate()}|"
        f"{cache_generation()}"
    )
    return "public:page:" + hashlib.sha256(raw.encode()).hexdigest()


class PublicPageCacheMiddleware:
    """Answers reader pages from the cache before Wagtail routes the request (which alone
    costs a query per tree level). Only responses marked by ``public_cache`` are stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request) or request.path.startswith(("/admin/", "/api/")):
            return self.get_response(request)
        key = _cache_key(request)
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Public-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if getattr(response, "public_cacheable", False) and response.status_code == 200:
            cache.set(key, (response.content, response["Content-Type"]), CACHE_SECONDS)
        return response


def public_cache(view):
    """Mark a reader page as cacheable (anonymous GET, 200 only; stored by the middleware)."""

    @functools.wraps(view)
    def wrapper(page, request, *args, **kwargs):
        response = view(page, request, *args, **kwargs)
        if _cacheable_request(request):
            if hasattr(response, "render"):
                response = response.render()
            response.public_cacheable = True
            response["X-Public-Cache"] = "miss"
        return response

    return wrapper
