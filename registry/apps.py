from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "清单登记"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from registry import generations
        from registry.db_triggers import register_sqlite_functions
        from registry.models import CheckDecision, Department, DutyList, ListVersion, Region
        from registry.spreadsheet_writer import guard_wagtail_csv_exports

        post_migrate.connect(_reassert_triggers, sender=self)
        connection_created.connect(register_sqlite_functions)
        guard_wagtail_csv_exports()
        # Cached pages and reference data are made of these (registry/generations.py). Items are
        # written with their version, in the same transaction, and never change. A county's
        # decided tasks are kept per process for its checks (selectors.decision_precedents).
        generations.track(Region, Department, DutyList, ListVersion, CheckDecision)


def _reassert_triggers(sender, using="default", **kwargs):
    from django.db import connections

    from registry.db_triggers import ensure_immutability_triggers

    ensure_immutability_triggers(connections[using])
