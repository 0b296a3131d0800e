"""The working-day calendar of a county (national days + its local 调休) and what counts as
due soon."""

from __future__ import annotations

import datetime

from django.db.models import F, Q

from .. import refcache
from ..models import CalendarDay
from ..workdays import WorkCalendar


def work_calendar(*, years: range | None = None, county_id: int | None = None) -> WorkCalendar:
    """The working-day calendar from the CalendarDay table (the years around today by default).

    National rows are shared by every county; with ``county_id`` that county's local rows (地方
    调休) are laid over them, so a count for a case uses the case's county. Cached per process
    and checked against the table's history on every call (refcache)."""
    if years is None:
        this_year = datetime.date.today().year
        years = range(this_year - 2, this_year + 3)
    return refcache.work_calendar(years=years, county_id=county_id, load=_work_calendar_from_db)


def _work_calendar_from_db(years: range, county_id: int | None = None) -> WorkCalendar:
    rows = (
        CalendarDay.objects.filter(date__year__gte=years.start, date__year__lt=years.stop)
        .filter(Q(county=None) | Q(county_id=county_id) if county_id else Q(county=None))
        .order_by(F("county_id").asc(nulls_first=True))  # a local row overrides the national one
        .values_list("date", "is_workday", "county_id")
    )
    days: dict[datetime.date, bool] = {}
    known: set[int] = set()
    for day, is_workday, local in rows:
        days[day] = is_workday
        if local is None:
            known.add(day.year)  # a year is known when the national arrangement is entered
    holidays = {d for d, work in days.items() if not work}
    makeup = {d for d, work in days.items() if work}
    return WorkCalendar(frozenset(holidays), frozenset(makeup), frozenset(known))


DUE_SOON_WORKING_DAYS = 2


def due_soon_until(today: datetime.date) -> datetime.date:
    """The last date counting as due soon: two working days ahead."""
    calendar = work_calendar(years=range(today.year, today.year + 2))
    return calendar.add_working_days(today, DUE_SOON_WORKING_DAYS).due
