"""The admin's Chinese where Wagtail and Django leave no message to translate.

Most of the admin is translated through locale/zh_Hans (Wagtail's msgids). Three kinds of text
have no msgid and would stay English on the superuser's system screens:

- permission names, which Django stores in the database in English when it creates them
  ("Can add group", "Publish any page"); they are rewritten in Chinese after every migrate;
- column labels Wagtail derives from attribute names ("Port", "Site name" on the sites list);
- form field labels derived from field names ("Page" on the workflow and group forms).

This module is the one home of those three; `CmsConfig.ready()` calls `install()`.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Django's default permissions: codename prefix → Chinese verb.
DEFAULT_ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}
# Permissions Wagtail and its apps declare with their own English names.
NAMED = {
    ("wagtailadmin", "access_admin"): "可以进入管理后台",
    ("wagtailcore", "bulk_delete_page"): "删除含子页面的页面",
    ("wagtailcore", "lock_page"): "锁定/解锁自己锁定的页面",
    ("wagtailcore", "publish_page"): "发布任意页面",
    ("wagtailcore", "unlock_page"): "解锁任意页面",
    ("wagtaildocs", "choose_document"): "可以选择文档",
    ("wagtailimages", "choose_image"): "可以选择图片",
}


# Model names other packages leave in English (django-tasks-db; django-simple-history's
# "historical <name>" models).
VERBOSE_NAMES = {"Task Result": "后台任务结果"}
HISTORICAL = "historical "


def _chinese_verbose_name(verbose_name: str) -> str:
    if verbose_name.startswith(HISTORICAL):
        return f"{_chinese_verbose_name(verbose_name[len(HISTORICAL) :])}的修改历史"
    return VERBOSE_NAMES.get(verbose_name, verbose_name)


def chinese_permission_name(app_label: str, codename: str, verbose_name: str) -> str | None:
    """The Chinese name of a permission, or None when it is not one we know how to name."""
    if (app_label, codename) in NAMED:
        return NAMED[(app_label, codename)]
    action, _sep, _model = codename.partition("_")
    if action in DEFAULT_ACTIONS and verbose_name:
        return f"可以{DEFAULT_ACTIONS[action]}{_chinese_verbose_name(verbose_name)}"
    return None


def translate_permission_names(
    sender=None, app_config=None, using: str = DEFAULT_DB_ALIAS, **kwargs
) -> int:
    """Rewrite permission names in Chinese; returns how many rows changed. Idempotent.

    As a post_migrate receiver it handles the app just migrated. This app's ready() runs before
    django.contrib.auth's, so this receiver would run before auth creates that app's permissions:
    it creates them first itself (auth's own receiver then finds them and adds nothing).
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission
    from django.utils import translation

    permissions = Permission.objects.using(using).select_related("content_type")
    if app_config is not None:
        create_permissions(app_config, verbosity=0, using=using)
        permissions = permissions.filter(content_type__app_label=app_config.label)
    changed = []
    with translation.override("zh-hans"):
        for permission in permissions:
            model = permission.content_type.model_class()
            verbose = str(model._meta.verbose_name) if model is not None else ""
            name = chinese_permission_name(
                permission.content_type.app_label, permission.codename, verbose
            )
            if name and name != permission.name:
                permission.name = name[:255]
                changed.append(permission)
    Permission.objects.using(using).bulk_update(changed, ["name"], batch_size=500)
    return len(changed)


def _label_wagtail_screens() -> None:
    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.admin.ui.tables import Column
    from wagtail.sites.views import IndexView as SiteIndexView
    from wagtail.users.forms import PagePermissionsForm

    labels = {"port": _("端口"), "site_name": _("站点名称"), "root_page": _("根页面")}
    SiteIndexView.columns = [
        Column(column.name, label=labels[column.name], sort_key=column.sort_key)
        if column.name in labels
        else column
        for column in SiteIndexView.columns
    ]
    for form in (WorkflowPageForm, PagePermissionsForm):
        form.base_fields["page"].label = _("页面")


def install() -> None:
    # Runs after every app's migrate, so permissions created by any app are named in Chinese.
    post_migrate.connect(translate_permission_names, dispatch_uid="cms.chinese_permission_names")
    _label_wagtail_screens()
