"""The public site: what the page classes serve to readers, as routable-page mixins.

URL design after eCFR and legislation.gov.uk (see docs/public-site.md):

    <list>/                      the version in force today
    <list>/<YYYY-MM-DD>/         the version in force on that date
    <list>/versions/             every version with its change note (timeline)
    <list>/versions/<n>/         one version; .../<n>/xlsx|csv|json downloads it, .../print/ prints it
    <list>/compare/<a>/<b>/      what changed from version a to version b
    <list>/print/  <list>/feed/  print view of today's version; Atom feed of substantive changes
    <region>/ <region>/<date>/   the lists that apply to a unit, inherited ones included
    <region>/search/             search within the unit; <region>/departments/<code>/ department pivot
    <region>/feed/               Atom feed of the lists that apply to the unit

``?region=<code>`` on a list URL keeps a township/village context: items are
narrowed by ``applies_to`` and links keep the parameter.

Reader pages are cached (``public_cache``); the key carries today's date (a
version that takes effect at midnight shows up without any action) and a
generation that changes whenever a version is published or a page is
(un)published (see ``cache_generation``).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
from collections import Counter
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.signals import page_published, page_unpublished

from cms.public_render import comparison_sections_html, display_value, item_groups_html
from registry import params as request_params
from registry import selectors
from registry.columns import ADMISSION_COLUMNS, display_columns
from registry.enums import (
    ChangeType,
    ListKind,
    RegionLevel,
    VersionStatus,
    applies_to_values_for,
    kinds_for_level,
)
from registry.exports import export_response
from registry.models import Department, ListItem, ListVersion, Region

CACHE_SECONDS = 60 * 60
DATE_RE = r"(?P<on>\d{4}-\d{2}-\d{2})"
DOWNLOAD_FORMATS = ("xlsx", "csv", "json")

# The department pivot: what a department is, in each list that names one.
DEPARTMENT_ROLES: dict[str, str] = {
    ListKind.TOWNSHIP_COOPERATE: "县级主责部门（乡镇配合）",
    ListKind.TOWNSHIP_WITHDRAWN: "承接部门（由乡镇收回）",
    ListKind.VILLAGE_ASSIST: "责任部门（村、社区协助）",
}
COMPARE_SECTIONS = (
    ("added", "新增事项"),
    ("removed", "删除事项"),
    ("modified", "内容修改"),
    ("moved", "序号调整"),
    ("moved_in", "由其他清单移入"),
    ("moved_out", "移出至其他清单"),
)
FIELD_LABELS: dict[str, str] = {
    "domain": "领域/类别",
    "name": "事项名称",
    "content": "具体内容",
    "basis": "依据",
    "department": "相关部门",
    "department_duty": "部门职责",
    "local_duty": "配合职责",
    "alternative": "替代办理方式",
    "issuer": "出具主体",
    "note": "备注",
    "applies_to": "适用范围",
    **dict(ADMISSION_COLUMNS),
    "adjustment": "调整方式",
    "reason": "不适用理由/调整说明",
}


# --------------------------------------------------------------------------------------------
# Caching
# --------------------------------------------------------------------------------------------
_GENERATION_KEY = "public:generation"


def cache_generation() -> str:
    """Changes when a version is published (any process: read from the database) or a page
    is (un)published (this cache's counter)."""
    latest = ListVersion.objects.aggregate(latest=Max("pk"))["latest"] or 0
    return f"{latest}.{cache.get(_GENERATION_KEY, 0)}"


def cache_bump() -> None:
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 1, None)


@receiver(post_save, sender=ListVersion)
def _version_published(sender, instance, created, **kwargs):
    if created:
        cache_bump()


@receiver(post_save, sender=Department)
def _department_saved(sender, **kwargs):
    # Published items keep their names; the department list and pivot headings do not.
    cache_bump()


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, **kwargs):
    cache_bump()


def _cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and not getattr(request, "is_preview", False)
        and not request.user.is_authenticated
    )


def _cache_key(request) -> str:
    raw = (
        f"{request.get_host()}|{request.get_full_path()}|{timezone.localdate()}|"
        f"{cache_generation()}"
    )
    return "public:page:" + hashlib.sha256(raw.encode()).hexdigest()


