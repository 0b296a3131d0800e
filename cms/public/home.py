"""The home page's routes."""

from __future__ import annotations

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from registry.enums import RegionLevel

from .cache import public_cache
from .helpers import region_pages
from .search import search_response


class HomePublicMixin(RoutablePageMixin):
    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["region_pages"] = region_pages().child_of(self).live().select_related("region")
        context["counties"] = (
            region_pages()
            .descendant_of(self)
            .live()
            .filter(region__level=RegionLevel.COUNTY)
            .select_related("region")
        )
        return context

    @path("")
    @public_cache()
    def home(self, request):
        return self.render(request)

    @path("search/")
    def search(self, request):
        return search_response(self, request, region=None)
