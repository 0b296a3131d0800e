"""List pages: the version in force today or on a date, one version, the timeline."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.utils import timezone
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path

from cms.public_render import item_groups_html
from registry import selectors
from registry.enums import ChangeType, ListKind, VersionStatus, kinds_for_level
from registry.models import ListVersion, Region
from registry.status import in_force_on

from .cache import public_cache
from .compare import ListCompareRoutes
from .downloads import ListDownloadRoutes
from .feeds import ListFeedRoutes
from .helpers import DATE_RE, DOWNLOAD_FORMATS, parse_date, qs, redirect_to_date
from .layers import ListLayerRoutes


class DutyListPublicMixin(
    ListCompareRoutes, ListDownloadRoutes, ListFeedRoutes, ListLayerRoutes, RoutablePageMixin
):
    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["kind_label"] = ListKind(self.kind).label
        return context

    # -- context: the region a reader came from ----------------------------------------------
    def reader_region(self, request) -> Region | None:
        """The township or village named by ``?region=``, when this list applies to it."""
        code = request.GET.get("region", "")
        if not code or self.duty_list is None:
            return None
        region = selectors.region_get(code=code)
        if (
            region is None
            or self.duty_list.region_id not in {r.pk for r in region.lineage()}
            or self.kind not in kinds_for_level(region.level)
        ):
            raise Http404(f"清单“{self.title}”不适用于区划代码“{code}”。")
        return region

    def _base(self, request) -> str:
        return self.get_url(request)

    # -- routes ----------------------------------------------------------------------------
    @path("")
    @public_cache("on", "region", "domain", "department")
    def current(self, request):
        if request.GET.get("on"):
            return redirect_to_date(self, request, request.GET["on"])
        return self._version_view(request, on=timezone.localdate(), version=None, dated=False)

    @re_path(rf"^{DATE_RE}/$")
    @public_cache("region", "domain", "department")
    def as_of(self, request, on):
        return self._version_view(request, on=parse_date(on), version=None, dated=True)

    @path("versions/<int:number>/")
    @public_cache("region", "domain", "department")
    def version(self, request, number):
        version = self._version_or_404(number)
        return self._version_view(request, on=version.effective_from, version=version, dated=True)

    @path("versions/")
    @public_cache("region")
    def versions(self, request):
        today = timezone.localdate()
        history = (
            selectors.versions_with_status(duty_list=self.duty_list, on=today)
            if self.duty_list
            else []
        )
        return self.render(
            request,
            template="cms/public/versions.html",
            context_overrides={
                "history": list(reversed(history)),
                "today": today,
                "statuses": VersionStatus,
                "region_qs": qs(region=request.GET.get("region", "")),
                "base": self._base(request),
                "change_types": ChangeType,
            },
        )

    # -- shared ----------------------------------------------------------------------------
    def _version_or_404(self, number: int) -> ListVersion:
        version = (
            selectors.version_by_number(duty_list=self.duty_list, number=number)
            if self.duty_list
            else None
        )
        if version is None:
            raise Http404(f"“{self.title}”没有第{number}版。")
        return version

    def _in_force_or_404(self, on: datetime.date) -> ListVersion:
        version = (
            selectors.version_in_force(duty_list=self.duty_list, on=on) if self.duty_list else None
        )
        if version is None:
            raise Http404(f"“{self.title}”在{on:%Y年%m月%d日}没有有效版本。")
        return version

    def _version_view(
        self, request, *, on: datetime.date, version: ListVersion | None, dated: bool
    ):
        today = timezone.localdate()
        reader_region = self.reader_region(request)
        history = (
            selectors.versions_with_status(duty_list=self.duty_list, on=today)
            if self.duty_list
            else []
        )
        if version is None:
            in_force = in_force_on([r.version for r in history], on)
            row = next((r for r in history if r.version is in_force), None)
        else:
            row = next((r for r in history if r.version.pk == version.pk), None)
        version = row.version if row else None
        current = next((r for r in history if r.status == VersionStatus.IN_FORCE), None)
        pending = [r for r in history if r.status == VersionStatus.PENDING]
        items: list[dict] = []
        listed = None
        if version is not None:
            # Plain values, not model instances: a 1,000-item list is read and rendered in a
            # few milliseconds (see cms/public_render.py). The unit's list is resolved through
            # its layers (city catalogue → county → township: registry.layers).
            listed = self._unit_list(reader_region, version, on=on)
            items = listed.items if listed else []
        all_domains = list(dict.fromkeys(i["domain"] for i in items if i["domain"]))
        all_departments = sorted({i["department"] for i in items if i["department"]})
        domain = request.GET.get("domain", "")
        department = request.GET.get("department", "")
        shown = [
            i
            for i in items
            if (not domain or i["domain"] == domain)
            and (not department or i["department"] == department)
        ]
        base = self._base(request)
        region_code = reader_region.code if reader_region else ""
        version_url = f"{base}versions/{version.number}/" if version else base
        here = f"{base}{on.isoformat()}/" if dated and version and row is not current else base
        permalink = request.build_absolute_uri(here)
        groups_html = (
            item_groups_html(
                kind=self.kind,
                items=shown,
                page_title=self.title,
                document_no=version.document_no,
                permalink=permalink,
                provenance=bool(listed and listed.derived),
            )
            if version is not None
            else ""
        )
        return self.render(
            request,
            template="cms/duty_list_page.html",
            context_overrides={
                "today": today,
                "on": on,
                "dated": dated,
                "version": version,
                "row": row,
                "current": current,
                "pending": pending,
                "is_current": row is not None and row is current,
                "history": history,
                "groups_html": groups_html,
                "shown_count": len(shown),
                "item_count": len(items),
                "domains": all_domains,
                "departments": all_departments,
                "domain": domain,
                "department": department,
                "reader_region": reader_region,
                "region_qs": qs(region=region_code),
                "base": base,
                "here": here,
                "version_url": version_url,
                "permalink": permalink,
                "statuses": VersionStatus,
                "formats": DOWNLOAD_FORMATS,
                "listed": listed,
                "derived": bool(listed and listed.derived),
                "differences_url": f"{base}differences/{qs(region=region_code)}",
            },
        )