class PublicPageCacheMiddleware:
    """Answers reader pages from the cache before Wagtail routes the request (which alone
    costs a query per tree level). Only responses marked by ``public_cache`` are stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request) or request.path.startswith(("/admin/", "/api/")):
            return self.get_response(request)
        key = _cache_key(request)
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Public-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if getattr(response, "public_cacheable", False) and response.status_code == 200:
            cache.set(key, (response.content, response["Content-Type"]), CACHE_SECONDS)
        return response


def public_cache(view):
    """Mark a reader page as cacheable (anonymous GET, 200 only; stored by the middleware)."""

    @functools.wraps(view)
    def wrapper(page, request, *args, **kwargs):
        response = view(page, request, *args, **kwargs)
        if _cacheable_request(request):
            if hasattr(response, "render"):
                response = response.render()
            response.public_cacheable = True
            response["X-Public-Cache"] = "miss"
        return response

    return wrapper


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
def parse_date(value: str) -> datetime.date:
    try:
        return request_params.date(value, name="date")
    except request_params.BadParameter:
        raise Http404(f"日期“{value}”无效，应为 YYYY-MM-DD 格式，例如 2026-03-01。")


@dataclasses.dataclass(frozen=True)
class PublicItem:
    """An item as a reader sees it: labelled values in the kind's column order."""

    item: ListItem
    fields: tuple[tuple[str, str], ...]

    @property
    def code(self) -> str:
        return self.item.code


def _display(item: ListItem, field: str) -> str:
    if field == "department":
        return item.department_label  # the short name as published, not the current one
    if field == "applies_to":
        return item.get_applies_to_display()
    return str(getattr(item, field) or "")


def public_items(kind: str, items: list[ListItem]) -> list[PublicItem]:
    shown = [(f, h) for f, h in display_columns(kind) if f not in ("seq", "name", "domain")]
    return [
        PublicItem(
            item=i,
            fields=tuple((h, v) for f, h in shown if (v := _display(i, f))),
        )
        for i in items
    ]


def _qs(**params) -> str:
    clean = {k: v for k, v in params.items() if v}
    return "?" + urlencode(clean) if clean else ""


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=3, border=2)


def _feed_response(feed: Atom1Feed) -> HttpResponse:
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


def feed_id(*parts: str) -> str:
    """A tag: URI (RFC 4151): the same id whatever host or path the feed is read through."""
    return f"tag:{settings.FEED_TAG_AUTHORITY},2025:{'/'.join(parts)}"


def _atom_feed(request, *, title: str, link: str, description: str, id_parts) -> Atom1Feed:
    # RFC 4287: a feed has an author (the site that publishes the lists) and a permanent id.
    return Atom1Feed(
        title=title,
        link=request.build_absolute_uri(link),
        description=description,
        language="zh-CN",
        feed_url=request.build_absolute_uri(),
        feed_guid=feed_id("feed", *id_parts),
        author_name=settings.WAGTAIL_SITE_NAME,
    )


def _add_version_entry(feed: Atom1Feed, request, version: ListVersion, link: str) -> None:
    duty_list = version.duty_list
    feed.add_item(
        title=f"{duty_list} 第{version.number}版（{version.document_no}）",
        link=request.build_absolute_uri(link),
        unique_id=feed_id("list", duty_list.region.code, duty_list.kind, f"v{version.number}"),
        description=(
            f"{version.effective_from:%Y年%m月%d日}起施行。{version.change_note or ''}".strip()
        ),
        author_name=version.issuing_body or None,
        pubdate=version.published_at,
        updateddate=version.published_at,
    )


# --------------------------------------------------------------------------------------------
# Home page
# --------------------------------------------------------------------------------------------
class HomePublicMixin(RoutablePageMixin):
    def get_context(self, request, *args, **kwargs):
        from cms.models import RegionPage

        context = super().get_context(request, *args, **kwargs)
        context["region_pages"] = RegionPage.objects.child_of(self).live().select_related("region")
        context["counties"] = (
            RegionPage.objects.descendant_of(self)
            .live()
            .filter(region__level=RegionLevel.COUNTY)
            .select_related("region")
        )
        return context

    @path("")
    @public_cache
    def home(self, request):
        return self.render(request)

    @path("search/")
    def search(self, request):
        return _search_response(self, request, region=None)


