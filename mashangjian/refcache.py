"""Per-process cache of the reference data a submission reads: categories, regions, departments,
routing rules and the working-day calendar.

Every submission used to load these with five queries although they change a few times a year.
The snapshot is versioned by the generations of its tables (``registry.generations``: one
round trip to the shared cache, no SQL). Every save and delete of those models, from the
services, the Wagtail admin, an import or the job worker alike, bumps its table's generation in
the shared cache, so a change made in any process gives a new version and the whole snapshot is
dropped; when the shared cache is cleared the generations start from new random tokens, so the
snapshot is rebuilt, never kept.

Writes that send no signal and bump nothing (``QuerySet.update``, raw SQL in a shell) are
covered by a maximum age (``MAX_AGE`` seconds): the snapshot is rebuilt at least that often.

The version is read before the data, so data newer than its version only costs one extra reload,
never a stale answer. ``pinned()`` reads the version once for a block (one request) that makes
several lookups. Cached model instances are shared between threads: read them, never change them.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from registry import generations
from registry.models import Department, Region

from .models import CalendarDay, Category, RoutingRule
from .workdays import WorkCalendar

MAX_AGE = 60.0

# (county_id, category_id) → ((region_id or None, department_id), …) of the active rules.
RuleRows = tuple[tuple[int | None, int], ...]


@dataclass
class _Snapshot:
    version: tuple
    born: float = field(default_factory=time.monotonic)
    categories: dict[str, Category] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    departments: dict[int, dict[str, Department]] = field(default_factory=dict)
    department_by_pk: dict[int, Department] = field(default_factory=dict)
    rules: dict[int, dict[int, RuleRows]] = field(default_factory=dict)
    calendars: dict[tuple[int, int, int | None], WorkCalendar] = field(default_factory=dict)
    county_regions: dict[int, list] = field(default_factory=dict)


_lock = threading.Lock()
_snapshot: _Snapshot | None = None
_local = threading.local()


# Everything a snapshot holds is read from these tables (they are tracked in the apps' ready()).
TABLES = (Category, RoutingRule, CalendarDay, Region, Department)


def _read_version() -> tuple:
    return generations.current(*TABLES)


def _current() -> _Snapshot:
    pinned = getattr(_local, "snapshot", None)
    if pinned is not None:
        return pinned
    global _snapshot
    version = _read_version()
    snap = _snapshot
    if snap is None or snap.version != version or time.monotonic() - snap.born > MAX_AGE:
        with _lock:
            if _snapshot is snap:
                _snapshot = _Snapshot(version=version)
            snap = _snapshot
    return snap


@contextmanager
def pinned():
    """Read the version once for the block (a request making several lookups)."""
    if getattr(_local, "snapshot", None) is not None:
        yield
        return
    _local.snapshot = _current()
    try:
        yield
    finally:
        _local.snapshot = None


def clear() -> None:
    """Drop the snapshot of this process (tests)."""
    global _snapshot
    with _lock:
        _snapshot = None


# ---------------------------------------------------------------- lookups


def category(code: str) -> Category | None:
    snap = _current()
    found = snap.categories.get(code)
    if found is None:
        found = Category.objects.filter(code=code).first()
        if found is not None:
            snap.categories[code] = found
    return found


def region(code: str) -> Region | None:
    """The region with its ancestors loaded (``lineage()`` makes no query)."""
    snap = _current()
    found = snap.regions.get(code)
    if found is None:
        found = (
            Region.objects.filter(code=code)
            .select_related("parent__parent__parent__parent")
            .first()
        )
        if found is not None:
            found.lineage()  # fill the parent caches now, not later in another thread
            snap.regions[code] = found
    return found


def _county_departments(snap: _Snapshot, county_id: int) -> dict[str, Department]:
    by_code = snap.departments.get(county_id)
    if by_code is None:
        rows = list(Department.objects.filter(county_id=county_id))
        by_code = {d.code: d for d in rows}
        snap.department_by_pk.update((d.pk, d) for d in rows)
        snap.departments[county_id] = by_code
    return by_code


def department(*, county_id: int, code: str) -> Department | None:
    return _county_departments(_current(), county_id).get(code)


def routing_rules(*, county_id: int, category_id: int) -> list[tuple[int | None, Department]]:
    """The active rules of the county for the category: (region id or None for county-wide, unit)."""
    snap = _current()
    by_category = snap.rules.get(county_id)
    if by_category is None:
        grouped: dict[int, list[tuple[int | None, int]]] = {}
        for category_id_, region_id, department_id in RoutingRule.objects.filter(
            county_id=county_id, active=True
        ).values_list("category_id", "region_id", "department_id"):
            grouped.setdefault(category_id_, []).append((region_id, department_id))
        by_category = {k: tuple(v) for k, v in grouped.items()}
        snap.rules[county_id] = by_category
    rows = by_category.get(category_id, ())
    if not rows:
        return []
    departments = snap.department_by_pk
    if any(d not in departments for _, d in rows):
        missing = [d for _, d in rows if d not in departments]
        departments.update((d.pk, d) for d in Department.objects.filter(pk__in=missing))
    return [(region_id, departments[d]) for region_id, d in rows if d in departments]


def work_calendar(*, years: range, load, county_id: int | None = None) -> WorkCalendar:
    """The calendar for ``years`` and a county (``load(years, county_id)`` builds it on a miss)."""
    snap = _current()
    key = (years.start, years.stop, county_id)
    found = snap.calendars.get(key)
    if found is None:
        found = snap.calendars[key] = load(years, county_id)
    return found


def county_regions(*, county: Region, load) -> list:
    """The reporting regions of a county (``load(county)`` lists them on a miss)."""
    snap = _current()
    found = snap.county_regions.get(county.pk)
    if found is None:
        found = snap.county_regions[county.pk] = load(county)
    return found


def county_departments(*, county_id: int) -> list[Department]:
    """Every department of the county (for recognising a unit named in a report's text)."""
    return sorted(_county_departments(_current(), county_id).values(), key=lambda d: d.code)
