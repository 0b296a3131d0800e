"""Pure: the list in force for a unit, resolved through its layers (city → county → township).

A list attached below another list of the same kind (a county list under the city's catalogue,
a township list under the county list) is *derived*: its items are adjustments to its source,

- 本级增补 (``adjustment`` empty): an item the source does not have;
- 不适用 (``excluded``): a source item, named by its code, that does not apply here, with a reason;
- 本级表述 (``reworded``): a source item, by code, whose local columns (``columns.LOCAL_COLUMNS``,
  e.g. 乡镇（街道）配合职责) are worded locally; every other column stays the source's.

The list in force for a unit on a date is the root version in force then, with every derived
layer's version in force then applied in order, so a new county version reaches every township
at once. An adjustment whose source item has gone, or has been reworded since the adjustment was
written, is *flagged* (it still applies where it can: a dropped item stays dropped).

Plain values in (rows: dicts or objects with the item fields), frozen dataclasses out; no ORM.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from registry.columns import LOCAL_COLUMNS
from registry.enums import Adjustment, Provenance, RegionLevel

# The source columns an adjustment row carries as written (copied from the source item when the
# adjustment was drafted): a source version that changes one of them has reworded the item.
BASELINE_FIELDS = ("name", "content", "department_duty", "basis", "note", "alternative")


class FlagKind:
    EXCLUDED_GONE = "excluded_gone"
    REWORDED_GONE = "reworded_gone"
    SOURCE_CHANGED = "source_changed"
    CODE_TAKEN = "code_taken"


@dataclasses.dataclass(frozen=True)
class Layer:
    """One list version of the chain: root first, the unit's own (or nearest) last."""

    region_code: str
    region_name: str
    level: str
    derived: bool
    rows: Sequence[Any]
    version_label: str = ""
    # The document the layer's items stand in, for citations (``citation``).
    title: str = ""  # e.g. 松岭区基本履职事项清单
    document_no: str = ""


@dataclasses.dataclass(frozen=True)
class Exclusion:
    code: str
    name: str
    reason: str
    region_name: str  # the unit whose list excluded it
    own: bool  # excluded by the unit's own list


@dataclasses.dataclass(frozen=True)
class Rewording:
    code: str
    name: str
    field: str
    source_value: str
    local_value: str
    region_name: str
    own: bool


@dataclasses.dataclass(frozen=True)
class Flag:
    code: str
    name: str
    kind: str
    message: str  # Chinese, shown to editors and reviewers
    region_name: str
    own: bool


@dataclasses.dataclass(frozen=True)
class ResolvedItem:
    row: Any  # the item as the unit carries it (a copy when reworded)
    code: str
    provenance: str  # Provenance value
    origin_code: str  # region code of the list that brought the item
    origin_name: str
    reworded_by: str = ""  # region name of the list that worded it locally
    origin_title: str = ""  # the title and 文号 of the list the item stands in
    origin_document_no: str = ""


@dataclasses.dataclass(frozen=True)
class Resolved:
    items: tuple[ResolvedItem, ...]
    exclusions: tuple[Exclusion, ...]
    rewordings: tuple[Rewording, ...]
    flags: tuple[Flag, ...]
    own_added: tuple[str, ...]  # codes the unit's own list added

    @property
    def own_exclusions(self) -> tuple[Exclusion, ...]:
        return tuple(e for e in self.exclusions if e.own)

    @property
    def own_rewordings(self) -> tuple[Rewording, ...]:
        return tuple(r for r in self.rewordings if r.own)

    @property
    def own_flags(self) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.own)


def _getter(row) -> Callable[[str], Any]:
    if isinstance(row, dict):
        return lambda f: row.get(f, "")
    return lambda f: getattr(row, f, "")


def _with(row, **values):
    """A copy of ``row`` with ``values`` (never the original: rows may be shared or immutable)."""
    if isinstance(row, dict):
        return {**row, **values}
    clone = copy.copy(row)
    for k, v in values.items():
        setattr(clone, k, v)
    return clone


def provenance_for(*, origin_level: str, origin_code: str, unit_code: str, derived: bool) -> str:
    """全市通用 / 全县通用 / 全乡镇通用 from a list above the unit; 本级增补 (derived) or 本级制定
    (a root list) from the unit's own list."""
    if origin_code == unit_code:
        return Provenance.LOCAL if derived else Provenance.OWN
    if origin_level in (RegionLevel.CITY, RegionLevel.PROVINCE):
        return Provenance.CITY
    if origin_level == RegionLevel.COUNTY:
        return Provenance.COUNTY
    return Provenance.TOWNSHIP


def source_reference(*, title: str, document_no: str, seq: object) -> str:
    """Where an item stands: 《松岭区基本履职事项清单》（松区发〔2026〕3号）第12项."""
    doc = f"（{document_no}）" if document_no else ""
    return f"《{title}》{doc}第{seq}项" if title else ""


