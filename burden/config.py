"""Thresholds of the flags, configurable in settings.BURDEN (defaults below)."""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    # more than this many inspections of one township in one ISO week is a pile-up
    "INSPECTIONS_PER_WEEK": 2,
    # this many different departments inspecting one township on one day is a pile-up
    "DEPARTMENTS_PER_DAY": 2,
    # the most mechanism plaques a unit of each type may carry (registry.enums.UnitType values)
    "PLAQUE_CAPS": {"镇": 8, "乡": 8, "街道": 8, "村": 5, "社区": 5},
    # a secondment longer than this many months is flagged
    "SECONDMENT_MONTHS": 6,
    # staff with fewer years of service than this should not be seconded
    "MIN_SERVICE_YEARS": 5,
}


def setting(name: str):
    return {**DEFAULTS, **getattr(settings, "BURDEN", {})}[name]


def plaque_cap(unit_type: str) -> int | None:
    return setting("PLAQUE_CAPS").get(unit_type)
