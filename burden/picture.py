"""基层负担画像: the load of one township or village on a date and month by month.

Every figure derives from the registers, the lists in force and the 码上减 cases; nothing is
reported by the unit itself. Units are compared side by side, never ranked.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from mashangjian.models import Case
from registry.enums import ListKind, RegionLevel, kinds_for_level
from registry.models import Region
from registry.selectors.items import item_counts_for_unit, item_counts_for_units
from registry.selectors.lists import nearest_versions_for_units, nearest_versions_on

from .enums import FormStatus
from .models import GovApp, Inspection, Plaque, ReportForm, Secondment
from .selectors import filled_by_for

# The lists whose items are work the unit must do (not the withdrawn, negative or
# no-certificate lists, which say what it must *not* be asked).
WORK_KINDS = [
    ListKind.TOWNSHIP_BASIC,
    ListKind.TOWNSHIP_COOPERATE,
    ListKind.VILLAGE_SELFGOV,
    ListKind.VILLAGE_ASSIST,
    ListKind.VILLAGE_CERTIFICATES,
]

FIGURES: dict[str, str] = {
    "tasks": "清单内事项",
    "forms": "须填报表",
    "inspections": "近12个月督查检查",
    "apps": "须使用的政务应用和工作群",
    "seconded": "被借调人员",
    "plaques": "机制牌子",
    "cases": "近12个月码上减反映",
}


def month_ends(on: datetime.date, count: int = 12) -> list[datetime.date]:
    """The last day of each of the ``count`` months up to ``on`` (the last one is ``on``)."""
    days = [on]
    day = on.replace(day=1) - datetime.timedelta(days=1)
    while len(days) < count:
        days.append(day)
        day = day.replace(day=1) - datetime.timedelta(days=1)
    return list(reversed(days))


def _in_force(start, end, on) -> bool:
    """``start`` ≤ on (or none) and ``end`` > on (or none)."""
    return (start is None or start <= on) and (end is None or end > on)


@dataclass
class Picture:
    region: Region
    on: datetime.date
    figures: dict[str, int]
    cases_by_category: dict[str, int]
    months: list[tuple[datetime.date, dict[str, int]]] = field(default_factory=list)
    alerts: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "region": self.region.code,
            "region_name": self.region.name,
            "level": self.region.level,
            "on": self.on,
            "figures": [
                {"key": k, "label": FIGURES[k], "value": v} for k, v in self.figures.items()
            ],
            "cases_by_category": self.cases_by_category,
            "months": [{"month": f"{d:%Y-%m}", "figures": f} for d, f in self.months],
            "alerts": self.alerts,
        }


class _Source:
    """The rows one unit's picture counts, loaded once for every date of the trend."""

    def __init__(self, region: Region, first: datetime.date, last: datetime.date):
        self.region = region
        county = region.county
        self.forms = list(
            ReportForm.objects.filter(county=county, filled_by__in=filled_by_for(region.level))
            .exclude(status=FormStatus.PENDING)
            .values_list("valid_from", "abolished_on")
        )
        township = region.parent_id if region.level == RegionLevel.VILLAGE else region.pk
        self.inspections = list(
            Inspection.objects.filter(
                county=county,
                status="planned",
                townships=township,
                start_date__gt=first - datetime.timedelta(days=365),
                start_date__lte=last,
            ).values_list("start_date", flat=True)
        )
        self.apps = list(
            GovApp.objects.filter(county=county, faces_grassroots=True).values_list(
                "launched", "closed_on"
            )
        )
        self.seconded = list(
            Secondment.objects.filter(home_unit=region, start__lte=last).values_list(
                "start", "returned_on"
            )
        )
        self.plaques = list(Plaque.objects.filter(unit=region).values_list("hung_on", "removed_on"))
        units = [region.pk]
        if region.level == RegionLevel.TOWNSHIP:
            units += list(Region.objects.filter(parent=region).values_list("pk", flat=True))
        self.cases = list(
            Case.objects.filter(
                region_id__in=units,
                submitted_at__gte=_start_of(first - datetime.timedelta(days=364)),
                submitted_at__lt=_start_of(last + datetime.timedelta(days=1)),
            ).values_list("submitted_at", "category__name")
        )

    def tasks(self, days: list[datetime.date]) -> None:
        """The work lists in force on each date and their item counts: two queries for every
        date (the versions of the unit's lists read once and resolved per date in Python)."""
        kinds = [k for k in kinds_for_level(self.region.level) if k in WORK_KINDS]
        self.versions_on = nearest_versions_on(region=self.region, days=days, kinds=kinds)
        every = {pk for pks in self.versions_on.values() for pk in pks}
        self.item_counts = item_counts_for_unit(region=self.region, versions=every) if every else {}

    def figures(self, on: datetime.date) -> dict[str, int]:
        year_ago = on - datetime.timedelta(days=365)
        return {
            "tasks": sum(self.item_counts.get(pk, 0) for pk in self.versions_on[on]),
            "forms": sum(_in_force(s, e, on) for s, e in self.forms),
            "inspections": sum(year_ago < d <= on for d in self.inspections),
            "apps": sum(_in_force(s, e, on) for s, e in self.apps),
            "seconded": sum(_in_force(s, r, on) for s, r in self.seconded),
            "plaques": sum(_in_force(s, e, on) for s, e in self.plaques),
            "cases": len(self._cases(on)),
        }

    def _cases(self, on):
        year_ago = on - datetime.timedelta(days=365)
        from django.utils import timezone

        return [name for at, name in self.cases if year_ago < timezone.localtime(at).date() <= on]

    def by_category(self, on) -> dict[str, int]:
        return dict(sorted(Counter(self._cases(on)).items()))


