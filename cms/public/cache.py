"""The reader-page cache: keyed by host, path, the query parameters the page reads, today's date
and the generations of the tables the pages are made of (``registry.generations``).

A route method says which query parameters it reads: ``@public_cache("region", "domain")``.
The view sees only those (the others are dropped from ``request.GET`` before it runs, for every
visitor), so its answer depends on nothing the key leaves out: ``?utm=1`` or ``?a=1&b=2`` are
answered from the entry of the bare URL, ``?region=X`` has its own.

The middleware answers before Wagtail routes the request, so it cannot ask the view which
parameters it reads; the first answer for a path stores them (``public:params:`` + host and
path) and later requests build their key from that note. A wrong or missing note can only cost
a miss: an entry's key holds the parameter names as well as their values, and the generations
change whenever the page tree does.
"""

from __future__ import annotations

import functools
import hashlib

from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils import timezone

from registry import generations

CACHE_SECONDS = 60 * 60

# Every table a reader page is made of. Items are written with their version (same transaction),
# so the version's generation covers them; pages and sites are bumped by cms.signals.
PAGE_TABLES = (
    "registry.listversion",
    "registry.dutylist",
    "registry.region",
    "registry.department",
    "wagtailcore.page",
    "wagtailcore.site",
)

_NOTE_PREFIX = "public:params:"


def cache_generation() -> tuple:
    """What invalidates every cached page at once (one cache round trip)."""
    return generations.current(*PAGE_TABLES)


def _cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and not getattr(request, "is_preview", False)
        and not request.user.is_authenticated
    )


def _digest(*parts) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def _note_key(request) -> str:
    return _NOTE_PREFIX + _digest(request.get_host(), request.path)


def _page_key(request, params: tuple[str, ...], generation: tuple) -> str:
    query = QueryDict(mutable=True)
    for name in params:  # sorted by public_cache
        if name in request.GET:
            query.setlist(name, request.GET.getlist(name))
    return "public:page:" + _digest(
        request.get_host(),
        request.path,
        ",".join(params),
        query.urlencode(),
        timezone.localdate(),
        generation,
    )


class PublicPageCacheMiddleware:
    """Answers reader pages from the cache before Wagtail routes the request (which alone
    costs a query per tree level). Only responses marked by ``public_cache`` are stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request) or request.path.startswith(("/admin/", "/api/")):
            return self.get_response(request)
        note_key = _note_key(request)
        # Read before the page is rendered: a page rendered after a write is at least as new
        # as the generation it is stored under.
        generation = cache_generation()
        params = cache.get(note_key)
        if params is not None:
            hit = cache.get(_page_key(request, params, generation))
            if hit is not None:
                content, content_type = hit
                response = HttpResponse(content, content_type=content_type)
                response["X-Public-Cache"] = "hit"
                return response
        response = self.get_response(request)
        params = getattr(response, "public_cache_params", None)
        if params is not None and response.status_code == 200:
            cache.set_many(
                {
                    note_key: params,
                    _page_key(request, params, generation): (
                        response.content,
                        response["Content-Type"],
                    ),
                },
                CACHE_SECONDS,
            )
        return response


def _only(request, params: tuple[str, ...]) -> None:
    """Leave ``request`` with only the query parameters in ``params``."""
    if all(name in params for name in request.GET):
        return
    kept = QueryDict(mutable=True)
    for name in params:
        if name in request.GET:
            kept.setlist(name, request.GET.getlist(name))
    kept._mutable = False
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()


def public_cache(*params: str):
    """Mark a reader page as cacheable (anonymous GET, 200 only; stored by the middleware).

    ``params`` names every query parameter the page reads; the view never sees any other.
    """
    if params and callable(params[0]):
        raise TypeError("public_cache takes the names of the query parameters: @public_cache()")
    allowed = tuple(sorted(set(params)))

    def decorate(view):
        @functools.wraps(view)
        def wrapper(page, request, *args, **kwargs):
            _only(request, allowed)
            response = view(page, request, *args, **kwargs)
            if _cacheable_request(request):
                if hasattr(response, "render"):
                    response = response.render()
                response.public_cache_params = allowed
                response["X-Public-Cache"] = "miss"
            return response

        return wrapper

    return decorate
