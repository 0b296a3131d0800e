"""码上减 statistics over a million cases, for ``bench_layers.py`` (not a benchmark of its own).

The city role's whole statistics page (by county + the five dimensions + the 12-month charts),
timed in the same run:

- before: every table counted live from the case table in one pass (GROUPING SETS);
- now: the monthly figures (``CaseMonthFigures``), refreshed first for the marked months;
- now, right after one case is updated (the page recounts that one county-month first);
- now, with dates that cut two months: each cut month's days inside the range counted live and
  added (before), and each cut month's smaller part counted live: here its days outside the
  range, subtracted from the month's figures (after);

and the time of the first refresh after the COPY (every county-month marked). The figures are
checked equal to live aggregation, with and without dates.
"""

from __future__ import annotations

import datetime
import functools
import random
import time
from contextlib import contextmanager

from _common import REPO


def _load(args, counties, villages) -> float:
    """Load ``args.cases`` cases spread over the city with COPY (the triggers mark the
    county-months); returns the seconds taken."""
    from django.db import connection
    from django.utils import timezone

    from mashangjian.enums import CaseStatus, Satisfaction
    from mashangjian.models import Category
    from mashangjian.services import setup
    from registry.services.regions import department_upsert

    setup.categories_load(path=REPO / "fixtures" / "linyuan" / "mashangjian_categories.csv")
    categories = list(Category.objects.values_list("pk", flat=True))
    departments: dict[int, list[int]] = {}
    for county in counties:
        departments[county.pk] = [
            department_upsert(
                county=county, code=f"D{k:02d}", name=f"{county.name}第{k}局", short_name=f"县{k}局"
            ).pk
            for k in range(12)
        ]
    rng = random.Random(1014)
    now = timezone.now()
    statuses = [CaseStatus.CLOSED] * 6 + [CaseStatus.HANDLING, CaseStatus.DECLINED]
    ratings = ["", "", Satisfaction.SATISFIED, Satisfaction.BASICALLY, Satisfaction.UNSATISFIED]
    columns = (
        "number token_hash category_id county_id region_id subject_department_id subject_text "
        "content content_redacted subject_text_redacted occurred occurred_redacted "
        "conflict_departments anonymous contact_name contact_phone address_string status "
        "submitted_at accept_due decline_reason decline_note handler_department_id direct "
        "route_reason extended extension_reason answer_draft review_note public_answer "
        "closed_on_time accepted_on_time satisfaction reopened first_satisfaction check_result "
        "typical typical_title typical_summary"
    ).split()
    village_counties = [(v.pk, v.parent.parent_id) for v in villages]
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        copy_sql = f"COPY mashangjian_case ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for n in range(args.cases):
                region_id, county_id = village_counties[n % len(village_counties)]
                status = rng.choice(statuses)
                submitted = now - datetime.timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
                closed = status == CaseStatus.CLOSED
                dept = rng.choice(departments[county_id])
                copy.write_row(
                    (
                        f"B{n:010d}",
                        "x",
                        rng.choice(categories),
                        county_id,
                        region_id,
                        dept if n % 3 == 0 else None,
                        "",
                        "反映内容",
                        "反映内容",
                        "",
                        "",
                        "",
                        "",
                        True,
                        "",
                        "",
                        "",
                        status,
                        submitted,
                        submitted.date(),
                        "other" if status == CaseStatus.DECLINED else "",
                        "",
                        None if status == CaseStatus.DECLINED else dept,
                        n % 17 == 0,
                        "",
                        False,
                        "",
                        "",
                        "",
                        "",
                        (n % 5 != 0) if closed else None,
                        n % 11 != 0,
                        rng.choice(ratings) if closed else "",
                        False,
                        Satisfaction.UNSATISFIED if closed and n % 13 == 0 else "",
                        '{"prohibited": true}' if n % 23 == 0 else None,
                        False,
                        "",
                        "",
                    )
                )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE mashangjian_case")
    load_s = time.perf_counter() - t0
    return load_s


