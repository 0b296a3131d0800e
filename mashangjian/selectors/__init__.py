"""Reads of 码上减 (selectors own select_related / prefetch_related).

Modules: calendar (working days of a county), reference (categories, regions, departments,
routing), cases (staff lists, one case, timeline, 待办), public (the reporter's and the public's
reads, Open311), statistics (tables and monthly series), stat_figures (the groups of a date
range: the monthly figures, the cut months counted live), stat_groups (the counting rules and
the live grouped queries). The names callers use as
``selectors.<name>`` are re-exported here.
"""

from .calendar import work_calendar
from .cases import (
    CHECK_FILTERS,
    case_for_staff,
    case_notes,
    case_timeline,
    cases_for,
    hotspot_candidates,
    todo_lists,
)
from .public import (
    case_by_number,
    case_by_query_code,
    case_for_reporter,
    cases_public,
    typical_cases,
)
from .reference import (
    categories,
    category_by_code,
    county_codes,
    department_by_code,
    region_by_code,
    region_names,
    reporting_counties,
    reporting_regions,
    routing_proposal,
)
from .statistics import (
    EXPORT_HEADERS,
    RATE_SERIES,
    STAT_HEADERS,
    dimensions_for,
    monthly_series,
    statistics_table,
    statistics_tables,
)

__all__ = [
    "CHECK_FILTERS",
    "EXPORT_HEADERS",
    "RATE_SERIES",
    "STAT_HEADERS",
    "case_by_number",
    "case_by_query_code",
    "case_for_reporter",
    "case_for_staff",
    "case_notes",
    "case_timeline",
    "cases_for",
    "cases_public",
    "categories",
    "category_by_code",
    "county_codes",
    "department_by_code",
    "dimensions_for",
    "hotspot_candidates",
    "monthly_series",
    "region_by_code",
    "region_names",
    "reporting_counties",
    "reporting_regions",
    "routing_proposal",
    "statistics_table",
    "statistics_tables",
    "todo_lists",
    "typical_cases",
    "work_calendar",
]
