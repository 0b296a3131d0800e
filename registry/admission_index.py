"""The match index of a region on a date, built from the database and cached in process memory.

An index depends only on *which versions are in force* for the unit (and on the unit's level and
type, through ``applies_to``, and on the admitted items that name other units, ``targets``), so
the cache key is exactly that: ``(level, unit_type, version ids, ids of items not for the unit)``.  Every village of a county with the same lists shares one index; publishing a version
that takes effect changes the key, so a stale index is never used (and old entries fall out of
the LRU).  ``index_cache_clear()`` empties it, e.g. in tests or after a bulk import.

Building an index for the demo county takes a few hundred milliseconds (jieba dictionary and
IDF tables); a lookup afterwards costs one query (``lists_for_region``).
"""

from __future__ import annotations

import datetime
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings

from registry import selectors
from registry.enums import ListKind
from registry.matching import IndexItem, MatchIndex
from registry.models import ListItem, Region
from registry.models.items import targets_q

DEFAULT_CACHE_SIZE = 32


@dataclass(frozen=True)
class VersionInfo:
    """The version of one kind an index was built from (cited in results and stored)."""

    pk: int
    list_kind: str
    number: int
    document_no: str
    effective_from: datetime.date
    list_region_code: str


@dataclass(frozen=True)
class RegionIndex:
    index: MatchIndex
    versions: dict[str, VersionInfo]  # list kind → version

    @property
    def version_ids(self) -> list[int]:
        return [v.pk for v in self.versions.values()]


def _join(*parts: str) -> str:
    return "；".join(p for p in parts if p)


def index_item(item: ListItem, kind: str, version: VersionInfo) -> IndexItem:
    """A list item as the matcher sees it: the same mapping as bench/bench_admission.py."""
    dept = item.department_short_name  # as published: a later rename does not change the list
    common = {
        "list_kind": kind,
        "code": item.code,
        "seq": item.seq,
        "name": item.name,
        "version": version.number,
        "document_no": version.document_no,
        "aliases": _join(item.keywords, item.phrases),
    }
    if kind in (ListKind.TOWNSHIP_BASIC, ListKind.VILLAGE_SELFGOV):
        return IndexItem(**common, content=item.content, extra=_join(item.domain, item.basis))
    if kind == ListKind.TOWNSHIP_COOPERATE:
        return IndexItem(
            **common,
            content=item.local_duty or item.content,
            department=dept,
            extra=_join(item.domain, item.department_duty, item.basis),
        )
    if kind == ListKind.TOWNSHIP_WITHDRAWN:
        return IndexItem(
            **common,
            content=item.note or item.content,
            department=dept,
            extra=item.domain,
            alternative=item.alternative,
        )
    if kind == ListKind.VILLAGE_ASSIST:
        return IndexItem(
            **common,
            content=item.content,
            department=dept,
            extra=_join(item.domain, item.basis),
        )
    if kind == ListKind.VILLAGE_NEGATIVE:
        return IndexItem(**common, extra=item.domain, alternative=item.alternative)
    if kind == ListKind.VILLAGE_CERTIFICATES:
        return IndexItem(
            **common, content=item.content, extra=_join(item.note, item.issuer, item.basis)
        )
    if kind == ListKind.VILLAGE_NO_CERTIFICATES:
        return IndexItem(**common, content=item.content, alternative=item.alternative)
    raise ValueError(kind)


class _LRU:
    def __init__(self) -> None:
        self._data: OrderedDict[tuple, RegionIndex] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0  # how many indexes this process built (tests and bench read it)

    def get(self, key: tuple) -> RegionIndex | None:
        with self._lock:
            hit = self._data.get(key)
            if hit is not None:
                self._data.move_to_end(key)
            return hit

    def put(self, key: tuple, value: RegionIndex) -> None:
        size = getattr(settings, "ADMISSION_INDEX_CACHE_SIZE", DEFAULT_CACHE_SIZE)
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


_CACHE = _LRU()
# One build at a time: concurrent first checks of the same county wait for one build instead of
# building the same index several times.
_BUILD_LOCK = threading.Lock()


def index_cache_clear() -> None:
    _CACHE.clear()


def index_cache_stats() -> dict[str, int]:
    return {"entries": len(_CACHE), "builds": _CACHE.builds}


def region_index(*, region: Region, on: datetime.date) -> RegionIndex:
    """The index of the lists in force for ``region`` on ``on`` (built once, then cached)."""
    applicable = selectors.lists_for_region(region=region, on=on)
    version_ids = tuple(sorted(v.pk for a in applicable for v in a.layers))
    # Admitted items that name other units than this one (准入 targets): units that are not
    # named share the index without them, named units share the one with them.
    not_here = (
        tuple(
            ListItem.objects.filter(version__in=version_ids)
            .exclude(targets_q(region.code))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if version_ids
        else ()
    )
    key = (region.level, region.unit_type, version_ids, not_here)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    with _BUILD_LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            return hit
        versions: dict[str, VersionInfo] = {}
        entries: list[IndexItem] = []
        for applicable_list, items in selectors.items_for_region(region=region, on=on):
            kind = applicable_list.duty_list.kind
            v = applicable_list.version
            info = VersionInfo(
                pk=v.pk,
                list_kind=kind,
                number=v.number,
                document_no=v.document_no,
                effective_from=v.effective_from,
                list_region_code=applicable_list.duty_list.region.code,
            )
            versions[kind] = info
            entries.extend(index_item(item, kind, info) for item in items)
        built = RegionIndex(index=MatchIndex.build(entries), versions=versions)
        _CACHE.builds += 1
        _CACHE.put(key, built)
        return built
