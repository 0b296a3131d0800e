from django.apps import AppConfig


class MashangjianConfig(AppConfig):
    name = "mashangjian"
    verbose_name = "码上减"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from registry import generations

        from .models import CalendarDay, Category, RoutingRule

        # 码上减's reference data (mashangjian/refcache.py) is made of these and of regions and
        # departments (tracked by the registry).
        generations.track(Category, RoutingRule, CalendarDay)
