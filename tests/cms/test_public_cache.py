"""The reader-page cache (cms/public/cache.py): keyed only on the query parameters a page reads,
and retired by a change to any table the pages are made of (registry.generations)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction
from wagtail.models import Page, Site

from cms.public.cache import cache_generation
from registry.enums import ListKind
from registry.models import DutyList
from registry.services.versions import ItemData
from tests.cms import public_site
from tests.factories import make_department, publish


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(tree):
    return public_site.build(tree)


def state(client, url, **params) -> str:
    return client.get(url, params)["X-Public-Cache"]


# ---------------------------------------------------------------------------------------------
# The key holds only the parameters the page reads
# ---------------------------------------------------------------------------------------------
def test_unread_parameters_share_the_entry_of_the_bare_url(client, site):
    url = site["basic"].url
    bare = client.get(url)
    assert bare["X-Public-Cache"] == "miss"
    for params in ({"utm": "1"}, {"a": "1", "b": "2"}, {"utm_source": "wechat", "x": "<y>"}):
        response = client.get(url, params)
        assert response["X-Public-Cache"] == "hit", params
        assert response.content == bare.content


def test_a_parameter_the_page_reads_has_its_own_entry(client, tree, site):
    url = site["basic"].url
    street = tree["street"].code
    assert state(client, url) == "miss"
    assert state(client, url, region=street) == "miss"
    assert state(client, url, region=street) == "hit"
    assert state(client, url, region=street, utm="1") == "hit"  # utm still ignored
    assert state(client, url, region=tree["town"].code) == "miss"
    assert state(client, url, domain="民生服务") == "miss"
    assert "东街道" in client.get(url, {"region": street}).content.decode()
    assert "东街道" not in client.get(url, {"utm": "1"}).content.decode()


def test_parameter_order_does_not_matter(client, tree, site):
    url = site["basic"].url
    query = {"region": tree["street"].code, "domain": "民生服务"}
    assert client.get(f"{url}?region={query['region']}&domain={query['domain']}")[
        "X-Public-Cache"
    ] == ("miss")
    assert client.get(f"{url}?domain={query['domain']}&region={query['region']}")[
        "X-Public-Cache"
    ] == ("hit")


def test_the_view_never_sees_a_parameter_it_does_not_declare(client, site):
    """Not even a visitor who is never served from the cache: every reader gets the same page."""
    url = site["basic"].url
    # ``on`` is read by the current page (it redirects to the dated URL), not by a version page.
    assert client.get(url, {"on": "2026-01-01"}).status_code == 302
    version_url = f"{url}versions/2/"
    assert client.get(version_url, {"on": "2026-01-01"}).status_code == 200
    assert state(client, version_url) == "hit"


def test_a_redirect_for_a_read_parameter_is_never_answered_from_the_bare_entry(client, site):
    url = site["basic"].url
    assert state(client, url) == "miss"
    assert state(client, url) == "hit"
    assert client.get(url, {"on": "2026-01-01"}).status_code == 302


def test_public_cache_requires_the_parameter_names():
    from cms.public.cache import public_cache

    with pytest.raises(TypeError):

        @public_cache
        def view(page, request):  # pragma: no cover - never called
            return None


# ---------------------------------------------------------------------------------------------
# A change to each table the pages are made of retires every cached page
# ---------------------------------------------------------------------------------------------
CHANGES = {
    "list version": lambda tree, site: publish(
        tree["county"],
        ListKind.TOWNSHIP_WITHDRAWN,
        public_site.V2 + (public_site.V2 - public_site.V1),
        [ItemData(seq=1, code="JB-003", name="卫星遥感图斑核查举证")],
        document_no="测委发〔2026〕9号",
    ),
    "duty list": lambda tree, site: DutyList.objects.filter(region=tree["county"]).first().save(),
    "region": lambda tree, site: tree["street"].save(),
    "department (saved)": lambda tree, site: site["dept"].save(),
    "department (added)": lambda tree, site: make_department(tree["county"], "县统计局"),
    "page unpublished": lambda tree, site: site["withdrawn"].unpublish(),
    "page created live": lambda tree, site: site["home"].add_child(
        instance=Page(title="关于本站", slug="about")
    ),
    "page moved": lambda tree, site: Page.objects.get(pk=site["village"].pk).move(
        Page.objects.get(pk=site["street"].pk), pos="last-child"
    ),
    "page deleted": lambda tree, site: Page.objects.get(pk=site["community"].pk).delete(),
    "site": lambda tree, site: Site.objects.get(is_default_site=True).save(),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_change_to_each_table_retires_cached_pages(client, tree, site, change):
    urls = [site["basic"].url, site["county"].url, f"{site['county'].url}departments/"]
    for url in urls:
        assert state(client, url) == "miss"
        assert state(client, url) == "hit"
    before = cache_generation()
    change(tree, site)
    assert cache_generation() != before
    for url in urls:
        assert state(client, url) == "miss", url


def test_a_draft_saved_in_the_admin_keeps_the_cache(client, site):
    url = site["basic"].url
    assert state(client, url) == "miss"
    page = site["basic"].specific
    page.title = "草稿中的新标题"
    page.save_revision()
    assert state(client, url) == "hit"


@pytest.mark.django_db(transaction=True)
def test_a_page_cached_during_the_writers_transaction_is_retired_at_commit():
    """A reader that read the generation bumped at the write, before the commit, renders the
    old rows under it; the second bump at commit retires that entry."""
    from registry.generations import bump, current

    with transaction.atomic():
        bump("registry.region")
        during = current("registry.region")
    assert current("registry.region") != during


def test_a_cleared_cache_starts_from_new_generations(client, site):
    url = site["basic"].url
    assert state(client, url) == "miss"
    before = cache_generation()
    cache.clear()
    assert cache_generation() != before
    assert state(client, url) == "miss"
    assert state(client, url) == "hit"


def test_cached_public_pages_keep_the_security_headers(client, site):
    url = site["basic"].url
    first, second = client.get(url), client.get(url)
    assert second["X-Public-Cache"] == "hit"
    for response in (first, second):
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert response["X-Content-Type-Options"] == "nosniff"
