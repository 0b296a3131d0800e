"""The load picture (基层负担画像) against a hand-counted fixture; 边减边增; comparison; API."""

import datetime
from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from burden.enums import AppKind, AppStatus, FilledBy, FormStatus, PlaqueStatus
from burden.models import GovApp, Plaque, Secondment
from burden.picture import comparison, load_picture, month_ends, rises_after_fall
from mashangjian.models import Category
from mashangjian.services import calendar as calendar_services
from mashangjian.services import setup
from mashangjian.services.cases import case_submit
from registry.enums import ListKind
from tests.burden.test_registers import inspect, make_form
from tests.factories import items, make_region, publish

D = datetime.date
ON = D(2026, 6, 30)
CATEGORIES = Path(settings.BASE_DIR) / "fixtures" / "linyuan" / "mashangjian_categories.csv"


def at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 10))


@pytest.fixture
def loaded(two):
    c, v = two.county, two.village
    publish(
        c, ListKind.VILLAGE_ASSIST, D(2025, 1, 1), items("协助低保初审", "协助征兵", "协助统计")
    )
    publish(c, ListKind.VILLAGE_NEGATIVE, D(2025, 1, 1), items("不得要求村出具证明", "不得摊派"))
    publish(c, ListKind.TOWNSHIP_BASIC, D(2025, 1, 1), items("乡镇事项一", "乡镇事项二"))
    make_form(c, two.minzheng, "V1", filled_by=FilledBy.VILLAGE)
    make_form(
        c, two.minzheng, "V2", filled_by=FilledBy.VILLAGE,
        status=FormStatus.ABOLISHED, abolished_on=D(2026, 3, 1),
    )  # fmt: skip
    make_form(c, two.minzheng, "T1", filled_by=FilledBy.TOWNSHIP)
    make_form(c, two.tongji, "B1", filled_by=FilledBy.BOTH, valid_from=D(2026, 5, 1))
    inspect(two, "低保核查", two.minzheng, D(2026, 3, 2))
    inspect(two, "统计检查", two.tongji, D(2026, 5, 10))
    inspect(two, "去年检查", two.tongji, D(2025, 5, 1))
    inspect(two, "街道检查", two.tongji, D(2026, 4, 1), townships=[two.street])
    GovApp.objects.create(
        county=c, name="村务APP", kind=AppKind.APP, department=two.minzheng, filing_no="1"
    )
    GovApp.objects.create(
        county=c, name="旧APP", kind=AppKind.APP, department=two.minzheng, filing_no="2",
        status=AppStatus.CLOSED, closed_on=D(2026, 2, 1),
    )  # fmt: skip
    GovApp.objects.create(
        county=c, name="内部系统", kind=AppKind.APP, department=two.minzheng, filing_no="3",
        faces_grassroots=False,
    )  # fmt: skip
    Secondment.objects.create(
        county=c, person="甲", work_started=D(2010, 1, 1), home_unit=v, borrowing_unit="县委办",
        start=D(2026, 1, 1), end=D(2026, 6, 30),
    )  # fmt: skip
    Secondment.objects.create(
        county=c, person="乙", work_started=D(2010, 1, 1), home_unit=v, borrowing_unit="县委办",
        start=D(2025, 10, 1), end=D(2026, 3, 31), returned_on=D(2026, 4, 1),
    )  # fmt: skip
    for name in ("党群服务中心", "综治中心"):
        Plaque.objects.create(county=c, unit=v, name=name, department=two.minzheng)
    Plaque.objects.create(
        county=c, unit=v, name="老年协会", department=two.minzheng,
        status=PlaqueStatus.REMOVED, removed_on=D(2026, 4, 1),
    )  # fmt: skip
    calendar_services.calendar_seed(years=range(2025, 2027))
    setup.categories_load(path=CATEGORIES)
    first, second = Category.objects.order_by("sort_order")[:2]
    text = "村里每个月都要填写重复的报表，负担很重。"
    case_submit(category=first, region=v, content=text, now=at(2026, 4, 3))
    case_submit(category=second, region=v, content=text + "二", now=at(2026, 4, 8))
    case_submit(category=first, region=two.town, content=text + "三", now=at(2026, 4, 9))
    return two, first, second


def test_village_figures_by_hand(loaded):
    two, first, second = loaded
    pic = load_picture(two.village, ON)
    assert pic.figures == {
        "tasks": 3,  # the assist list; the negative list is not work
        "forms": 2,  # V1 and B1 (V2 abolished, T1 is the township's)
        "inspections": 2,  # its township's two in the last 12 months
        "apps": 1,
        "seconded": 1,
        "plaques": 2,
        "cases": 2,
    }
    assert pic.cases_by_category == {first.name: 1, second.name: 1}


