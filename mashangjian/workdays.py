"""Working-day arithmetic with Chinese public holidays and make-up working days (调休).

Pure: the calendar is built from plain values (the CalendarDay table, see selectors.work_calendar).
A year with no row at all is unknown: we count Mon–Fri for it and report the year, so the office
sees a warning instead of a silently wrong deadline.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[datetime.date] = frozenset()
    makeup_days: frozenset[datetime.date] = frozenset()
    known_years: frozenset[int] = frozenset()

    def is_known(self, day: datetime.date) -> bool:
        return day.year in self.known_years

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.makeup_days:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: datetime.date, days: int) -> Deadline:
        """The date ``days`` working days after ``start`` (start itself does not count)."""
        if days < 0:
            raise ValueError("days must be >= 0")
        day = start
        unknown: set[int] = set()
        remaining = days
        while remaining:
            day += datetime.timedelta(days=1)
            if not self.is_known(day):
                unknown.add(day.year)
            if self.is_workday(day):
                remaining -= 1
        return Deadline(due=day, unknown_years=frozenset(unknown))

    @staticmethod
    def years_warning(years) -> str:
        return unknown_years_warning(years)

    def unknown_years(self, start: datetime.date, end: datetime.date) -> frozenset[int]:
        """Years of the days in (start, end] (either order) with no holiday data: a count over
        them is Mon–Fri only and may be off by the holidays it missed."""
        low, high = sorted((start, end))
        first = low + datetime.timedelta(days=1)
        return (
            frozenset(y for y in range(first.year, high.year + 1) if y not in self.known_years)
            if high > low
            else frozenset()
        )

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days in (start, end]; negative if end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += datetime.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count


@dataclass(frozen=True)
class Deadline:
    due: datetime.date
    unknown_years: frozenset[int] = field(default_factory=frozenset)

    @property
    def warning(self) -> str:
        return unknown_years_warning(self.unknown_years)


def unknown_years_warning(years) -> str:
    """The warning shown wherever a deadline or a count reaches years with no holiday data."""
    if not years:
        return ""
    joined = "、".join(str(y) for y in sorted(years))
    return (
        f"{joined}年的节假日安排尚未录入，期限和工作日数暂按周一至周五计算；"
        "请在“码上减 › 节假日与调休”中补录后核对。"
    )
