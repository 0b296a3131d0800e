"""Fixes from the security review: each test fails without its fix."""

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse

from cms.models import DutyListPage
from registry.throttle import client_address
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("clear_cache")


def test_county_admin_cannot_manage_users(client, site):
    admin = site["users"]["admin"]
    root = make_user("root", superuser=True)
    assert not any(p.startswith("auth.") for p in admin.get_all_permissions())
    client.force_login(admin)
    response = client.post(
        reverse("wagtailusers_users:edit", args=[root.pk]),
        {"password1": "Pwned-by-county-2026!", "password2": "Pwned-by-county-2026!"},
    )
    assert response.status_code in (302, 403)
    root.refresh_from_db()
    assert not root.check_password("Pwned-by-county-2026!")


@pytest.mark.parametrize("view", ["wagtailadmin_pages:delete", "wagtailadmin_pages:unpublish"])
def test_a_page_with_published_versions_is_never_deleted_or_unpublished(
    client, site, county_list_in_force, view
):
    page = site["county_list"]
    client.force_login(make_user("root", superuser=True))
    response = client.post(reverse(view, args=[page.pk]), follow=True)
    assert "含有已发布的清单版本" in response.content.decode()
    page = DutyListPage.objects.get(pk=page.pk)
    assert page.live
    # Nor through its region: deleting the county page would take the list with it.
    response = client.post(
        reverse("wagtailadmin_pages:delete", args=[site["county"].pk]), follow=True
    )
    assert "含有已发布的清单版本" in response.content.decode()
    assert DutyListPage.objects.filter(pk=page.pk).exists()


def test_county_admin_has_no_publish_permission(client, site):
    perms = site["county_list"].permissions_for_user(site["users"]["admin"])
    assert perms.can_edit() and not perms.can_publish() and not perms.can_unpublish()


def test_anonymous_report_does_not_record_the_signed_in_user(client, db):
    from mashangjian.models import Case
    from mashangjian.services import calendar as calendar_services
    from tests.mashangjian.conftest import World

    calendar_services.calendar_seed(years=range(2024, 2028))
    world = World()
    worker = make_user("signed_in_worker")
    client.force_login(worker)
    response = client.post(
        "/api/open311/v2/requests.json",
        {
            "service_code": "TBBS",
            "jurisdiction_id": world.tree["village"].code,
            "description": "教育局重复要求填报留守儿童情况表。",
        },
    )
    assert response.status_code == 200, response.content
    case = Case.objects.get(number=response.json()[0]["service_request_id"])
    assert case.anonymous
    assert list(case.history.values_list("history_user_id", flat=True)) == [None]


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", "/check/abc%00/", None),
        ("get", "/api/v1/search?q=%E5%8F%B0%E8%B4%A6%00", None),
        ("post", "/api/v1/checks", '{"text": "a\\u0000b", "region": "880101100200"}'),
        ("post", "/api/open311/v2/requests.json", '{"description": "x\\u0000"}'),
    ],
)
def test_nul_characters_get_a_chinese_400(client, db, method, url, body):
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, data=body, content_type="application/json")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_admin_sign_in_is_throttled_after_repeated_failures(client, db):
    make_user("target")
    for _ in range(10):
        response = client.post("/admin/login/", {"username": "target", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/admin/login/", {"username": "target", "password": "pw-test-123"})
    assert response.status_code == 429 and "登录失败次数过多" in response.content.decode()
    # Another user name from the same address is not locked out.
    make_user("other")
    assert (
        client.post("/admin/login/", {"username": "other", "password": "pw-test-123"}).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.9"),  # no proxy configured: the header is ignored
        (1, "1.1.1.1", "1.1.1.1"),
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),  # a forged left-most entry is not trusted
        (2, "6.6.6.6, 1.1.1.1, 172.16.0.2", "1.1.1.1"),
        (2, "", "10.0.0.9"),
    ],
)
def test_client_address_behind_trusted_proxies(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_address(request) == expected


@override_settings(DEMO_DATA_ALLOWED=False)
def test_demo_data_is_refused_outside_dev_and_test(db):
    with pytest.raises(CommandError, match="不允许载入演示数据"):
        call_command("load_demo_data")


def test_malformed_api_parameters_get_a_chinese_400(client, db):
    response = client.get("/api/v1/search", {"q": "低保", "page": "abc"})
    assert response.status_code == 400
    assert response.json()["detail"] == "参数 page 应为正整数（阿拉伯数字），收到“abc”。"
    # An absurd page number is not an error, just an empty page.
    assert client.get("/api/v1/search", {"q": "低保", "page": "9" * 30}).status_code in (200, 400)


def test_cached_public_pages_keep_the_security_headers(client, site, county_list_in_force):
    url = site["county_list"].url
    first, second = client.get(url), client.get(url)
    assert second["X-Public-Cache"] == "hit"
    for response in (first, second):
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert response["X-Content-Type-Options"] == "nosniff"
