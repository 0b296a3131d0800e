"""Search within the site or a unit."""

from __future__ import annotations

from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.http.request import validate_host
from django.template.loader import get_template
from django.utils import timezone

from registry import params as request_params
from registry.enums import ListKind, kinds_for_level
from registry.models import Region

from .helpers import live_list_pages, qs

SEARCH_TEMPLATE = "cms/public/search.html"


def warm(application=None) -> None:
    """What the first search of a process would do besides querying: jieba's dictionary and the
    synonym groups (``registry.search.warm``), the template engine with its tag libraries and
    the search page's compiled template. Called by cms/wsgi.py when a server starts, with the
    application: then one anonymous search is sent through it as the first visitor's would be
    (middleware, URL resolution, the site's page tree, the first compile of each query, the
    page's rendering), so that the first real visitor pays none of it."""
    from registry.search import warm as warm_tokenizer

    warm_tokenizer()
    get_template(SEARCH_TEMPLATE)
    if application is not None:
        _first_request(application)


def _first_request(application) -> None:
    try:
        address = _search_address()
    except DatabaseError:
        address = None  # a database not migrated yet: nothing to warm
    if address is not None:
        path, host = address
        environ = {
            "PATH_INFO": path,
            "QUERY_STRING": urlencode({"q": "清单"}),
            "HTTP_HOST": host,
            "HTTP_X_FORWARDED_PROTO": "https",  # as the proxy in front of production sends
            "REQUEST_METHOD": "GET",
        }
        setup_testing_defaults(environ)
        response = application(environ, lambda status, headers, exc_info=None: None)
        for _ in response:
            pass
        response.close()
    # Nothing opened here may outlive the start-up: a server that forks its workers after
    # loading the application (gunicorn --preload) must not hand them one shared connection.
    if not connection.in_atomic_block:
        connections.close_all()


def _search_address() -> tuple[str, str] | None:
    """The default site's search page and a host the server answers to (None: no site yet)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    hosts = settings.ALLOWED_HOSTS
    host = next(
        (h for h in (site.hostname if site else "", *hosts) if h and validate_host(h, hosts)), ""
    )
    root = site.root_page.url if site else None
    if root is None or not host:
        return None
    return root + "search/", host


def search_response(page, request, *, region: Region | None):
    from registry.search import search_items

    q = request.GET.get("q", "").strip()
    error = ""
    on = timezone.localdate()
    try:
        on = request_params.date(request.GET.get("on"), name="on", default=on)
    except request_params.BadParameter as exc:
        error = exc.message
    page_number = request_params.page(request.GET.get("page"))
    kind = request.GET.get("kind", "")
    if kind and kind not in ListKind.values:
        error, kind = f"清单类型“{kind}”无效。", ""
    results = None
    rows = []
    if q and not error:
        results = search_items(
            q=q,
            region=region,
            on=on,
            kind=kind,
            domain=request.GET.get("domain", "").strip(),
            department=request.GET.get("department", "").strip(),
            page=page_number,
        )
        pages = {
            p.duty_list_id: p
            for p in live_list_pages({h.version.duty_list_id for h in results.hits})
        }
        for hit in results.hits:
            list_page = pages.get(hit.version.duty_list_id)
            url = ""
            if list_page is not None:
                url = list_page.get_url(request)
                if on != timezone.localdate():
                    url += f"{on.isoformat()}/"
                if region is not None and hit.version.duty_list.region_id != region.pk:
                    url += qs(region=region.code)
                url += f"#{hit.item.code}"
            rows.append({"hit": hit, "url": url})
    kinds = kinds_for_level(region.level) if region else ListKind.values
    params = {k: request.GET.get(k, "") for k in ("q", "on", "kind", "domain", "department")}
    response = page.render(
        request,
        template=SEARCH_TEMPLATE,
        context_overrides={
            "q": q,
            "on": on,
            "error": error,
            "results": results,
            "rows": rows,
            "kinds": [(k, ListKind(k).label) for k in kinds],
            "kind": kind,
            "search_region": region,
            "params": params,
            "prev_qs": qs(**params, page=results.page - 1) if results and results.page > 1 else "",
            "next_qs": qs(**params, page=results.page + 1)
            if results and results.page < results.pages
            else "",
        },
    )
    if error:
        response.status_code = 400
    return response
