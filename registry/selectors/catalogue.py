"""Each county of a city against the city's catalogue (各县（区）对照指导目录的增减)."""

from __future__ import annotations

import dataclasses
import datetime

from django.utils import timezone

from registry import layers
from registry.enums import RegionLevel, kinds_for_level
from registry.models import ListVersion, Region

from .items import _dicts_by_version
from .lists import lists_for_region
from .units import version_layer

# Columns compared when a county's item and the catalogue's item share a code (本级表述).
CATALOGUE_COMPARED = ("name", "content", "department_duty", "local_duty", "basis", "note")


@dataclasses.dataclass(frozen=True)
class CatalogueDiff:
    """One county's list of one kind against the city's catalogue (各县（区）对照指导目录的增减)."""

    county: Region
    kind: str
    catalogue: ListVersion
    version: ListVersion | None  # the county's own list version in force (None: catalogue as is)
    derived: bool  # the county's list adjusts the catalogue (False: a complete list of its own)
    added: list[dict]
    excluded: list[dict]  # catalogue items the county does not carry, with the reason if given
    reworded: list[tuple[dict, dict, list[str]]]  # (catalogue item, county item, fields)


def catalogue_comparison(*, city: Region, on: datetime.date | None = None) -> list[CatalogueDiff]:
    """Per county of ``city`` and per kind of its catalogue: items added, excluded and reworded
    against the catalogue, read from the resolved lists by code (two queries per county and
    kind), so a county whose list predates the catalogue is compared the same way."""
    on = on or timezone.localdate()
    catalogues = {
        v.duty_list.kind: v
        for v in ListVersion.objects.in_force(on=on)
        .filter(duty_list__region=city)
        .select_related("duty_list__region")
    }
    out: list[CatalogueDiff] = []
    counties = list(Region.objects.filter(parent=city, level=RegionLevel.COUNTY).order_by("code"))
    base_rows = _dicts_by_version([v.pk for v in catalogues.values()])
    for county in counties:
        # Two queries per county: its chains for every kind, then every layer's items.
        chains = {
            a.duty_list.kind: a.layers
            for a in lists_for_region(region=county, on=on, kinds=list(catalogues))
        }
        rows = _dicts_by_version({v.pk for layers_ in chains.values() for v in layers_})
        for kind in kinds_for_level(RegionLevel.COUNTY):
            catalogue = catalogues.get(kind)
            if catalogue is None:
                continue
            base = {i["code"]: i for i in base_rows[catalogue.pk]}
            chain = chains.get(kind, (catalogue,))
            resolved = layers.resolve(
                kind=kind,
                layers=[version_layer(v, rows[v.pk]) for v in chain],
                unit_code=county.code,
            )
            own = chain[-1] if chain[-1].duty_list.region_id == county.pk else None
            items = {r.code: r.row for r in resolved.items}
            reasons = {e.code: e.reason for e in resolved.exclusions}
            reworded = []
            for code, item in items.items():
                if code in base:
                    fields = [
                        f
                        for f in CATALOGUE_COMPARED
                        if (item.get(f) or "") != (base[code].get(f) or "")
                    ]
                    if fields:
                        reworded.append((base[code], item, fields))
            out.append(
                CatalogueDiff(
                    county=county,
                    kind=kind,
                    catalogue=catalogue,
                    version=own,
                    derived=bool(own and own.duty_list.is_derived),
                    added=[i for c, i in items.items() if c not in base],
                    excluded=[
                        {**i, "reason": reasons.get(c, "")}
                        for c, i in base.items()
                        if c not in items
                    ],
                    reworded=reworded,
                )
            )
    return out
