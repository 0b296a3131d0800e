"""The admin's Chinese: the project's locale overrides are compiled, complete and used, and the
branded screens carry no English and no link to the internet (issue 9 item 6)."""

import datetime
import gettext
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from tests.factories import make_user

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_committed_mo_matches_its_po(domain, tmp_path):
    if shutil.which("msgfmt") is None:
        if os.environ.get("CI"):
            pytest.fail("CI 环境缺少 msgfmt（apt-get install -y gettext）。")
        pytest.skip("msgfmt not installed (apt-get install -y gettext)")
    fresh = tmp_path / f"{domain}.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(fresh), str(LOCALE / f"{domain}.po")], check=True
    )
    committed = gettext.GNUTranslations((LOCALE / f"{domain}.mo").open("rb"))
    rebuilt = gettext.GNUTranslations(fresh.open("rb"))
    assert committed._catalog == rebuilt._catalog, "locale 已修改但未重新编译：运行 make messages"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_override_is_translated_and_never_says_wagtail(domain):
    catalog = gettext.GNUTranslations((LOCALE / f"{domain}.mo").open("rb"))._catalog
    for key, text in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid:  # "" is the header
            assert text.strip() and "Wagtail" not in text, (msgid, text)


@pytest.mark.parametrize(
    "english, chinese",
    [
        ("Exploring", "正在浏览"),
        ("Saved", "已保存"),
        ("Compare", "比较"),
        ("Sign in to Wagtail", "登录管理后台"),
        ("Your pages and snippets in a workflow", "我参与的审核流程中的页面和片段"),
        ("This %(model_name)s is currently awaiting moderation.", "此%(model_name)s正在等待审核。"),
        ("The page could not be saved due to validation errors.", None),
    ],
)
def test_wagtail_strings_are_chinese(english, chinese):
    with translation.override("zh-hans"):
        text = translation.gettext(english)
    assert text != english
    if chinese:
        assert text == chinese


def test_page_counts_are_chinese():
    with translation.override("zh-hans"):
        text = translation.gettext(
            "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"
        )
    assert text % {"start_index": 1, "end_index": 11, "items_count": 11, "model_name": "页面"} == (
        "第 1–11 个，共 11 个页面"
    )


@pytest.mark.django_db
def test_sign_in_page_is_branded_and_chinese():
    body = Client().get("/admin/login/").content.decode()
    assert "登录基层减负清单管理后台" in body
    assert "密码" in body
    assert "登录Wagtail" not in body and ">Password" not in body
    assert "<title>登录 - 基层减负清单管理后台</title>" in body


@pytest.mark.django_db
def test_dashboard_has_no_link_to_the_internet_and_no_english_summary():
    client = Client()
    client.force_login(make_user("root", superuser=True))
    body = client.get("/admin/").content.decode()
    assert "欢迎使用" in body
    for outside in ("guide.wagtail.org", "gravatar", "releases.wagtail.io", "wagtail.org"):
        assert outside not in body
    assert "created in" not in body and "editor guide" not in body


@pytest.mark.django_db
def test_an_empty_date_compares_as_chinese_not_none():
    from wagtail.admin.compare import comparison_class_registry

    from cms.models import DutyListPage

    field = DutyListPage._meta.get_field("next_effective_from")
    before = DutyListPage(next_effective_from=None)
    after = DutyListPage(next_effective_from=datetime.date(2027, 2, 1))
    comparison = comparison_class_registry.get(field)(field, before, after)
    html = str(comparison.htmldiff())
    assert "None" not in html and "（空）" in html and "2027-02-01" in html


SYSTEM_APPS = ("auth", "wagtailcore", "wagtailadmin", "registry", "cms", "mashangjian")


@pytest.mark.django_db
def test_permission_names_are_chinese_after_migrate():
    """Django stores permission names in English ("Can add group", "Publish any page"); the
    superuser's group screen lists them. After migrate they are Chinese."""
    from django.contrib.auth.models import Permission

    names = Permission.objects.filter(content_type__app_label__in=SYSTEM_APPS)
    assert names.count() > 50
    english = [p.name for p in names if "Can " in p.name or p.name.isascii()]
    assert english == []
    assert names.get(codename="publish_page").name == "发布任意页面"
    assert names.get(codename="add_group").name == "可以添加组"


@pytest.mark.django_db
def test_permission_names_are_rewritten_idempotently():
    from django.contrib.auth.models import Permission

    from cms.admin_chinese import translate_permission_names

    Permission.objects.filter(codename="add_group").update(name="Can add group")
    assert translate_permission_names() == 1
    assert translate_permission_names() == 0
    assert Permission.objects.get(codename="add_group").name == "可以添加组"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, english",
    [
        ("/admin/groups/new/", ["Can add group", "Publish any page", ">Page<"]),
        ("/admin/sites/", [">Port<", "Site name", "Root page"]),
        ("/admin/workflows/add/", [">Page<"]),
    ],
)
def test_superuser_system_screens_have_chinese_labels(url, english):
    client = Client()
    client.force_login(make_user("root", superuser=True))
    body = client.get(url).content.decode()
    for word in english:
        assert word not in body, word
