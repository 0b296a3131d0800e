import datetime

from django.urls import reverse

from mashangjian import hotspots, selectors
from mashangjian.charts import bar_chart_svg, line_chart_svg
from mashangjian.enums import DeclineReason, Satisfaction
from mashangjian.selectors.statistics import Rate, StatRow, statistics_table
from mashangjian.services import cases as svc
from tests.mashangjian.conftest import at, submit


def make_cases(
    world,
    region,
    n,
    *,
    close=False,
    rate=None,
    content="县教育局重复要求填报留守儿童情况表格。",
    day=1,
):
    made = []
    for i in range(n):
        case = submit(
            world,
            region=region,
            content=content,
            now=at(2025, 9, day) + datetime.timedelta(hours=i),
        ).case
        if close:
            world.by("office", svc.case_accept, case, direct=True)
            world.by("office", svc.case_answer, case, answer="已督促整改并取消报表。")
            world.by("office", svc.case_review, case, approve=True)
            if rate:
                svc.case_rate(case=case, satisfaction=rate)
        made.append(case)
    return made


def test_small_units_are_hidden_only_from_viewers_not_entitled_to_the_cases(world, client):
    make_cases(world, world.tree["village"], 6, close=True, rate=Satisfaction.SATISFIED)  # 西镇
    make_cases(world, world.tree["community"], 3)  # 东街道
    rows = {r.label: r for r in statistics_table(scope=world.office_scope, dimension="region").rows}
    assert rows["西镇"].total == 6 and rows["西镇"].values()[1] == 6
    assert rows["西镇"].satisfied.percent == 100.0
    # The office sees every case of its county: it sees the small number too.
    assert not rows["东街道"].suppressed and rows["东街道"].values()[1] == 3
    hidden = StatRow(
        key="x",
        label="东街道",
        total=3,
        accepted_on_time=Rate(0, 0),
        closed_on_time=Rate(0, 0),
        satisfied=Rate(0, 0),
    )
    assert hidden.suppressed and hidden.cells() == ["东街道", "<5", "—", "—", "—", "—"]
    client.force_login(world.office_user)
    page = client.get(reverse("mashangjian_admin:statistics")).content.decode()
    assert "<td>东街道</td><td>3</td>" in page
    assert "<svg" in page
    csv_text = client.get(
        reverse("mashangjian_admin:statistics_export", args=["csv"]) + "?dimension=region"
    ).content.decode("utf-8-sig")
    assert "东街道,3," in csv_text and "西镇,6," in csv_text
    # The xlsx stores numbers as numbers.
    import io

    from openpyxl import load_workbook

    xlsx = client.get(
        reverse("mashangjian_admin:statistics_export", args=["xlsx"]) + "?dimension=region"
    ).content
    ws = load_workbook(io.BytesIO(xlsx)).active
    values = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    assert values["西镇"][1] == 6 and values["西镇"][4] == 100.0


def test_published_figures_hide_small_numbers_beyond_recovery(world, client):
    make_cases(world, world.tree["village"], 6, close=True, rate=Satisfaction.SATISFIED)  # 西镇
    make_cases(world, world.tree["community"], 3)  # 东街道: must stay hidden
    table = selectors.statistics_table(scope=world.office_scope, dimension="region", publish=True)
    rows = {r.label: r for r in table.rows}
    assert rows["西镇"].total == 6 and rows["西镇"].satisfied.percent == 100.0
    assert rows["东街道"].suppressed and rows["东街道"].cells() == [
        "东街道",
        "<5",
        "—",
        "—",
        "—",
        "—",
    ]
    # The total is shown, so 西镇 is hidden too: 9 − 6 would give 东街道's 3 away.
    assert table.total.total == 9 and table.total.cells()[1] == "9"
    assert rows["西镇"].suppressed and rows["西镇"].cells()[1] == "已隐藏"
    client.force_login(world.office_user)
    page = client.get(reverse("mashangjian_admin:statistics") + "?publish=1").content.decode()
    assert "<td>东街道</td><td>&lt;5</td>" in page and "<td>西镇</td><td>已隐藏</td>" in page
    assert '<th scope="row">合计</th><td>9</td>' in page
    assert "<svg" in page and 'href="#stats-month"' in page
    csv_text = client.get(
        reverse("mashangjian_admin:statistics_export", args=["csv"]) + "?dimension=region&publish=1"
    ).content.decode("utf-8-sig")
    assert "东街道,<5,—,—,—,—" in csv_text and "西镇,已隐藏," in csv_text
    assert "合计,9," in csv_text


