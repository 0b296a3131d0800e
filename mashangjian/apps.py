from django.apps import AppConfig


class MashangjianConfig(AppConfig):
    name = "mashangjian"
    verbose_name = "码上减"
    default_auto_field = "django.db.models.BigAutoField"