def test_township_counts_its_villages_cases(loaded):
    two, first, _ = loaded
    pic = load_picture(two.town, ON)
    assert pic.figures["tasks"] == 2
    assert pic.figures["forms"] == 2  # T1 and B1
    assert pic.figures["cases"] == 3
    assert pic.figures["seconded"] == 0  # its villages' staff are in their own pictures


def test_trend_and_rise_after_fall(loaded):
    two, *_ = loaded
    pic = load_picture(two.village, ON)
    months = {f"{d:%Y-%m}": f for d, f in pic.months}
    assert list(months) == [f"{d:%Y-%m}" for d in month_ends(ON)]
    assert [months[m]["forms"] for m in ("2026-02", "2026-03", "2026-04", "2026-05")] == [
        2,
        1,
        1,
        2,
    ]
    assert [months[m]["plaques"] for m in ("2026-03", "2026-04")] == [3, 2]
    assert pic.alerts == [
        {
            "key": "forms",
            "label": "须填报表",
            "message": "边减边增：须填报表在2026年03月降至1，2026年05月又升至2。",
        }
    ]


def test_rises_after_fall_only_after_a_fall():
    s = lambda *v: [(D(2026, i + 1, 1), x) for i, x in enumerate(v)]  # noqa: E731
    assert rises_after_fall(s(1, 2, 3)) is None
    assert rises_after_fall(s(3, 2, 2)) is None
    assert rises_after_fall(s(3, 1, 2))[1:] == (1, D(2026, 3, 1), 2)


def test_comparison_is_in_code_order_not_ranked(loaded, client):
    two, *_ = loaded
    rows = comparison(two.county, ON)
    assert [r["region"].name for r in rows] == ["东街道", "西镇"]
    assert rows[1]["figures"] == load_picture(two.town, ON).figures
    assert rows[0]["figures"]["inspections"] == 1
    villages = comparison(two.town, ON)
    assert [r["region"].name for r in villages] == ["西镇社区", "西村"]
    assert villages[1]["figures"] == load_picture(two.village, ON).figures


def test_api_same_figures(loaded, client):
    two, *_ = loaded
    body = client.get(f"/api/v1/burden/{two.village.code}", {"on": "2026-06-30"}).json()
    assert {f["key"]: f["value"] for f in body["figures"]} == load_picture(two.village, ON).figures
    assert body["alerts"][0]["key"] == "forms"
    assert len(body["months"]) == 12
    assert client.get(f"/api/v1/burden/{two.county.code}").status_code == 400
    assert client.get("/api/v1/burden/990000000000").status_code == 404