# --------------------------------------------------------------------------------------------
# Region pages
# --------------------------------------------------------------------------------------------
class RegionPublicMixin(RoutablePageMixin):
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
        node = self.lineage_region
        while node is not None and node.level != RegionLevel.COUNTY:
            node = node.parent
        return node

    @path("")
    @public_cache
    def current(self, request):
        if request.GET.get("on"):
            return _redirect_to_date(self, request, request.GET["on"])
        return self._region_view(request, on=timezone.localdate(), dated=False)

    @re_path(rf"^{DATE_RE}/$")
    @public_cache
    def as_of(self, request, on):
        return self._region_view(request, on=parse_date(on), dated=True)

    def _region_view(self, request, *, on: datetime.date, dated: bool):
        from cms.models import DutyListPage, RegionPage

        region = self.lineage_region
        applicable = selectors.items_for_region(region=region, on=on)
        pages = {
            p.duty_list_id: p
            for p in DutyListPage.objects.live().filter(
                duty_list__in=[entry.duty_list for entry, _ in applicable]
            )
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
                    url += _qs(region=region.code)
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
                "child_pages": RegionPage.objects.child_of(self).live().select_related("region"),
                "region": region,
            },
        )

    @path("search/")
    def search(self, request):
        return _search_response(self, request, region=self.lineage_region)

    # -- the city's catalogue against its counties -----------------------------------------
    def _catalogue_diffs(self):
        region = self.lineage_region
        if region.level != RegionLevel.CITY:
            raise Http404(f"{region.name}不是市级区划，没有指导目录对照。")
        return selectors.catalogue_comparison(city=region, on=timezone.localdate())

    @path("catalogue/")
    @public_cache
    def catalogue(self, request):
        """各县（区）对照指导目录的增减 (read-only, for the city and the public alike)."""
        diffs = self._catalogue_diffs()
        return self.render(
            request,
            template="cms/public/catalogue.html",
            context_overrides={"diffs": diffs, "today": timezone.localdate()},
        )

    @path("catalogue/xlsx/")
    def catalogue_xlsx(self, request):
        from registry.spreadsheet_writer import file_response, write_table

        diffs = self._catalogue_diffs()
        today = timezone.localdate()
        rows: list[list] = [
            ["县（区）", "清单", "县（区）清单文号", "调整", "事项编码", "事项名称", "说明"]
        ]
        for d in diffs:
            head = [
                d.county.name,
                ListKind(d.kind).label,
                d.version.document_no if d.version else "沿用指导目录",
            ]
            rows += [
                [*head, "本级增补", i["code"], i["name"], i.get("content", "")] for i in d.added
            ]
            rows += [[*head, "不适用", i["code"], i["name"], i["reason"]] for i in d.excluded]
            rows += [
                [
                    *head,
                    "本级表述",
                    new["code"],
                    new["name"],
                    "、".join(FIELD_LABELS.get(f, f) for f in fields),
                ]
                for _, new, fields in d.reworded
            ]
        region = self.lineage_region
        catalogue_nos = "、".join(sorted({d.catalogue.document_no for d in diffs}))
        name = f"{region.name}各县（区）对照指导目录的增减"
        return file_response(
            write_table(
                "xlsx",
                rows,
                sheet_name="对照指导目录的增减",
                title=[
                    f"单位：{region.name}",
                    f"指导目录：{catalogue_nos}",
                    f"截至：{today.isoformat()}",
                ],
            ),
            fmt="xlsx",
            filename=f"{name}（{today.isoformat()}）.xlsx",
            fallback=f"{region.code}-catalogue-{today.isoformat()}.xlsx",
        )

    @path("departments/")
    @public_cache
    def departments(self, request):
        county = self.county()
        departments = list(county.departments.order_by("code")) if county else []
        return self.render(
            request,
            template="cms/public/departments.html",
            context_overrides={"departments": departments, "county": county},
        )

    @path("departments/<str:code>/")
    @public_cache
    def department(self, request, code):
        from cms.models import DutyListPage

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
            for p in DutyListPage.objects.live().filter(
                duty_list__in=[a.duty_list for a, _ in groups]
            )
        }
        sections = [
            {
                "entry": a,
                "role": DEPARTMENT_ROLES.get(a.duty_list.kind, "相关部门"),
                "items": public_items(a.duty_list.kind, items),
                "url": pages.get(a.duty_list.pk, ""),
                "qs": _qs(region=self.region.code) if a.inherited else "",
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
        return _feed_response(self._feed(request, list(versions)))

    def _feed(self, request, versions: list[ListVersion]) -> Atom1Feed:
        from cms.models import DutyListPage

        pages = {
            p.duty_list_id: p.get_url(request)
            for p in DutyListPage.objects.live().filter(
                duty_list__in={v.duty_list for v in versions}
            )
        }
        feed = _atom_feed(
            request,
            title=f"{self.region.full_name}清单调整",
            link=self.get_url(request),
            description=f"适用于{self.region.name}的清单的实质性调整。",
            id_parts=("region", self.region.code),
        )
        for v in versions:
            base = pages.get(v.duty_list_id)
            if base:
                _add_version_entry(feed, request, v, f"{base}versions/{v.number}/")
        return feed


# --------------------------------------------------------------------------------------------
# List pages
# --------------------------------------------------------------------------------------------
class DutyListPublicMixin(RoutablePageMixin):
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
    @public_cache
    def current(self, request):
        if request.GET.get("on"):
            return _redirect_to_date(self, request, request.GET["on"])
        return self._version_view(request, on=timezone.localdate(), version=None, dated=False)

    @re_path(rf"^{DATE_RE}/$")
    @public_cache
    def as_of(self, request, on):
        return self._version_view(request, on=parse_date(on), version=None, dated=True)

    @path("versions/<int:number>/")
    @public_cache
    def version(self, request, number):
        version = self._version_or_404(number)
        return self._version_view(request, on=version.effective_from, version=version, dated=True)

    @path("versions/")
    @public_cache
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
                "region_qs": _qs(region=request.GET.get("region", "")),
                "base": self._base(request),
                "change_types": ChangeType,
            },
        )

    @path("compare/")
    def compare_form(self, request):
        a = request_params.integer(request.GET.get("from"), name="from", minimum=1)
        b = request_params.integer(request.GET.get("to"), name="to", minimum=1)
        return HttpResponseRedirect(
            f"{self._base(request)}compare/{a}/{b}/{_qs(region=request.GET.get('region', ''))}"
        )

    @path("compare/<int:old>/<int:new>/")
    @public_cache
    def compare(self, request, old, new):
        old_v, new_v = self._version_or_404(old), self._version_or_404(new)
        reader_region = self.reader_region(request)
        if reader_region is not None or self.duty_list.is_derived:
            # The unit's context (issue 14: the compare page ignored ?region=).
            comparison = selectors.unit_compare(
                unit=reader_region or self._list_region(), old=old_v, new=new_v
            )
        else:
            comparison = selectors.version_compare(old=old_v, new=new_v)
        sections = [(key, label, getattr(comparison, key)) for key, label in COMPARE_SECTIONS]
        changes_html = comparison_sections_html(
            comparison=comparison,
            sections=COMPARE_SECTIONS,
            kind_labels=dict(ListKind.choices),
            field_labels=FIELD_LABELS,
        )
        return self.render(
            request,
            template="cms/public/compare.html",
            context_overrides={
                "old": old_v,
                "new": new_v,
                "comparison": comparison,
                "sections": sections,
                "changes_html": changes_html,
                "base": self._base(request),
                "region_qs": _qs(region=request.GET.get("region", "")),
                "all_versions": list(self.duty_list.versions.order_by("number")),
            },
        )

    @path("print/")
    @public_cache
    def print_current(self, request):
        version = self._in_force_or_404(timezone.localdate())
        return self._print(request, version)

    @path("versions/<int:number>/print/")
    @public_cache
    def print_version(self, request, number):
        return self._print(request, self._version_or_404(number))

    @re_path(r"^versions/(?P<number>\d+)/(?P<fmt>xlsx|csv|json)/$")
    def download(self, request, number, fmt):
        version = self._version_or_404(int(number))
        reader_region = self.reader_region(request)
        return export_response(selectors.version_export(version=version, unit=reader_region), fmt)

    @path("feed/")
    def feed(self, request):
        versions = (
            list(
                self.duty_list.versions.filter(change_type=ChangeType.SUBSTANTIVE)
                .select_related("duty_list__region")
                .order_by("-published_at")
            )
            if self.duty_list
            else []
        )
        base = self._base(request)
        feed = _atom_feed(
            request,
            title=f"{self.title} · 版本更新",
            link=base,
            description=f"{self.title}的实质性调整。",
            id_parts=(
                ("list", self.duty_list.region.code, self.kind)
                if self.duty_list
                else ("page", str(self.pk))
            ),
        )
        for v in versions:
            _add_version_entry(feed, request, v, f"{base}versions/{v.number}/")
        return _feed_response(feed)

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
            in_force = [r for r in history if r.version.effective_from <= on]
            row = in_force[-1] if in_force else None
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
                "region_qs": _qs(region=region_code),
                "base": base,
                "here": here,
                "version_url": version_url,
                "permalink": permalink,
                "statuses": VersionStatus,
                "formats": DOWNLOAD_FORMATS,
                "listed": listed,
                "derived": bool(listed and listed.derived),
                "differences_url": f"{base}differences/{_qs(region=region_code)}",
            },
        )

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
    @public_cache
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
                "region_qs": _qs(region=reader_region.code if reader_region else ""),
            },
        )

    def _print(self, request, version: ListVersion):
        base = self._base(request)
        reader_region = self.reader_region(request)
        region_qs = _qs(region=reader_region.code if reader_region else "")
        permalink = request.build_absolute_uri(f"{base}versions/{version.number}/{region_qs}")
        listed = self._unit_list(reader_region, version, on=timezone.localdate())
        items = listed.items if listed else []
        columns = display_columns(self.kind)
        if listed and listed.derived:
            columns = [("provenance_label", "来源"), *columns]
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


