"""Region pages: the lists that apply to a unit, departments, search, feed."""

from __future__ import annotations

import datetime
import functools
from collections import Counter

from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path

from registry import selectors
from registry.enums import ChangeType, kinds_for_level
from registry.models import Department, ListVersion, Region

from .cache import public_cache
from .catalogue import RegionCatalogueRoutes
from .feeds import add_version_entry, atom_feed, feed_response
from .helpers import (
    DATE_RE,
    DEPARTMENT_ROLES,
    live_list_pages,
    parse_date,
    public_items,
    qs,
    redirect_to_date,
    region_pages,
)
from .search import search_response


class RegionPublicMixin(RegionCatalogueRoutes, RoutablePageMixin):
    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["region"] = self.lineage_region
        return context

    @functools.cached_property
    def lineage_region(self) -> Region:
        """The page's region with its ancestors loaded in the same query."""
        return Region.objects.select_related("parent__parent__parent__parent").get(
            pk=self.region_id
        )

    def county(self) -> Region | None:
        return self.lineage_region.county

    @path("")
    @public_cache("on")
    def current(self, request):
        if request.GET.get("on"):
            return redirect_to_date(self, request, request.GET["on"])
        return self._region_view(request, on=timezone.localdate(), dated=False)

    @re_path(rf"^{DATE_RE}/$")
    @public_cache()
    def as_of(self, request, on):
        return self._region_view(request, on=parse_date(on), dated=True)

    def _region_view(self, request, *, on: datetime.date, dated: bool):
        region = self.lineage_region
        applicable = selectors.items_for_region(region=region, on=on)
        pages = {
            p.duty_list_id: p for p in live_list_pages([entry.duty_list for entry, _ in applicable])
        }
        rows = []
        for entry, items in applicable:
            page = pages.get(entry.duty_list.pk)
            url = ""
            if page is not None:
                url = page.get_url(request)
                if dated:
                    url += f"{on.isoformat()}/"
                if entry.inherited:
                    url += qs(region=region.code)
            domains = Counter(i.domain or "其他" for i in items)
            rows.append(
                {
                    "entry": entry,
                    "count": len(items),
                    "domains": sorted(domains.items(), key=lambda d: -d[1]),
                    "url": url,
                }
            )
        return self.render(
            request,
            context_overrides={
                "on": on,
                "today": timezone.localdate(),
                "dated": dated,
                "rows": rows,
                "total": sum(r["count"] for r in rows),
                "child_pages": region_pages().child_of(self).live().select_related("region"),
                "region": region,
            },
        )

    @path("search/")
    def search(self, request):
        return search_response(self, request, region=self.lineage_region)

    @path("departments/")
    @public_cache()
    def departments(self, request):
        county = self.county()
        departments = list(county.departments.order_by("code")) if county else []
        return self.render(
            request,
            template="cms/public/departments.html",
            context_overrides={"departments": departments, "county": county},
        )

    @path("departments/<str:code>/")
    @public_cache()
    def department(self, request, code):
        county = self.county()
        department = Department.objects.filter(county=county, code=code).first() if county else None
        if department is None:
            raise Http404(f"本县没有编码为“{code}”的部门。")
        on = timezone.localdate()
        groups = selectors.items_for_department(
            department=department, region=self.lineage_region, on=on
        )
        pages = {
            p.duty_list_id: p.get_url(request)
            for p in live_list_pages([a.duty_list for a, _ in groups])
        }
        sections = [
            {
                "entry": a,
                "role": DEPARTMENT_ROLES.get(a.duty_list.kind, "相关部门"),
                "items": public_items(a.duty_list.kind, items),
                "url": pages.get(a.duty_list.pk, ""),
                "qs": qs(region=self.region.code) if a.inherited else "",
            }
            for a, items in groups
        ]
        return self.render(
            request,
            template="cms/public/department.html",
            context_overrides={"department": department, "sections": sections, "on": on},
        )

    @path("feed/")
    def feed(self, request):
        lineage = self.lineage_region.lineage()
        versions = (
            ListVersion.objects.filter(
                duty_list__region__in=lineage,
                duty_list__kind__in=kinds_for_level(self.region.level),
                change_type=ChangeType.SUBSTANTIVE,
            )
            .select_related("duty_list__region")
            .order_by("-published_at")[:50]
        )
        return feed_response(self._feed(request, list(versions)))

    def _feed(self, request, versions: list[ListVersion]) -> Atom1Feed:
        pages = {
            p.duty_list_id: p.get_url(request)
            for p in live_list_pages({v.duty_list for v in versions})
        }
        feed = atom_feed(
            request,
            title=f"{self.region.full_name}清单调整",
            link=self.get_url(request),
            description=f"适用于{self.region.name}的清单的实质性调整。",
            id_parts=("region", self.region.code),
        )
        for v in versions:
            base = pages.get(v.duty_list_id)
            if base:
                add_version_entry(feed, request, v, f"{base}versions/{v.number}/")
        return feed