def test_suppression_cannot_be_undone_by_subtraction(world):
    """Whatever is shown (rows, total, the 12-month chart), the hidden cases are never a single
    cell's count: at least two cells are hidden together."""
    make_cases(world, world.tree["village"], 7)  # 西镇
    make_cases(world, world.tree["community"], 2)  # 东街道
    table = selectors.statistics_table(scope=world.office_scope, dimension="region", publish=True)
    shown = sum(r.total for r in table.rows if not r.suppressed)
    hidden = [r for r in table.rows if r.suppressed]
    assert len(hidden) >= 2 and table.total.total - shown == sum(r.total for r in hidden)


def test_satisfaction_counts_the_unsatisfied_rating_of_a_reopened_case(world):
    """3 满意, 1 基本满意 and 1 不满意 (which reopens its case) are five ratings: 80 %."""
    village = world.tree["village"]
    make_cases(world, village, 3, close=True, rate=Satisfaction.SATISFIED)
    make_cases(world, village, 1, close=True, rate=Satisfaction.BASICALLY, day=2)
    (reopened,) = make_cases(world, village, 1, close=True, rate=Satisfaction.UNSATISFIED, day=3)
    reopened.refresh_from_db()
    assert reopened.reopened and reopened.satisfaction == ""
    assert reopened.first_satisfaction == Satisfaction.UNSATISFIED
    table = selectors.statistics_table(scope=world.office_scope, dimension="region")
    assert table.rows[0].satisfied == Rate(4, 5, entitled=True)
    assert str(table.rows[0].satisfied) == "80.0%" and table.total.satisfied.percent == 80.0


def test_declined_cases_are_named_and_export_numbers_are_numbers(world, client):
    import io

    from openpyxl import load_workbook

    cases = make_cases(world, world.tree["village"], 6, close=True, rate=Satisfaction.SATISFIED)
    declined = make_cases(world, world.tree["village"], 5, day=2)
    for case in declined:
        world.by(
            "office",
            svc.case_decline,
            case,
            reason=DeclineReason.NOT_BURDEN,
            note="不属于基层减负范围，请向有关部门反映。",
        )  # fmt: skip
    labels = [r.label for r in statistics_table(scope=world.office_scope, dimension="handler").rows]
    assert "不予受理" in labels and "未分办" not in labels
    client.force_login(world.office_user)
    data = client.get(
        reverse("mashangjian_admin:statistics_export", args=["xlsx"]) + "?dimension=region"
    ).content
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][4] == "满意率（%）"
    assert rows[1][1] == len(cases) + len(declined) and rows[1][4] == 100.0


def test_wrong_range_gets_a_chinese_message(world, client):
    client.force_login(world.office_user)
    url = reverse("mashangjian_admin:statistics")
    response = client.get(url + "?start=2026-05-01&end=2026-03-01")
    assert response.status_code == 400
    assert "起始日期（2026-05-01）晚于截止日期（2026-03-01）" in response.content.decode()
    response = client.get(url + "?start=2026/05/01")
    assert response.status_code == 400 and "起始日期“2026/05/01”无效" in response.content.decode()
    export = client.get(
        reverse("mashangjian_admin:statistics_export", args=["csv"])
        + "?start=2026-05-01&end=2026-03-01"
    )
    assert export.status_code == 400 and "晚于截止日期" in export.content.decode()


def test_rates_hidden_when_denominator_is_small(world):
    make_cases(world, world.tree["village"], 5)
    make_cases(world, world.tree["village"], 2, close=True, rate=Satisfaction.UNSATISFIED, day=2)
    row = statistics_table(scope=world.office_scope, dimension="region").rows[0]
    assert row.total == 7 and str(row.accepted_on_time) == "0.0%"  # the office: every figure
    assert str(Rate(0, 2)) == "—"  # anyone else: no rate from fewer than 5


def test_chart_hatches_small_months():
    svg = bar_chart_svg([("2025-08", 3), ("2025-09", 12)], title="t")
    assert (
        "&lt;5" in svg
        and ">12<" in svg
        and "msj-hatch" in svg
        and "http://www.w3.org/2000/svg" in svg
    )
    assert "2025-08：&lt;5" in svg and "2025-08：3" not in svg


