"""The working-day table: seeded from chinese-calendar, editable by the office."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction

from registry.models import Region

from ..models import CalendarDay

logger = logging.getLogger(__name__)


@transaction.atomic
def calendar_seed(*, years: range) -> dict[int, int]:
    """Copy holidays on weekdays and make-up working days from chinese-calendar.

    Rows already present (for example corrected by hand) are left alone. Years the library does
    not know are skipped with a warning. Returns {year: rows added}.
    """
    import chinese_calendar

    added: dict[int, int] = {}
    for year in years:
        rows = []
        try:
            day = datetime.date(year, 1, 1)
            while day.year == year:
                on_holiday, name = chinese_calendar.get_holiday_detail(day)
                weekend = day.weekday() >= 5
                label = _holiday_label(name)
                if on_holiday and not weekend and name is not None:
                    rows.append(
                        CalendarDay(
                            date=day, is_workday=False, name=label, source="chinese_calendar"
                        )
                    )
                elif not on_holiday and weekend:
                    rows.append(
                        CalendarDay(
                            date=day,
                            is_workday=True,
                            name=f"{label}调休" if label else "调休上班",
                            source="chinese_calendar",
                        )
                    )
                day += datetime.timedelta(days=1)
        except NotImplementedError:
            logger.warning("chinese-calendar 不含 %s 年的节假日安排，已跳过。", year)
            continue
        existing = set(
            CalendarDay.objects.filter(date__year=year, county=None).values_list("date", flat=True)
        )
        new = [r for r in rows if r.date not in existing]
        for row in new:
            row.save()  # one by one so simple-history records the seed
        added[year] = len(new)
    return added


_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def _holiday_label(name: str | None) -> str:
    return _NAMES.get(name or "", name or "")


@transaction.atomic
def calendar_day_set(
    *, date: datetime.date, is_workday: bool, name: str = "", county: Region | None = None
) -> CalendarDay:
    """Set a national day (``county`` None, shared by every county) or one county's local entry."""
    day, _ = CalendarDay.objects.update_or_create(
        date=date,
        county=county,
        defaults={"is_workday": is_workday, "name": name, "source": "manual"},
    )
    return day
