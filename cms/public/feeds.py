"""Atom feeds (RFC 4287) of substantive changes: helpers and the list page's feed route."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils.feedgenerator import Atom1Feed
from wagtail.contrib.routable_page.models import path

from registry.enums import ChangeType
from registry.models import ListVersion


def feed_response(feed: Atom1Feed) -> HttpResponse:
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


def feed_id(*parts: str) -> str:
    """A tag: URI (RFC 4151): the same id whatever host or path the feed is read through."""
    return f"tag:{settings.FEED_TAG_AUTHORITY},2025:{'/'.join(parts)}"


def atom_feed(request, *, title: str, link: str, description: str, id_parts) -> Atom1Feed:
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


def add_version_entry(feed: Atom1Feed, request, version: ListVersion, link: str) -> None:
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


class ListFeedRoutes:
    """The list page's feed; mixed into ``DutyListPublicMixin``."""

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
        feed = atom_feed(
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
            add_version_entry(feed, request, v, f"{base}versions/{v.number}/")
        return feed_response(feed)
