"""Master data: regions and departments (history kept by django-simple-history)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from registry.enums import RegionLevel, UnitType
from registry.models import Department, DutyList, Region


@transaction.atomic
def region_upsert(
    *, code: str, name: str, level: str, unit_type: str, parent: Region | None = None
) -> Region:
    """Create a region or bring an existing one (same code) up to date; unchanged rows are left alone."""
    if level not in RegionLevel.values:
        raise ValidationError(f"区划 {code}：层级“{level}”无效。")
    if unit_type not in UnitType.values:
        raise ValidationError(f"区划 {code}：单位类型“{unit_type}”无效。")
    region = Region.objects.filter(code=code).first()
    values = {"name": name, "level": level, "unit_type": unit_type, "parent": parent}
    if region is None:
        region = Region(code=code, **values)
    elif all(getattr(region, k) == v for k, v in values.items()):
        return region
    else:
        for k, v in values.items():
            setattr(region, k, v)
    region.full_clean()
    region.save()
    return region


@transaction.atomic
def department_upsert(
    *, county: Region, code: str, name: str, short_name: str, kind: str = ""
) -> Department:
    dept = Department.objects.filter(county=county, code=code).first()
    values = {"name": name, "short_name": short_name, "kind": kind}
    if dept is None:
        dept = Department(county=county, code=code, **values)
    elif all(getattr(dept, k) == v for k, v in values.items()):
        return dept
    else:
        for k, v in values.items():
            setattr(dept, k, v)
    dept.full_clean()
    dept.save()
    return dept


@transaction.atomic
def duty_list_get_or_create(*, region: Region, kind: str) -> DutyList:
    """The list of ``kind`` on ``region``. A new list under a region that already has a list of
    this kind (a county under the city's catalogue) is made a derived list: adjustments to that
    source, never a copy of it (registry.layers). Township and village lists always are."""
    existing = DutyList.objects.filter(region=region, kind=kind).first()
    if existing is not None:
        return existing
    above = [r.pk for r in region.ancestors()]
    derived = DutyList.objects.filter(region_id__in=above, kind=kind).exists()
    duty_list, _ = DutyList.objects.get_or_create(
        region=region, kind=kind, defaults={"derived": derived}
    )
    return duty_list