def test_office_screens_picture_chart_and_xlsx(loaded, client):
    two, *_ = loaded
    client.force_login(two.office)
    url = reverse("burden_admin:picture", args=[two.town.code])
    page = client.get(url, {"on": "2026-06-30"})
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    xlsx = client.get(url, {"on": "2026-06-30", "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    svg = client.get(reverse("burden_admin:chart", args=[two.town.code, "forms"]))
    assert svg["Content-Type"].startswith("image/svg+xml")
    index = client.get(reverse("burden_admin:picture_index"), {"on": "2026-06-30"})
    assert "西镇" in index.content.decode()
    # the other county's office cannot open this county's picture
    client.force_login(two.other_office)
    assert client.get(url).status_code == 302


def test_picture_queries_do_not_grow_with_month_ends(loaded, django_assert_max_num_queries):
    """The lists in force are resolved per month-end in Python (one read of the versions), so
    the picture costs the same number of queries for 12 or 24 month-ends."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    two, *_ = loaded
    publish(
        two.county, ListKind.VILLAGE_ASSIST, D(2026, 3, 15),
        items("协助低保初审", "协助征兵", "协助统计", "协助普查"),
    )  # fmt: skip
    village = type(two.village).objects.get(pk=two.village.pk)
    with CaptureQueriesContext(connection) as twelve:
        pic = load_picture(village, ON)
    village = type(two.village).objects.get(pk=two.village.pk)
    with CaptureQueriesContext(connection) as twenty_four:
        load_picture(village, ON, months=24)
    assert len(twelve) == len(twenty_four)
    village = type(two.village).objects.get(pk=two.village.pk)
    with django_assert_max_num_queries(14):
        load_picture(village, ON)
    tasks = {f"{d:%Y-%m}": f["tasks"] for d, f in pic.months}
    assert (tasks["2026-02"], tasks["2026-03"], tasks["2026-06"]) == (3, 4, 4)


def test_nearest_versions_agree_with_lists_for_region(loaded):
    from registry.selectors.lists import lists_for_region, nearest_versions_on

    two, *_ = loaded
    publish(two.county, ListKind.VILLAGE_ASSIST, D(2026, 3, 15), items("协助普查"))
    publish(two.town, ListKind.VILLAGE_ASSIST, D(2026, 5, 1), items("镇定协助"))
    days = month_ends(ON) + [D(2024, 12, 31)]
    resolved = nearest_versions_on(region=two.village, days=days)
    for day in days:
        assert resolved[day] == [a.version.pk for a in lists_for_region(region=two.village, on=day)]


def _add_villages(two, numbers):
    from registry.enums import RegionLevel, UnitType

    for n in numbers:
        unit_type = UnitType.VILLAGE if n % 2 else UnitType.COMMUNITY
        make_region(f"880101100{n:03d}", f"新村{n}", RegionLevel.VILLAGE, unit_type, two.town)


def _compared(parent, on):
    """The comparison of ``parent``'s units and the queries it took."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    parent = type(parent).objects.get(pk=parent.pk)
    with CaptureQueriesContext(connection) as queries:
        rows = comparison(parent, on)
    return rows, len(queries)


def test_comparison_queries_do_not_grow_with_units(loaded):
    """Every unit's figures come from batched reads: 3 villages and 6 villages cost the same
    number of queries, and each row equals that unit's own load picture (issue #15)."""
    two, *_ = loaded
    publish(
        two.county, ListKind.VILLAGE_ASSIST, D(2026, 3, 15),
        items("协助低保初审", "协助征兵", "协助统计", "协助普查")
        + [replace(i, seq=5) for i in items("仅限村", applies_to="村")]
        + [
            replace(i, seq=6)
            for i in items("指定承接", targets="新村301（880101100301）、西村（880101100200）")
        ],
    )  # fmt: skip
    publish(two.town, ListKind.VILLAGE_SELFGOV, D(2026, 1, 1), items("镇定自治一", "镇定自治二"))
    publish(two.county, ListKind.VILLAGE_CERTIFICATES, D(2026, 7, 1), items("尚未生效"))
    _add_villages(two, [301])
    three, three_queries = _compared(two.town, ON)
    _add_villages(two, [302, 303, 304])
    six, six_queries = _compared(two.town, ON)
    assert (len(three), len(six)) == (3, 6)
    assert six_queries == three_queries
    for row in six:
        assert row["figures"] == load_picture(row["region"], ON).figures, row["region"].name
    # the figures differ between units where the lists say so (the test is not vacuous)
    tasks = {r["region"].name: r["figures"]["tasks"] for r in six}
    assert tasks == {
        "西镇社区": 6, "西村": 8, "新村301": 8, "新村302": 6, "新村303": 7, "新村304": 6,
    }  # fmt: skip


def test_city_comparison_queries_do_not_grow_with_townships(loaded):
    """The townships of a whole city, across counties, in a constant number of queries."""
    from registry.enums import RegionLevel, UnitType

    two, *_ = loaded
    publish(two.other, ListKind.TOWNSHIP_BASIC, D(2025, 6, 1), items("邻县事项"))
    city = two.county.parent
    before, before_queries = _compared(city, ON)
    for n in range(2, 6):
        make_region(
            f"880102{n:03d}000", f"邻县{n}镇", RegionLevel.TOWNSHIP, UnitType.TOWN, two.other
        )
    after, after_queries = _compared(city, ON)
    assert (len(before), len(after)) == (3, 7)
    assert after_queries == before_queries
    for row in after:
        assert row["figures"] == load_picture(row["region"], ON).figures, row["region"].name
    assert {r["region"].name: r["figures"]["tasks"] for r in after}["邻县3镇"] == 1


def test_batched_selectors_agree_with_per_unit_ones(loaded):
    from registry.selectors.items import item_counts_for_unit, item_counts_for_units
    from registry.selectors.lists import nearest_versions_for_units, nearest_versions_on

    two, *_ = loaded
    publish(two.county, ListKind.VILLAGE_ASSIST, D(2026, 3, 15), items("协助普查"))
    publish(two.town, ListKind.VILLAGE_ASSIST, D(2026, 5, 1), items("镇定协助"))
    publish(
        two.county, ListKind.TOWNSHIP_BASIC, D(2026, 2, 1),
        items("乡镇事项", applies_to="乡镇")
        + [replace(i, seq=2) for i in items("街道事项", applies_to="街道")]
        + [replace(i, seq=3) for i in items("限东街道", targets="东街道（880101001000）")],
    )  # fmt: skip
    units = [two.village, two.tree["town_community"], two.tree["community"], two.town, two.street]
    for day in month_ends(ON) + [D(2024, 12, 31)]:
        batched = nearest_versions_for_units(units=units, on=day)
        for unit in units:
            assert batched[unit.pk] == nearest_versions_on(region=unit, days=[day])[day]
    every = {pk for pks in nearest_versions_for_units(units=units, on=ON).values() for pk in pks}
    counts = item_counts_for_units(units=units, versions=every)
    for unit in units:
        assert counts[unit.pk] == item_counts_for_unit(region=unit, versions=every), unit.name
    (basic,) = nearest_versions_for_units(
        units=[two.street], on=ON, kinds=[ListKind.TOWNSHIP_BASIC]
    )[two.street.pk]
    assert (counts[two.street.pk][basic], counts[two.town.pk][basic]) == (2, 1)
