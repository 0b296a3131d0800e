"""Django's ``flush``, let past the registry's DELETE/TRUNCATE guards only where
``settings.REGISTRY_ALLOW_FLUSH`` is on (the test settings: transactional tests empty their
throwaway database this way). Elsewhere the database refuses to empty published versions, items
and stored checks, and the command fails with that message (registry/db_triggers.py)."""

from django.conf import settings
from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from registry.db_triggers import flush_allowed


class Command(flush.Command):
    def handle(self, **options):
        if not getattr(settings, "REGISTRY_ALLOW_FLUSH", False):
            return super().handle(**options)
        with flush_allowed(connections[options.get("database") or DEFAULT_DB_ALIAS]):
            return super().handle(**options)
