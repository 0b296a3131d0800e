"""A unit's list through its layers (city catalogue → county → township: registry.layers):
the list as the reader's unit carries it, and 与上级清单的差异."""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.contrib.routable_page.models import path

from registry import selectors
from registry.models import ListVersion, Region

from .cache import public_cache
from .helpers import qs


class ListLayerRoutes:
    """Mixed into ``DutyListPublicMixin``."""

    def _list_region(self) -> Region:
        """The list's own region with its ancestors, in one query (for the layers above it)."""
        if not hasattr(self, "_list_region_cache"):
            self._list_region_cache = Region.objects.select_related(
                "parent__parent__parent__parent"
            ).get(pk=self.duty_list.region_id)
        return self._list_region_cache

    def _unit_list(self, reader_region, version: ListVersion, *, on: datetime.date | None = None):
        """This list's ``version`` as the reader's unit (``?region=``, else the list's own
        region) carries it: resolved through its layers, with provenance."""
        unit = reader_region or self._list_region()
        if on is None or on < version.effective_from:
            on = version.effective_from
        return selectors.unit_list(unit=unit, kind=self.kind, on=on, pin=version)

    @path("differences/")
    @public_cache("region")
    def differences(self, request):
        """与上级清单的差异: what this unit's list adds, excludes and words locally."""
        reader_region = self.reader_region(request)
        version = self._in_force_or_404(timezone.localdate())
        unit = reader_region or self._list_region()
        listed = self._unit_list(reader_region, version, on=timezone.localdate())
        resolved = listed.resolved
        added = [i for i in listed.items if i["provenance"] == "local"]
        return self.render(
            request,
            template="cms/public/differences.html",
            context_overrides={
                "unit": unit,
                "listed": listed,
                "version": version,
                "added": added,
                "inherited_added": [
                    i for i in listed.items if i["provenance"] not in ("local", "own")
                ],
                # The unit's own adjustments; those of the levels above are in the source.
                "exclusions": resolved.own_exclusions,
                "rewordings": resolved.own_rewordings,
                "base": self._base(request),
                "region_qs": qs(region=reader_region.code if reader_region else ""),
            },
        )
