"""Every error page a person can land on is Chinese, self-contained and carries the favicon
(issue 11: "the 400 and 500 pages under production settings are Django's English ones; the
CSRF-failure page is English and tells a reporter to set DEBUG=True; in the demo every 404 is
the English debug page")."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from cms import error_views

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = re.compile(r"Not Found|Bad Request|Server Error|Forbidden|CSRF|DEBUG|Django")


def assert_chinese_page(response, status: int, heading: str) -> str:
    body = response.content.decode()
    assert response.status_code == status
    assert '<html lang="zh-CN">' in body
    assert heading in body
    assert '<link rel="icon" href="/favicon.ico">' in body
    assert not ENGLISH.search(body), ENGLISH.search(body)
    # A walk: the error pages had a narrower column than the site and no footer.
    assert "main { max-width: 64rem;" in body
    # A second walk: the column sat 16 px off the site's (no border-box) and h1 was smaller.
    assert "* { box-sizing: border-box; }" in body
    assert "@media (min-width: 40rem) { h1 { font-size: 1.75rem; } }" in body
    assert "<footer><p>本站公布的清单以文号所示正式文件为准。</p></footer>" in body
    return body


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.cms.error_urls"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, host, status, heading, text",
    [
        ("/no-such-page.txt", "testserver", 404, "未找到该页面", "您访问的地址不存在"),
        ("/", "evil.example", 400, "请求有误", "访问的域名不属于本站"),
        ("/suspicious/", "testserver", 400, "请求有误", "请检查地址"),
        ("/refuse-zh/", "testserver", 403, "无权访问", "不在您负责的区划范围内"),
        ("/refuse-en/", "testserver", 403, "无权访问", "您没有访问此页面的权限"),
        ("/boom/", "testserver", 500, "服务器出错", "错误已记录"),
    ],
)
def test_error_pages_are_chinese(failing_urls, path, host, status, heading, text):
    client = Client(raise_request_exception=False, HTTP_HOST=host)
    assert text in assert_chinese_page(client.get(path), status, heading)


@pytest.mark.django_db
def test_csrf_failure_is_chinese_and_never_mentions_debug(tree):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/check/", {"text": "要求村里每天报送表格", "region": tree["town"].code})
    body = assert_chinese_page(response, 403, "页面已过期")
    assert "Cookie" in body


def test_error_pages_need_no_database_and_no_request_context():
    """No `db` mark: pytest-django refuses any query, so these prove the pages are self-contained."""
    request = RequestFactory().get("/x/")
    for response, status in (
        (error_views.bad_request(request, Exception()), 400),
        (error_views.permission_denied(request, Exception()), 403),
        (error_views.page_not_found(request, Exception()), 404),
        (error_views.server_error(request), 500),
        (error_views.csrf_failure(request, reason="CSRF cookie not set."), 403),
    ):
        assert response.status_code == status
        assert '<html lang="zh-CN">' in response.content.decode()


def test_a_broken_template_still_gives_a_chinese_page(settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False}]
    response = error_views.server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500 and '<html lang="zh-CN">' in body and "出错了" in body


@pytest.mark.django_db
def test_favicon_is_served_by_the_app_and_linked_from_the_pages(tree):
    client = Client()
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert (ROOT / "static" / "img" / "favicon.svg").exists()
    home = client.get("/check/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg"' in home
    login = client.get("/admin/login/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg"' in login


# Run in a fresh interpreter: the settings module itself is what is under test. The database is
# an empty SQLite file, so the home page fails (no tables) and must still answer the Chinese 500;
# the 404 needs a database (Wagtail's redirect lookup) and is proved by `demo_check` in CI.
PROBE = """
import json, django
django.setup()
from django.test import Client
c = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
out = {
    "debug": __import__("django.conf").conf.settings.DEBUG,
    "400": c.get("/no-such-page.txt", HTTP_HOST="evil.example"),
    "403": Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1").post("/check/", {"text": "x"}),
    "500": c.get("/"),
}
print(json.dumps({k: v if k == "debug" else [v.status_code, v.content.decode()] for k, v in out.items()}))
"""


def _settings_env(module: str, tmp_path, database: str) -> dict:
    """The environment a production-like process needs: secrets, a SQLite file, a cache dir."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": module,
        "SECRET_KEY": "probe-only",
        "ALLOWED_HOSTS": "127.0.0.1",  # the demo settings allow the same host
        "DATABASE_URL": f"sqlite:///{tmp_path / database}",
        "CACHE_LOCATION": str(tmp_path / "cache"),
    }


def _python(code: str, *args: str, env: dict) -> str:
    """Run ``code`` in a new interpreter at the project root; its output, stripped."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


@pytest.mark.parametrize("module", ["cms.settings.production", "cms.settings.demo"])
def test_error_pages_under_production_and_demo_settings(module, tmp_path):
    env = {**_settings_env(module, tmp_path, "empty.sqlite3"), "DJANGO_LOG_LEVEL": "CRITICAL"}
    pages = json.loads(_python(PROBE, env=env).splitlines()[-1])
    assert pages.pop("debug") is False
    headings = {"400": "请求有误", "403": "页面已过期", "500": "服务器出错"}
    for code, (status, body) in pages.items():
        assert status == int(code), (code, body[:300])
        assert '<html lang="zh-CN">' in body and headings[code] in body, (code, body[:300])
        assert not ENGLISH.search(body), (code, ENGLISH.search(body))


# CI's first run of the probe above answered the home page with 200: `make demo-check` had filled
# the host's page cache from the demo database, and the probe's empty database found it there.
CACHE_PROBE = """
import sys, django
django.setup()
from django.core.cache import cache
if sys.argv[1] == "write":
    cache.set("home-page", "from the first database")
else:
    print(repr(cache.get("home-page")))
"""


def test_a_cache_shared_by_two_databases_never_answers_for_the_other(tmp_path):
    def run(step, database):
        # The cache is one host's cache directory, whatever the environment names.
        env = _settings_env("cms.settings.production", tmp_path, database)
        env.pop("REDIS_URL", None)
        return _python(CACHE_PROBE, step, env=env)

    run("write", "demo.sqlite3")
    assert run("read", "demo.sqlite3") == "'from the first database'"
    assert run("read", "other.sqlite3") == "None"
