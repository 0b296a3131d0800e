import datetime

import pytest

from mashangjian.selectors import work_calendar
from mashangjian.services.calendar import calendar_day_set, calendar_seed
from mashangjian.workdays import WorkCalendar

D = datetime.date


@pytest.fixture
def calendar(db):
    calendar_seed(years=range(2025, 2027))
    return work_calendar(years=range(2025, 2028))


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # 2025 国庆+中秋: 10/1–10/8 off; make-up working days Sun 9/28 and Sat 10/11.
        (D(2025, 9, 26), 2, D(2025, 9, 29)),  # Fri → Sun 9/28 (调休上班) counts, then Mon 9/29
        (D(2025, 9, 29), 2, D(2025, 10, 9)),  # Mon 9/29 → Tue 9/30, holiday, Thu 10/9
        (D(2025, 9, 30), 2, D(2025, 10, 10)),  # across the whole holiday
        (D(2025, 9, 30), 15, D(2025, 10, 28)),  # 10/9,10,11(调休),13–17,20–24,27,28
        (D(2025, 10, 9), 2, D(2025, 10, 11)),  # Sat 10/11 is a make-up working day
        (D(2025, 1, 24), 2, D(2025, 1, 27)),  # Fri → Sun 1/26 (调休) , Mon 1/27
        (D(2025, 1, 27), 1, D(2025, 2, 5)),  # 春节 1/28–2/4 off (2/8 Sat is make-up)
        (D(2025, 3, 3), 5, D(2025, 3, 10)),  # an ordinary week
    ],
)
def test_add_working_days_with_holidays_and_makeup_days(calendar, start, days, due):
    result = calendar.add_working_days(start, days)
    assert result.due == due
    assert result.warning == ""


def test_unknown_year_falls_back_to_weekdays_with_warning(calendar):
    result = calendar.add_working_days(D(2027, 9, 30), 2)
    assert result.due == D(2027, 10, 4)  # Mon–Fri only: no 国庆 data for 2027
    assert result.unknown_years == {2027}
    assert "2027年的节假日安排尚未录入" in result.warning


def test_deadline_crossing_into_unknown_year_warns(calendar):
    result = calendar.add_working_days(D(2026, 12, 24), 15)
    assert 2027 in result.unknown_years


def test_manual_rows_override_and_make_a_year_known(db):
    calendar_day_set(date=D(2027, 10, 1), is_workday=False, name="国庆节")
    cal = work_calendar(years=range(2027, 2028))
    assert cal.is_known(D(2027, 10, 4))
    assert not cal.is_workday(D(2027, 10, 1))


def test_seed_skips_years_the_library_does_not_know(db):
    added = calendar_seed(years=range(2026, 2028))
    assert added[2026] > 0
    assert 2027 not in added


def test_working_days_between():
    cal = WorkCalendar()
    assert cal.working_days_between(D(2025, 3, 7), D(2025, 3, 10)) == 1
    assert cal.working_days_between(D(2025, 3, 10), D(2025, 3, 7)) == -1


def test_count_across_2026_2027_with_and_without_the_year(db):
    """Issue 16: with no 2027 data, 2027-01-01 counts as a working day and the count says so;
    once the office enters the year the count is right and the warning goes."""
    calendar_seed(years=range(2026, 2027))
    start, end = D(2026, 12, 25), D(2027, 1, 8)
    cal = work_calendar(years=range(2026, 2028))
    assert cal.working_days_between(start, end) == 10  # 12/28–31 and 1/1–8 Mon–Fri
    assert cal.unknown_years(start, end) == {2027}
    assert "2027年的节假日安排尚未录入" in cal.years_warning(cal.unknown_years(start, end))
    assert cal.unknown_years(D(2026, 3, 1), D(2026, 6, 1)) == frozenset()

    calendar_day_set(date=D(2027, 1, 1), is_workday=False, name="元旦")
    cal = work_calendar(years=range(2026, 2028))
    assert cal.working_days_between(start, end) == 9
    assert cal.unknown_years(start, end) == frozenset()
    assert cal.years_warning(cal.unknown_years(start, end)) == ""
