from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "内容管理"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import admin_chinese, compare, notifications, signals  # noqa: F401

        compare.register()
        admin_chinese.install()