def numbered(
    items: Sequence[ResolvedItem], *, label: Callable[[str], str], renumber: bool = True
) -> list[dict]:
    """Resolved items whose rows are dicts (the export shape), with their provenance and source.

    A derived list (``renumber``) is numbered by position (1..n): each layer numbers its own
    items, so the resolved list would otherwise repeat numbers. Each item keeps its number in
    the document it stands in (``source_seq``) and a citation naming that document
    (``citation``); ``label`` gives the Chinese name of a provenance."""
    out = []
    for position, r in enumerate(items, start=1):
        seq = r.row.get("seq")
        reference = source_reference(
            title=r.origin_title, document_no=r.origin_document_no, seq=seq
        )
        provenance_label = label(r.provenance)
        out.append(
            {
                **r.row,
                "seq": position if renumber else seq,
                "provenance": r.provenance,
                "provenance_label": provenance_label,
                "origin": r.origin_name,
                "reworded_by": r.reworded_by,
                "source_seq": seq,
                "source_title": r.origin_title,
                "source_document_no": r.origin_document_no,
                "source_reference": reference,
                "citation": f"依据{reference}（{provenance_label}）" if reference else "",
            }
        )
    return out


def resolve(*, kind: str, layers: Sequence[Layer], unit_code: str) -> Resolved:  # noqa: C901 - resolves layers in one pass; each adjustment kind is one branch
    """Apply ``layers`` (root first) for the unit ``unit_code``.

    Items keep the order of the layer that brought them (source items first, then each layer's
    additions), sorted by 序号 within a layer.
    """
    local_columns = LOCAL_COLUMNS.get(kind, ())
    current: dict[str, ResolvedItem] = {}
    exclusions: list[Exclusion] = []
    rewordings: list[Rewording] = []
    flags: list[Flag] = []
    own_added: list[str] = []
    for index, layer in enumerate(layers):
        own = layer.region_code == unit_code
        derived = layer.derived and index > 0
        if not derived:
            current = {}
        rows = sorted(layer.rows, key=lambda r: _getter(r)("seq") or 0)
        for row in rows:
            get = _getter(row)
            code, adjustment = get("code"), get("adjustment") or Adjustment.ADDED
            name = get("name")

            def flag(
                kind_: str, message: str, code=code, name=name, where=layer.region_name, own=own
            ) -> None:
                flags.append(
                    Flag(
                        code=code,
                        name=name,
                        kind=kind_,
                        message=message,
                        region_name=where,
                        own=own,
                    )
                )

            if not derived or adjustment == Adjustment.ADDED:
                if derived and code in current:
                    flag(
                        FlagKind.CODE_TAKEN,
                        f"本级增补事项 {code}“{name}”与上级清单的事项编码相同，上级事项继续有效；"
                        "请改为“本级表述”或“不适用”。",
                    )
                    continue
                current[code] = ResolvedItem(
                    row=row,
                    code=code,
                    provenance=provenance_for(
                        origin_level=layer.level,
                        origin_code=layer.region_code,
                        unit_code=unit_code,
                        derived=derived,
                    ),
                    origin_code=layer.region_code,
                    origin_name=layer.region_name,
                    origin_title=layer.title,
                    origin_document_no=layer.document_no,
                )
                if own and derived:
                    own_added.append(code)
                continue
            source = current.get(code)
            if source is None:
                if adjustment == Adjustment.EXCLUDED:
                    flag(
                        FlagKind.EXCLUDED_GONE,
                        f"上级清单已无事项 {code}“{name}”，本级“不适用”已无对象，请在下一版中删除。",
                    )
                else:
                    flag(
                        FlagKind.REWORDED_GONE,
                        f"上级清单已无事项 {code}“{name}”，本级表述不再适用，请在下一版中删除。",
                    )
                if adjustment == Adjustment.EXCLUDED:
                    exclusions.append(
                        Exclusion(
                            code=code,
                            name=name,
                            reason=get("reason"),
                            region_name=layer.region_name,
                            own=own,
                        )
                    )
                continue
            src_get = _getter(source.row)
            changed = [
                f
                for f in BASELINE_FIELDS
                if (get(f) or "") and (get(f) or "") != (src_get(f) or "")
            ]
            if changed:
                flag(
                    FlagKind.SOURCE_CHANGED,
                    f"上级清单修改了事项 {code}“{src_get('name')}”，本级的"
                    f"{Adjustment(adjustment).label}是按修改前的内容作出的，请复核。",
                )
            if adjustment == Adjustment.EXCLUDED:
                del current[code]
                exclusions.append(
                    Exclusion(
                        code=code,
                        name=src_get("name"),
                        reason=get("reason"),
                        region_name=layer.region_name,
                        own=own,
                    )
                )
                continue
            # 本级表述: only the kind's local columns change.
            values = {f: get(f) for f in local_columns if (get(f) or "") != (src_get(f) or "")}
            for f, v in values.items():
                rewordings.append(
                    Rewording(
                        code=code,
                        name=src_get("name"),
                        field=f,
                        source_value=src_get(f) or "",
                        local_value=v or "",
                        region_name=layer.region_name,
                        own=own,
                    )
                )
            if values:
                current[code] = dataclasses.replace(
                    source, row=_with(source.row, **values), reworded_by=layer.region_name
                )
    return Resolved(
        items=tuple(current.values()),
        exclusions=tuple(exclusions),
        rewordings=tuple(rewordings),
        flags=tuple(flags),
        own_added=tuple(own_added),
    )