def statistics_bench(args, city, counties, villages) -> dict:
    """Load the cases, then time the statistics (see the module's docstring)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from cms.roles import city_role_setup
    from mashangjian import selectors
    from mashangjian.models import Case, CaseFiguresMark, CaseMonthFigures
    from mashangjian.permissions import Scope, scope_for
    from mashangjian.selectors import stat_figures, stat_groups
    from mashangjian.selectors import statistics as stat_module
    from mashangjian.services.case_figures import case_figures_refresh

    load_s = _load(args, counties, villages)
    assert Case.objects.count() >= args.cases
    marks = CaseFiguresMark.objects.count()
    t0 = time.perf_counter()
    refreshed = case_figures_refresh(counties=None)
    first_refresh_s = time.perf_counter() - t0
    assert not CaseFiguresMark.objects.exists()

    city_user = get_user_model().objects.create_user("bench_city")
    city_user.groups.add(city_role_setup(city=city))
    city_scope = scope_for(city_user)
    assert len(city_scope.read_counties) == len(counties)
    county_scope = Scope(office_counties=frozenset({counties[0].pk}))
    dimensions = list(selectors.dimensions_for(city_scope))
    today = timezone.localdate()
    # Dates that cut two months: from the 10th four months ago to the 20th of last month.
    cut_start = (today.replace(day=1) - datetime.timedelta(days=100)).replace(day=10)
    cut_end = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=20)

    # Exact: the figures equal live aggregation (one pass), without and with dates.
    for start, end in ((None, None), (cut_start, cut_end)):
        live = stat_groups._stat_groups_by_dimension(
            scope=city_scope, dimensions=dimensions, start=start, end=end
        )
        figures = stat_module._groups(scope=city_scope, dimensions=dimensions, start=start, end=end)
        for d in dimensions:
            assert {g["stat_group"]: g for g in figures[d]} == {
                g["stat_group"]: g for g in live[d]
            }, ("figures and live aggregation differ", start, end, d)

    def timed(fn, before=None) -> list[float]:
        fn()  # warm
        out = []
        for _ in range(args.stats_requests):
            if before:
                before()
            t = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t) * 1000)
        return out

    def timed_once(fn) -> list[float]:
        t = time.perf_counter()
        fn()
        return [(time.perf_counter() - t) * 1000]

    city_table = timed(lambda: selectors.statistics_table(scope=city_scope, dimension="region"))
    county_table = timed(lambda: selectors.statistics_table(scope=county_scope, dimension="region"))
    client = Client()
    client.force_login(city_user)
    url = reverse("mashangjian_admin:statistics")

    def page(query: str = ""):
        response = client.get(url + query)
        assert response.status_code == 200, response.status_code

    # Before: every table live from the case table, one pass (the path the figures replace).
    with _live(stat_module, stat_groups):
        live_tables = selectors.statistics_tables(scope=city_scope, dimensions=dimensions)
        city_page_live = timed(page)
    assert selectors.statistics_tables(scope=city_scope, dimensions=dimensions) == live_tables
    city_page = timed(page)
    cut = f"?start={cut_start:%Y-%m-%d}&end={cut_end:%Y-%m-%d}"
    with _added(stat_module, stat_figures):
        added_tables = selectors.statistics_tables(
            scope=city_scope, dimensions=dimensions, start=cut_start, end=cut_end
        )
    assert (
        selectors.statistics_tables(
            scope=city_scope, dimensions=dimensions, start=cut_start, end=cut_end
        )
        == added_tables
    ), "cut months subtracted and added differ"

    def page_cut_added():
        with _added(stat_module, stat_figures):
            page(cut)

    # Before and after alternately, so that the busy box's swings fall on both alike.
    city_page_cut_added, city_page_cut = [], []
    page_cut_added()
    page(cut)
    for _ in range(args.stats_requests):
        city_page_cut_added += timed_once(page_cut_added)
        city_page_cut += timed_once(lambda: page(cut))

    # Right after one case of this month is updated: that county-month is recounted first.
    recent = list(
        Case.objects.filter(submitted_at__gte=timezone.now() - datetime.timedelta(days=3))
        .order_by()
        .values_list("pk", flat=True)[: args.stats_requests + 1]
    )
    rng = random.Random(7)
    writes = iter(recent)

    def update_one():
        Case.objects.filter(pk=next(writes)).update(accepted_on_time=rng.random() < 0.5)
        assert CaseFiguresMark.objects.count() == 1

    city_page_after_write = timed(page, before=update_one)
    with _live(stat_module, stat_groups):
        live_tables = selectors.statistics_tables(scope=city_scope, dimensions=dimensions)
    assert selectors.statistics_tables(scope=city_scope, dimensions=dimensions) == live_tables, (
        "figures and live aggregation differ after the writes"
    )
    return {
        "cases": Case.objects.count(),
        "load_s": load_s,
        "marks": marks,
        "first_refresh_s": first_refresh_s,
        "refreshed": refreshed,
        "figure_rows": CaseMonthFigures.objects.count(),
        "city_table": city_table,
        "county_table": county_table,
        "city_page_live": city_page_live,
        "city_page": city_page,
        "city_page_cut_added": city_page_cut_added,
        "city_page_cut": city_page_cut,
        "cut": f"{cut_start} to {cut_end}",
        "cut_days_added": _live_days(stat_figures.range_plan(cut_start, cut_end, subtract=False)),
        "cut_days_now": _live_days(stat_figures.range_plan(cut_start, cut_end)),
        "city_page_after_write": city_page_after_write,
        "tables": len(dimensions),
        "vendor": connection.vendor,
    }


@contextmanager
def _live(stat_module, stat_groups):
    """The statistics counted live from the case table (one pass), as before the figures."""
    figures_groups = stat_module._groups
    stat_module._groups = stat_groups._stat_groups_by_dimension
    try:
        yield
    finally:
        stat_module._groups = figures_groups


@contextmanager
def _added(stat_module, stat_figures):
    """Every cut month counted over its days inside the range, added (before the subtraction)."""
    smaller_part = stat_module._groups
    stat_module._groups = functools.partial(stat_figures._groups, subtract=False)
    try:
        yield
    finally:
        stat_module._groups = smaller_part


def _live_days(plan) -> int:
    return sum((b - a).days + 1 for a, b in (*plan.added, *plan.subtracted))