def _start_of(day: datetime.date) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def rises_after_fall(series: list[tuple[datetime.date, int]]) -> tuple | None:
    """(low month, low, month of the first rise above it, value) for the latest low reached by a
    fall and later exceeded; ``None`` when no count rose again after falling."""
    found = None
    low = None
    for (_, before), (day, value) in zip(series, series[1:], strict=False):
        if value < before and (low is None or value <= low[1] or found is not None):
            low, found = (day, value), None
        elif low is not None and found is None and value > low[1]:
            found = (low[0], low[1], day, value)
    return found


def load_picture(region: Region, on: datetime.date, *, months: int = 12) -> Picture:
    days = month_ends(on, months)
    source = _Source(region, days[0], on)
    source.tasks(days)
    trend = [(d, source.figures(d)) for d in days]
    alerts = []
    for key, label in FIGURES.items():
        hit = rises_after_fall([(d, f[key]) for d, f in trend])
        if hit:
            low_day, low, high_day, high = hit
            alerts.append(
                {
                    "key": key,
                    "label": label,
                    "message": f"边减边增：{label}在{low_day:%Y年%m月}降至{low}，"
                    f"{high_day:%Y年%m月}又升至{high}。",
                }
            )
    return Picture(
        region=region,
        on=on,
        figures=trend[-1][1],
        cases_by_category=source.by_category(on),
        months=trend,
        alerts=alerts,
    )


def _counts(queryset, field: str) -> dict[int, int]:
    """The rows of ``queryset`` counted per value of ``field``, in one grouped query."""
    return dict(queryset.values(field).annotate(n=Count("pk")).values_list(field, "n"))


def comparison(parent: Region, on: datetime.date) -> list[dict]:
    """The figures on ``on`` of every township (or village) under ``parent``, side by side in the
    order of their codes (never ranked). A city or county shows its townships; a township its
    villages."""
    level = RegionLevel.VILLAGE if parent.level == RegionLevel.TOWNSHIP else RegionLevel.TOWNSHIP
    units = _units_below(parent, level)
    if not units:
        return []
    ids = [u.pk for u in units]
    county_ids = {u.pk: _county_id(u) for u in units}
    township_of = {u.pk: (u.parent_id if level == RegionLevel.VILLAGE else u.pk) for u in units}
    year_ago = on - datetime.timedelta(days=365)
    counties = set(county_ids.values())
    forms = _counts(
        ReportForm.objects.in_force(on).filter(
            county__in=counties, filled_by__in=filled_by_for(level)
        ),
        "county",
    )
    apps = _counts(
        GovApp.objects.in_force(on).filter(county__in=counties, faces_grassroots=True), "county"
    )
    insp = _counts(
        Inspection.objects.filter(
            status="planned",
            townships__in=set(township_of.values()),
            start_date__gt=year_ago,
            start_date__lte=on,
        ),
        "townships",
    )
    seconded = _counts(Secondment.objects.in_force(on).filter(home_unit__in=ids), "home_unit")
    plaques = _counts(Plaque.objects.in_force(on).filter(unit__in=ids), "unit")
    case_q = Q(
        submitted_at__gte=_start_of(year_ago + datetime.timedelta(days=1)),
        submitted_at__lt=_start_of(on + datetime.timedelta(days=1)),
    )
    case_rows = (
        Case.objects.filter(case_q)
        .filter(Q(region__in=ids) | Q(region__parent__in=ids))
        .values_list("region_id", "region__parent_id")
    )
    cases: Counter = Counter()
    for region_id, parent_id in case_rows:
        cases[region_id if region_id in county_ids else parent_id] += 1
    # The lists in force and their item counts for every unit in two queries (issue #15).
    kinds = [k for k in kinds_for_level(level) if k in WORK_KINDS]
    versions_of = nearest_versions_for_units(units=units, on=on, kinds=kinds)
    every = {pk for pks in versions_of.values() for pk in pks}
    item_counts = item_counts_for_units(units=units, versions=every) if every else {}
    rows = []
    for unit in units:
        counts = item_counts.get(unit.pk, {})
        tasks = sum(counts.get(pk, 0) for pk in versions_of[unit.pk])
        rows.append(
            {
                "region": unit,
                "figures": {
                    "tasks": tasks,
                    "forms": forms.get(county_ids[unit.pk], 0),
                    "inspections": insp.get(township_of[unit.pk], 0),
                    "apps": apps.get(county_ids[unit.pk], 0),
                    "seconded": seconded.get(unit.pk, 0),
                    "plaques": plaques.get(unit.pk, 0),
                    "cases": cases.get(unit.pk, 0),
                },
            }
        )
    return rows


def _units_below(parent: Region, level: str) -> list[Region]:
    """The units of ``level`` under ``parent``, each with its whole lineage loaded (its
    ``parent`` chain set from the regions read level by level: one query per level)."""
    parent.lineage()  # loads the parent's own ancestors once
    known = {parent.pk: parent}
    found, frontier = [], [parent.pk]
    while frontier:
        children = list(Region.objects.filter(parent_id__in=frontier))
        for child in children:
            child.parent = known[child.parent_id]
            known[child.pk] = child
        found += [c for c in children if c.level == level]
        frontier = [c.pk for c in children if c.level != level]
    return sorted(found, key=lambda r: r.code)


def _county_id(region: Region) -> int | None:
    """The county of a township or village loaded with its parent (no query)."""
    parent = region.parent
    if parent is None:
        return None
    if parent.level == RegionLevel.COUNTY:
        return parent.pk
    return parent.parent_id if parent.level == RegionLevel.TOWNSHIP else None
