from django.apps import AppConfig


class MashangjianConfig(AppConfig):
    name = "mashangjian"
    verbose_name = "码上减"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from registry import generations

        from .models import CalendarDay, Category, RoutingRule

        # 码上减's reference data (mashangjian/refcache.py) is made of these and of regions and
        # departments (tracked by the registry).
        generations.track(Category, RoutingRule, CalendarDay)
        post_migrate.connect(_reassert_triggers, sender=self)


def _reassert_triggers(sender, using="default", **kwargs):
    """SQLite drops the case table's triggers when a migration rebuilds it: recreate them."""
    from django.db import connections

    from .db_triggers import ensure_case_figures_triggers

    ensure_case_figures_triggers(connections[using])
