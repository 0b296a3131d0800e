"""Every read of the registers: who sees which county, the entries of a unit and its subtree on a
date with their flags (one shape for the API, the exports and the admin lists)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Q

from mashangjian.permissions import scope_for
from registry.enums import RegionLevel
from registry.models import Region

from . import flags as F
from .enums import FilledBy, Flag, Register
from .links import entry_case_counts
from .models import GovApp, Inspection, Plaque, ReportForm, Secondment

MODELS = {
    Register.FORMS: ReportForm,
    Register.INSPECTIONS: Inspection,
    Register.APPS: GovApp,
    Register.SECONDMENTS: Secondment,
    Register.PLAQUES: Plaque,
}


# ---------------------------------------------------------------- scope


def office_county_ids(user) -> frozenset[int] | None:
    """The counties whose registers the user keeps (the 减负机制办 of the county); ``None`` means
    every county (a superuser)."""
    scope = scope_for(user)
    if scope.superuser:
        return None
    return scope.office_counties


def scoped(queryset, user):
    counties = office_county_ids(user)
    return queryset if counties is None else queryset.filter(county_id__in=counties)


def user_may_keep(user) -> bool:
    counties = office_county_ids(user)
    return counties is None or bool(counties)


# ---------------------------------------------------------------- regions


def subtree(region: Region) -> list[Region]:
    """The region and every region below it (one query per level; the tree is shallow)."""
    found = [region]
    frontier = [region.pk]
    while frontier:
        children = list(Region.objects.filter(parent_id__in=frontier))
        found.extend(children)
        frontier = [c.pk for c in children]
    return found


def counties_for(region: Region, tree: list[Region] | None = None) -> list[Region]:
    if region.level in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE):
        county = region.county
        return [county] if county else []
    return [r for r in (tree or subtree(region)) if r.level == RegionLevel.COUNTY]


def filled_by_for(level: str) -> list[str]:
    if level == RegionLevel.TOWNSHIP:
        return [FilledBy.TOWNSHIP, FilledBy.BOTH]
    if level == RegionLevel.VILLAGE:
        return [FilledBy.VILLAGE, FilledBy.BOTH]
    return list(FilledBy.values)


def township_ids_for(region: Region, tree: list[Region]) -> list[int] | None:
    """The townships whose inspections concern ``region`` (``None``: every township)."""
    if region.level == RegionLevel.VILLAGE:
        return [region.parent_id]
    if region.level == RegionLevel.TOWNSHIP:
        return [region.pk]
    return None


# ---------------------------------------------------------------- entries with flags


def _d(value) -> str | None:
    return value.isoformat() if value else None


def register_entries(
    register: str,
    *,
    region: Region,
    on: datetime.date,
    office: bool = False,
    detail: bool = True,
) -> list[dict]:
    """Entries of ``register`` in force on ``on`` for ``region`` and its subtree, each with its
    flags. ``office``: include what only the office sees (a seconded person's name).
    ``detail=False`` (secondments only): one row per home unit with counts, nothing that could
    identify a person (home unit + dates can, in a small unit)."""
    tree = subtree(region) if region.level not in (RegionLevel.VILLAGE,) else [region]
    counties = counties_for(region, tree)
    model = MODELS[Register(register)]
    qs = model.objects.in_force(on).filter(county__in=counties)
    if register == Register.FORMS:
        return _forms(qs.filter(filled_by__in=filled_by_for(region.level)), on)
    if register == Register.INSPECTIONS:
        townships = township_ids_for(region, tree)
        if townships is not None:
            qs = qs.filter(townships__in=townships).distinct()
        return _inspections(qs, counties, on)
    if register == Register.APPS:
        if region.level in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE):
            qs = qs.filter(faces_grassroots=True)
        return _apps(qs)
    if register == Register.SECONDMENTS:
        qs = qs.filter(home_unit__in=tree)
        if not detail:
            return _secondment_counts(qs, on)
        return _secondments(qs, on, office=office)
    return _plaques(qs.filter(unit__in=tree), on)


def _forms(qs, on) -> list[dict]:
    forms = list(qs.select_related("department"))
    hits = F.form_flags(forms, on)
    cases = entry_case_counts("form", [f.pk for f in forms])
    return [
        {
            "id": f.pk,
            "number": f.number,
            "title": f.title,
            "department": f.department.short_name,
            "approval": f.approval,
            "valid_until": _d(f.valid_until),
            "frequency": f.get_frequency_display(),
            "filled_by": f.get_filled_by_display(),
            "indicators": f.indicators,
            "status": f.get_status_display(),
            "linked_cases": cases.get(f.pk, 0),
            "flags": [h.as_dict() for h in hits[f.pk]],
        }
        for f in forms
    ]


def inspection_context(counties, on: datetime.date, *, year_of: bool = True):
    """Every planned inspection of the counties in the year of ``on`` (pile-ups look at all of
    them, not only the ones of one township) with the townships each visits."""
    qs = Inspection.objects.filter(county__in=counties, status="planned")
    if year_of:
        qs = qs.filter(start_date__year__in=[on.year, on.year - 1])
    everything = list(qs.select_related("department"))
    townships_of: dict[int, list[int]] = defaultdict(list)
    through = Inspection.townships.through.objects.filter(inspection__in=[i.pk for i in everything])
    for insp_id, region_id in through.values_list("inspection_id", "region_id"):
        townships_of[insp_id].append(region_id)
    names = dict(
        Region.objects.filter(pk__in={t for ts in townships_of.values() for t in ts}).values_list(
            "pk", "name"
        )
    )
    return everything, townships_of, names


def _inspections(qs, counties, on) -> list[dict]:
    chosen = list(qs.select_related("department"))
    everything, townships_of, names = inspection_context(counties, on)
    hits = F.inspection_flags(everything, townships_of, names)
    cases = entry_case_counts("inspection", [i.pk for i in chosen])
    return [
        {
            "id": i.pk,
            "item": i.item,
            "department": i.department.short_name,
            "basis": i.basis,
            "plan_kind": i.get_plan_kind_display(),
            "approval": i.approval,
            "townships": [names.get(t, "") for t in townships_of.get(i.pk, [])],
            "start_date": _d(i.start_date),
            "end_date": _d(i.end_date),
            "linked_cases": cases.get(i.pk, 0),
            "flags": [h.as_dict() for h in hits.get(i.pk, [])],
        }
        for i in chosen
    ]


def _apps(qs) -> list[dict]:
    apps = list(qs.select_related("department"))
    hits = F.app_flags(apps)
    cases = entry_case_counts("app", [a.pk for a in apps])
    return [
        {
            "id": a.pk,
            "name": a.name,
            "kind": a.get_kind_display(),
            "department": a.department.short_name,
            "filing_no": a.filing_no,
            "faces_grassroots": a.faces_grassroots,
            "status": a.get_status_display(),
            "closed_on": _d(a.closed_on),
            "linked_cases": cases.get(a.pk, 0),
            "flags": [h.as_dict() for h in hits[a.pk]],
        }
        for a in apps
    ]


def _secondments(qs, on, *, office: bool) -> list[dict]:
    rows = list(qs.select_related("home_unit"))
    hits = F.secondment_flags(rows, on)
    out = []
    for s in rows:
        row = {
            "id": s.pk,
            "home_unit": s.home_unit.name,
            "home_unit_code": s.home_unit.code,
            "borrowing_unit": s.borrowing_unit,
            "approval": s.approval,
            "start": _d(s.start),
            "end": _d(s.extended_until or s.end),
            "returned_on": _d(s.returned_on),
            "flags": [h.as_dict() for h in hits[s.pk]],
        }
        if office:
            row["person"] = s.person
        out.append(row)
    return out


def _secondment_counts(qs, on) -> list[dict]:
    """Secondments in force per home unit: how many, and how many carry each flag."""
    rows = list(qs.select_related("home_unit"))
    hits = F.secondment_flags(rows, on)
    units: dict[int, dict] = {}
    for s in sorted(rows, key=lambda r: r.home_unit.code):
        unit = units.setdefault(
            s.home_unit_id,
            {
                "home_unit": s.home_unit.name,
                "home_unit_code": s.home_unit.code,
                "count": 0,
                "flag_counts": {},
            },
        )
        unit["count"] += 1
        for hit in hits[s.pk]:
            unit["flag_counts"][hit.code] = unit["flag_counts"].get(hit.code, 0) + 1
    for unit in units.values():
        unit["flags"] = [
            {"code": code, "label": Flag(code).label, "detail": f"{n}人"}
            for code, n in sorted(unit.pop("flag_counts").items())
        ]
    return list(units.values())


def _plaques(qs, on) -> list[dict]:
    shown = list(qs.select_related("unit", "department"))
    units = {p.unit_id for p in shown}
    every = list(Plaque.objects.filter(unit_id__in=units).select_related("unit"))
    hits = F.plaque_flags(every, on)
    return [
        {
            "id": p.pk,
            "unit": p.unit.name,
            "unit_code": p.unit.code,
            "name": p.name,
            "department": p.department.short_name,
            "basis": p.basis,
            "status": p.get_status_display(),
            "flags": [h.as_dict() for h in hits[p.pk]],
        }
        for p in shown
    ]


# ---------------------------------------------------------------- inspections per township


def inspection_calendar(*, township: Region, year: int) -> list[dict]:
    """The weeks of ``year`` in which ``township`` is inspected, each with its warnings."""
    county = township.county
    everything, townships_of, names = inspection_context(
        [county], datetime.date(year, 7, 1), year_of=True
    )
    piles = F.pile_ups(everything, townships_of)
    by_pk = {i.pk: i for i in everything}
    week_warn = piles.week_warnings()
    day_warn = piles.day_warnings()
    weeks = []
    for (tid, week), pks in sorted(piles.weeks.items(), key=lambda kv: kv[0][1]):
        if tid != township.pk or week[0] != year:
            continue
        crowded_days = sorted(
            d for (t, d), _ in day_warn.items() if t == tid and d.isocalendar()[:2] == week
        )
        weeks.append(
            {
                "week": f"{week[0]}年第{week[1]}周",
                "inspections": sorted(
                    (by_pk[pk] for pk in pks), key=lambda i: (i.start_date, i.item)
                ),
                "too_many": (tid, week) in week_warn,
                "crowded_days": crowded_days,
            }
        )
    return weeks


def department_counts(*, county: Region, year: int) -> list[dict]:
    """Planned inspections per department this year against last year (no ranking: by name)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    qs = Inspection.objects.filter(
        county=county, status="planned", start_date__year__in=[year - 1, year]
    ).select_related("department")
    for insp in qs:
        counts[insp.department.short_name][0 if insp.start_date.year == year else 1] += 1
    return [
        {"department": name, "this_year": c[0], "last_year": c[1], "change": c[0] - c[1]}
        for name, c in sorted(counts.items())
    ]


def form_admission_check(form) -> dict | None:
    """The admission check of a form's title and purpose for a unit that fills it (the first
    village, or township, of the county): the verdict and reason the office weighs before
    taking the form into the catalogue. ``None`` when no list is in force to check against."""
    from django.core.exceptions import ValidationError

    from registry.services.checks import check_compute

    level = RegionLevel.VILLAGE if form.filled_by == FilledBy.VILLAGE else RegionLevel.TOWNSHIP
    unit = (
        Region.objects.filter(level=level)
        .filter(Q(parent=form.county_id) | Q(parent__parent=form.county_id))
        .order_by("code")
        .first()
    )
    if unit is None:
        return None
    text = "；".join(t for t in (form.title, form.purpose) if t)
    try:
        outcome = check_compute(region=unit, text=text, department=form.department)
    except ValidationError:
        return None
    return {"unit": unit.name, **outcome.result}
