"""The draft of a derived list as its unit would carry it if the draft were published.

A derived list's draft holds only adjustments (本级增补 / 不适用 / 本级表述: ``registry.layers``),
so its preview and its review show the source in force (the city catalogue, the county list)
with the draft applied as the unit's own layer: the same resolution, provenance, exclusions and
flags as the public page (``registry.selectors.unit_list``), with the draft in place of the unit's
published version. A plain list's draft is its own rows.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.utils import timezone

from registry import layers, selectors
from registry.columns import ITEM_FIELDS
from registry.enums import Provenance
from registry.models import ListVersion, Region

# The layer and unit rules of ``selectors.unit_list`` (one home; the draft is one more layer).
from registry.selectors.units import provenance_label, unit_filter, version_layer

from .editor.views import page_is_derived

DRAFT_LABEL = "本级草稿"


@dataclasses.dataclass(frozen=True)
class DraftList:
    unit: Region
    on: datetime.date  # the day the source layers are read in force
    source: tuple[ListVersion, ...]  # the layers above the draft, root first
    items: list[dict]  # as ``selectors.UnitList.items`` (numbered 1..n, with citations)
    resolved: layers.Resolved

    @property
    def added(self) -> list[dict]:
        """The draft's own additions (本级增补) that apply to the unit."""
        return [i for i in self.items if i["provenance"] == Provenance.LOCAL]


def draft_rows(page) -> list[dict]:
    """The draft's items in the export shape (every item field); a new item (no code yet) gets a
    placeholder code; the department as the draft shows it (its current short name)."""
    rows = []
    for n, item in enumerate(page.draft_items.all(), start=1):
        row = {f: getattr(item, f) for f in ITEM_FIELDS}
        row["code"] = item.code or f"新增{n}"
        row["department"] = item.department_label
        rows.append(row)
    return rows


def draft_day(page) -> datetime.date:
    """The day the draft would be in force: its effective date, or today if that is earlier or
    not set yet (the source is read as in force then: what publishing it would give)."""
    today = timezone.localdate()
    effective = page.next_effective_from
    return effective if effective and effective > today else today


def draft_unit_list(page) -> DraftList | None:
    """The list the page's unit would have in force with ``page``'s draft published: the source
    layers in force on ``draft_day`` plus the draft's adjustments, resolved by
    ``registry.layers`` (one query per layer above). None for a plain (non-derived) list."""
    if not page_is_derived(page):
        return None
    unit = page.get_parent().specific.region
    on = draft_day(page)
    found = selectors.lists_for_region(region=unit, on=on, kinds=[page.kind])
    # The unit's own published version is what the draft replaces.
    source = tuple(
        v for v in (found[0].layers if found else ()) if v.duty_list.region_id != unit.pk
    )
    chain = [version_layer(v, selectors.item_dicts_for_version(version=v)) for v in source]
    if not chain:
        # Nothing above is in force then: the draft adjusts an empty source (its exclusions and
        # local wordings are flagged as having no source item).
        parent = unit.parent
        chain = [
            layers.Layer(
                region_code=parent.code if parent else "",
                region_name=parent.name if parent else "",
                level=parent.level if parent else "",
                derived=False,
                rows=(),
            )
        ]
    chain.append(
        layers.Layer(
            region_code=unit.code,
            region_name=unit.name,
            level=unit.level,
            derived=True,
            rows=draft_rows(page),
            version_label=DRAFT_LABEL,
            title=page.title,
            document_no=page.next_document_no or "文号未填写",
        )
    )
    resolved = layers.resolve(kind=page.kind, layers=chain, unit_code=unit.code)
    keep = unit_filter(unit)
    items = layers.numbered([r for r in resolved.items if keep(r.row.get)], label=provenance_label)
    return DraftList(unit=unit, on=on, source=source, items=items, resolved=resolved)