def test_hotspots_group_similar_reports_from_several_places():
    cases = [
        (1, 10, "N1", "填表报数", "县教育局一周内三次要求村里填报留守儿童情况表，内容与上月重复。"),
        (2, 11, "N2", "填表报数", "教育局又要求社区填报留守儿童情况表，和上月内容重复。"),
        (3, 12, "N3", "填表报数", "教育局要求填报留守儿童情况表，内容重复。"),
        (4, 10, "N4", "文山会海", "住建局一个月召开五次视频会议要求村支书陪会。"),
        (
            5,
            10,
            "N5",
            "文山会海",
            "住建局一个月召开五次视频会议要求村支书陪会。",
        ),  # same place only
    ]
    groups = hotspots.cluster(cases)
    assert len(groups) == 1
    assert set(groups[0].case_numbers) == {"N1", "N2", "N3"} and groups[0].regions == 3
    assert "留守" in groups[0].keywords


def test_hotspots_link_cases_name_places_filter_and_export(world, client):
    a = make_cases(world, world.tree["village"], 1, content="县教育局一周内三次要求村里填报留守儿童情况表，内容与上月重复。")[0]  # fmt: skip
    b = make_cases(world, world.tree["community"], 1, content="教育局又要求社区填报留守儿童情况表，和上月内容重复。", day=2)[0]  # fmt: skip
    client.force_login(world.office_user)
    url = reverse("mashangjian_admin:hotspots")
    page = client.get(url + "?days=3650").content.decode()
    for case in (a, b):
        assert reverse("mashangjian_admin:case_detail", args=[case.pk]) in page
    names = selectors.region_names([a.region_id, b.region_id])
    assert all(name in page for name in names.values())
    other = client.get(url + "?days=3650&category=WZRTP").content.decode()
    assert a.number not in other and "暂无热点问题" in other
    csv_text = client.get(
        reverse("mashangjian_admin:hotspots_export", args=["csv"]) + "?days=3650"
    ).content.decode("utf-8-sig")
    assert "关键词,件数,地区数,地区,类别,案件编号" in csv_text and a.number in csv_text


def test_rates_over_time_are_charted_by_month_and_served_as_svg(world, client):
    """The 12-month figures are rates as well as counts: 受理及时率, 按期办结率 and 满意率 by month,
    as SVG charts of the page and at their own address; a month whose rate rests on fewer than
    5 cases is a gap in the public version, not a point."""
    make_cases(world, world.tree["village"], 6, close=True, rate=Satisfaction.SATISFIED)  # 2025-09
    make_cases(world, world.tree["village"], 2, close=True, rate=Satisfaction.UNSATISFIED, day=2)
    today = datetime.date(2025, 10, 15)
    series = selectors.monthly_series(scope=world.office_scope, today=today)
    assert [label for label, _ in series.counts][-2:] == ["2025-09", "2025-10"]
    september = dict(series.rates["satisfied"])["2025-09"]
    assert september == 75.0  # 6 满意 of 8 ratings (the 2 不满意 count)
    assert dict(series.rates["closed"])["2025-09"] is not None
    assert dict(series.rates["satisfied"])["2025-10"] is None  # no rating that month

    client.force_login(world.office_user)
    page = client.get(reverse("mashangjian_admin:statistics") + "?end=2025-10-31").content.decode()
    for title in ("近12个月反映件数", "近12个月受理及时率", "近12个月按期办结率", "近12个月满意率"):
        assert f"<title>{title}</title>" in page, title
    chart = reverse("mashangjian_admin:statistics_chart", args=["satisfied"])
    assert f'href="{chart}?end=2025-10-31' in page
    svg = client.get(chart + "?end=2025-10-31")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    body = svg.content.decode()
    assert body.startswith("<svg") and "2025-09：75.0%" in body
    bad = client.get(reverse("mashangjian_admin:statistics_chart", args=["nonsense"]))
    assert bad.status_code == 400 and "图表" in bad.content.decode()


def test_public_rate_chart_leaves_a_gap_for_a_small_denominator(world):
    """8 cases in 2025-09, 2 of them rated: the office sees 100 %, the public version a gap."""
    make_cases(world, world.tree["village"], 6)
    make_cases(world, world.tree["village"], 2, close=True, rate=Satisfaction.SATISFIED, day=2)
    today = datetime.date(2025, 10, 15)
    office = selectors.monthly_series(scope=world.office_scope, today=today)
    public = selectors.monthly_series(scope=world.office_scope, today=today, publish=True)
    assert dict(office.rates["satisfied"])["2025-09"] == 100.0
    assert dict(public.counts)["2025-09"] == 8
    assert dict(public.rates["satisfied"])["2025-09"] is None
    svg = line_chart_svg(public.rates["satisfied"], title="满意率")
    assert "2025-09：—" in svg and "<polyline" not in svg  # no line through a hidden point
    svg = line_chart_svg([("2025-08", 50.0), ("2025-09", 100.0)], title="满意率")
    assert "2025-09：100.0%" in svg and "<polyline" in svg
