"""Comparing two versions of a list: the compare routes of a list page."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from wagtail.contrib.routable_page.models import path

from cms.public_render import comparison_sections_html
from registry import params as request_params
from registry import selectors
from registry.columns import FIELD_LABELS
from registry.enums import ListKind

from .cache import public_cache
from .helpers import qs

COMPARE_SECTIONS = (
    ("added", "新增事项"),
    ("removed", "删除事项"),
    ("modified", "内容修改"),
    ("moved", "序号调整"),
    ("moved_in", "由其他清单移入"),
    ("moved_out", "移出至其他清单"),
)


class ListCompareRoutes:
    """Version compare; mixed into ``DutyListPublicMixin``."""

    @path("compare/")
    def compare_form(self, request):
        a = request_params.integer(request.GET.get("from"), name="from", minimum=1)
        b = request_params.integer(request.GET.get("to"), name="to", minimum=1)
        return HttpResponseRedirect(
            f"{self._base(request)}compare/{a}/{b}/{qs(region=request.GET.get('region', ''))}"
        )

    @path("compare/<int:old>/<int:new>/")
    @public_cache("region")
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
                "region_qs": qs(region=request.GET.get("region", "")),
                "all_versions": list(self.duty_list.versions.order_by("number")),
            },
        )
