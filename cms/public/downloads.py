"""Print views and downloads (xlsx, csv, json) of a list version."""

from __future__ import annotations

from django.utils import timezone
from wagtail.contrib.routable_page.models import path, re_path

from cms.public_render import display_value
from registry import selectors
from registry.columns import display_columns
from registry.exports import export_response
from registry.models import ListVersion

from .cache import public_cache
from .helpers import qr_svg, qs


class ListDownloadRoutes:
    """Print and download routes; mixed into ``DutyListPublicMixin``."""

    @path("print/")
    @public_cache("region")
    def print_current(self, request):
        version = self._in_force_or_404(timezone.localdate())
        return self._print(request, version)

    @path("versions/<int:number>/print/")
    @public_cache("region")
    def print_version(self, request, number):
        return self._print(request, self._version_or_404(number))

    @re_path(r"^versions/(?P<number>\d+)/(?P<fmt>xlsx|csv|json)/$")
    def download(self, request, number, fmt):
        version = self._version_or_404(int(number))
        reader_region = self.reader_region(request)
        return export_response(selectors.version_export(version=version, unit=reader_region), fmt)

    def _print(self, request, version: ListVersion):
        base = self._base(request)
        reader_region = self.reader_region(request)
        region_qs = qs(region=reader_region.code if reader_region else "")
        permalink = request.build_absolute_uri(f"{base}versions/{version.number}/{region_qs}")
        listed = self._unit_list(reader_region, version, on=timezone.localdate())
        items = listed.items if listed else []
        columns = display_columns(self.kind)
        if listed and listed.derived:
            columns = [("provenance_label", "来源"), ("source_reference", "出处"), *columns]
        return self.render(
            request,
            template="cms/public/print.html",
            context_overrides={
                "version": version,
                "unit": reader_region or self._list_region(),
                "listed": listed,
                "columns": columns,
                "rows": [[display_value(i, f) for f, _ in columns] for i in items],
                "permalink": permalink,
                "qr_svg": qr_svg(permalink),
                "status": selectors.version_status(version=version),
                "printed_on": timezone.localdate(),
            },
        )
