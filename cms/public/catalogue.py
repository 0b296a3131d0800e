"""The city's guidance catalogue against its counties: 各县（区）对照指导目录的增减."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from wagtail.contrib.routable_page.models import path

from registry import selectors
from registry.columns import FIELD_LABELS
from registry.enums import ListKind, RegionLevel
from registry.spreadsheet_writer import file_response, write_table

from .cache import public_cache


class RegionCatalogueRoutes:
    """Mixed into ``RegionPublicMixin`` (read-only, for the city and the public alike)."""

    def _catalogue_diffs(self):
        region = self.lineage_region
        if region.level != RegionLevel.CITY:
            raise Http404(f"{region.name}不是市级区划，没有指导目录对照。")
        return selectors.catalogue_comparison(city=region, on=timezone.localdate())

    @path("catalogue/")
    @public_cache()
    def catalogue(self, request):
        """各县（区）对照指导目录的增减."""
        diffs = self._catalogue_diffs()
        return self.render(
            request,
            template="cms/public/catalogue.html",
            context_overrides={"diffs": diffs, "today": timezone.localdate()},
        )

    @path("catalogue/xlsx/")
    def catalogue_xlsx(self, request):
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
