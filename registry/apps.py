from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "清单登记"
    default_auto_field = "django.db.models.BigAutoField"
