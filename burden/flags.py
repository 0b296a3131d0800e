"""The flags of each register, computed from the entries on a date (never stored).

Every function takes entries already loaded (with their relations) and answers
``{entry pk: [Flag …]}`` so that lists, the API and exports show the same flags.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .config import plaque_cap, setting
from .enums import (
    FORBIDDEN_FUNCTIONS,
    AppKind,
    Flag,
    FormStatus,
    InspectionStatus,
    PlanKind,
)


@dataclass(frozen=True)
class FlagHit:
    code: str
    label: str
    detail: str = ""

    def as_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "detail": self.detail}


def _hit(flag: Flag, detail: str = "") -> FlagHit:
    return FlagHit(code=flag.value, label=flag.label, detail=detail)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- forms


def form_flags(forms: Iterable, on: datetime.date) -> dict[int, list[FlagHit]]:
    result = {}
    for form in forms:
        hits = []
        if form.status == FormStatus.OUTSIDE:
            hits.append(_hit(Flag.OUTSIDE_CATALOGUE, "未纳入县级报表目录，基层可拒绝填报"))
        if form.valid_until and form.valid_until < on:
            hits.append(_hit(Flag.EXPIRED, f"有效期至 {form.valid_until:%Y-%m-%d}"))
        result[form.pk] = hits
    return result


# ---------------------------------------------------------------- inspections


def _days(start: datetime.date, end: datetime.date):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


@dataclass
class PileUps:
    """Per township: inspections per ISO week and departments per day."""

    weeks: dict[tuple[int, tuple[int, int]], set[int]] = field(default_factory=dict)
    days: dict[tuple[int, datetime.date], dict[int, set[int]]] = field(default_factory=dict)

    def week_warnings(self) -> dict[tuple[int, tuple[int, int]], set[int]]:
        limit = setting("INSPECTIONS_PER_WEEK")
        return {k: v for k, v in self.weeks.items() if len(v) > limit}

    def day_warnings(self) -> dict[tuple[int, datetime.date], dict[int, set[int]]]:
        limit = setting("DEPARTMENTS_PER_DAY")
        return {k: v for k, v in self.days.items() if len(v) >= limit}


def pile_ups(inspections: Iterable, townships_of: dict[int, list[int]]) -> PileUps:
    """``townships_of``: inspection pk → the township pks it visits."""
    piles = PileUps()
    for insp in inspections:
        if insp.status != InspectionStatus.PLANNED:
            continue
        for township in townships_of.get(insp.pk, ()):
            for day in _days(insp.start_date, insp.end_date):
                week = day.isocalendar()[:2]
                piles.weeks.setdefault((township, week), set()).add(insp.pk)
                piles.days.setdefault((township, day), {}).setdefault(
                    insp.department_id, set()
                ).add(insp.pk)
    return piles


def inspection_flags(
    inspections: list, townships_of: dict[int, list[int]], names: dict[int, str]
) -> dict[int, list[FlagHit]]:
    piles = pile_ups(inspections, townships_of)
    week_hits: dict[int, list[str]] = defaultdict(list)
    for (township, (year, week)), pks in sorted(piles.week_warnings().items()):
        for pk in pks:
            week_hits[pk].append(f"{names.get(township, '')}{year}年第{week}周共{len(pks)}次")
    day_hits: dict[int, list[str]] = defaultdict(list)
    for (township, day), by_dept in sorted(piles.day_warnings().items()):
        for pks in by_dept.values():
            for pk in pks:
                day_hits[pk].append(f"{names.get(township, '')}{day:%m-%d}有{len(by_dept)}个部门")
    result = {}
    for insp in inspections:
        hits = []
        if insp.plan_kind == PlanKind.EXTRA and not insp.approval.strip():
            hits.append(_hit(Flag.EXTRA_UNAPPROVED, "计划外督查检查须一事一报并经批准"))
        if week_hits.get(insp.pk):
            hits.append(_hit(Flag.PILE_UP_WEEK, "；".join(dict.fromkeys(week_hits[insp.pk]))))
        if day_hits.get(insp.pk):
            hits.append(_hit(Flag.PILE_UP_DAY, "；".join(dict.fromkeys(day_hits[insp.pk]))))
        result[insp.pk] = hits
    return result


# ---------------------------------------------------------------- apps


def app_flags(apps: Iterable) -> dict[int, list[FlagHit]]:
    result = {}
    for app in apps:
        hits = []
        found = [label for name, label in FORBIDDEN_FUNCTIONS.items() if getattr(app, name)]
        if found and app.faces_grassroots:
            hits.append(_hit(Flag.FORBIDDEN_FUNCTION, "、".join(found)))
        if app.kind != AppKind.GROUP and not app.filing_no.strip():
            hits.append(_hit(Flag.NOT_FILED))
        result[app.pk] = hits
    return result


# ---------------------------------------------------------------- secondments


def secondment_flags(secondments: Iterable, on: datetime.date) -> dict[int, list[FlagHit]]:
    months = setting("SECONDMENT_MONTHS")
    min_years = setting("MIN_SERVICE_YEARS")
    result = {}
    for s in secondments:
        hits = []
        planned = s.extended_until or s.end
        actual = s.returned_on if s.returned_on and s.returned_on <= on else on
        limit = add_months(s.start, months)
        if actual > limit or planned > limit:
            hits.append(
                _hit(Flag.OVER_SIX_MONTHS, f"借调始于 {s.start:%Y-%m-%d}，至 {planned:%Y-%m-%d}")
            )
        if add_months(s.work_started, 12 * min_years) > s.start:
            hits.append(_hit(Flag.UNDER_FIVE_YEARS, f"参加工作不满{min_years}年"))
        result[s.pk] = hits
    return result


# ---------------------------------------------------------------- plaques


def plaque_flags(plaques: list, on: datetime.date) -> dict[int, list[FlagHit]]:
    """``plaques``: every plaque of the units concerned (the cap counts those in force)."""
    in_force = defaultdict(list)
    for p in plaques:
        if (p.hung_on is None or p.hung_on <= on) and (p.removed_on is None or p.removed_on > on):
            in_force[p.unit_id].append(p)
    result = {p.pk: [] for p in plaques}
    for unit_plaques in in_force.values():
        unit = unit_plaques[0].unit
        cap = plaque_cap(unit.unit_type)
        if cap is not None and len(unit_plaques) > cap:
            for p in unit_plaques:
                result[p.pk].append(
                    _hit(Flag.OVER_CAP, f"{unit.name}现有{len(unit_plaques)}块，上限{cap}块")
                )
    return result