# --------------------------------------------------------------------------------------------
# Shared views
# --------------------------------------------------------------------------------------------
def _redirect_to_date(page, request, value: str):
    on = parse_date(value)
    params = {k: v for k, v in request.GET.items() if k != "on"}
    return HttpResponseRedirect(f"{page.get_url(request)}{on.isoformat()}/{_qs(**params)}")


def _search_response(page, request, *, region: Region | None):
    from cms.models import DutyListPage
    from registry.search import search_items

    q = request.GET.get("q", "").strip()
    error = ""
    on = timezone.localdate()
    try:
        on = request_params.date(request.GET.get("on"), name="on", default=on)
    except request_params.BadParameter as exc:
        error = exc.message
    page_number = request_params.page(request.GET.get("page"))
    kind = request.GET.get("kind", "")
    if kind and kind not in ListKind.values:
        error, kind = f"清单类型“{kind}”无效。", ""
    results = None
    rows = []
    if q and not error:
        results = search_items(
            q=q,
            region=region,
            on=on,
            kind=kind,
            domain=request.GET.get("domain", "").strip(),
            department=request.GET.get("department", "").strip(),
            page=page_number,
        )
        pages = {
            p.duty_list_id: p
            for p in DutyListPage.objects.live().filter(
                duty_list__in={h.version.duty_list_id for h in results.hits}
            )
        }
        for hit in results.hits:
            list_page = pages.get(hit.version.duty_list_id)
            url = ""
            if list_page is not None:
                url = list_page.get_url(request)
                if on != timezone.localdate():
                    url += f"{on.isoformat()}/"
                if region is not None and hit.version.duty_list.region_id != region.pk:
                    url += _qs(region=region.code)
                url += f"#{hit.item.code}"
            rows.append({"hit": hit, "url": url})
    kinds = kinds_for_level(region.level) if region else ListKind.values
    params = {k: request.GET.get(k, "") for k in ("q", "on", "kind", "domain", "department")}
    response = page.render(
        request,
        template="cms/public/search.html",
        context_overrides={
            "q": q,
            "on": on,
            "error": error,
            "results": results,
            "rows": rows,
            "kinds": [(k, ListKind(k).label) for k in kinds],
            "kind": kind,
            "search_region": region,
            "params": params,
            "prev_qs": _qs(**params, page=results.page - 1) if results and results.page > 1 else "",
            "next_qs": _qs(**params, page=results.page + 1)
            if results and results.page < results.pages
            else "",
        },
    )
    if error:
        response.status_code = 400
    return response


def applies_to_label(region: Region | None) -> str:
    if region is None:
        return ""
    return "、".join(applies_to_values_for(region.unit_type))
