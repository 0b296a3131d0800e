"""Reads that cross relations. Each owns its select_related/prefetch_related;
tests assert how many queries they take.

Modules: lists (which lists apply to a unit on a date, the nearest versions for many dates or
units), items (a version's items, as instances or plain values, and their counts), units (a
unit's lists resolved through their layers), versions (in force, status, export shape,
comparison), admissions (the public register, precedents of checks), catalogue (counties
against the city catalogue). The names callers use as ``selectors.<name>`` are re-exported here.
"""

from .admissions import admission_register, decision_precedents
from .catalogue import catalogue_comparison
from .items import item_as_dict, item_dicts_for_version, items_for_version
from .lists import lists_for_region
from .units import (
    items_for_department,
    items_for_region,
    region_get,
    resolved_for_region,
    source_items,
    unit_list,
)
from .versions import (
    unit_compare,
    version_by_number,
    version_compare,
    version_export,
    version_in_force,
    version_status,
    versions_with_status,
)

__all__ = [
    "admission_register",
    "catalogue_comparison",
    "decision_precedents",
    "item_as_dict",
    "item_dicts_for_version",
    "items_for_department",
    "items_for_region",
    "items_for_version",
    "lists_for_region",
    "region_get",
    "resolved_for_region",
    "source_items",
    "unit_compare",
    "unit_list",
    "version_by_number",
    "version_compare",
    "version_export",
    "version_in_force",
    "version_status",
    "versions_with_status",
]
