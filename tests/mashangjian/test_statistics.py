import datetime

from django.urls import reverse

from mashangjian import hotspots, selectors
from mashangjian.charts import bar_chart_svg
from mashangjian.enums import Satisfaction
from mashangjian.services import cases as svc
from tests.mashangjian.conftest import at


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
        case = svc.case_submit(
            category=world.category,
            region=region,
            content=content,
            now=at(2025, 9, day) + datetime.timedelta(hours=i),
        ).case
        if close:
            svc.case_accept(
                case=case, scope=world.office_scope, user=world.office_user, direct=True
            )
            svc.case_answer(
                case=case,
                scope=world.office_scope,
                user=world.office_user,
                answer="已督促整改并取消报表。",
            )
            svc.case_review(
                case=case, scope=world.office_scope, user=world.office_user, approve=True
            )
            if rate:
                svc.case_rate(case=case, satisfaction=rate)
        made.append(case)
    return made


def test_small_units_are_hidden_only_from_viewers_not_entitled_to_the_cases(world, client):
    make_cases(world, world.tree["village"], 6, close=True, rate=Satisfaction.SATISFIED)  # 西镇
    make_cases(world, world.tree["community"], 3)  # 东街道
    rows = {
        r.label: r for r in selectors.case_statistics(scope=world.office_scope, dimension="region")
    }
    assert rows["西镇"].total == 6 and rows["西镇"].cells()[1] == 6
    assert rows["西镇"].satisfied.percent == 100.0
    # The office sees every case of its county: it sees the small number too.
    assert not rows["东街道"].suppressed and rows["东街道"].cells()[1] == 3
    hidden = selectors.StatRow(
        key="x",
        label="东街道",
        total=3,
        accepted_on_time=selectors.Rate(0, 0),
        closed_on_time=selectors.Rate(0, 0),
        satisfied=selectors.Rate(0, 0),
    )
    assert hidden.suppressed and hidden.cells() == ["东街道", "<5", "—", "—", "—"]
    client.force_login(world.office_user)
    page = client.get(reverse("mashangjian_admin:statistics")).content.decode()
    assert "<td>东街道</td><td>3</td>" in page
    assert "<svg" in page
    csv_text = client.get(
        reverse("mashangjian_admin:statistics_export", args=["csv"]) + "?dimension=region"
    ).content.decode("utf-8-sig")
    assert "东街道,3," in csv_text and "西镇,6," in csv_text and csv_text.count("100.0") == 2
    # The xlsx stores numbers as numbers.
    import io

    from openpyxl import load_workbook

    xlsx = client.get(
        reverse("mashangjian_admin:statistics_export", args=["xlsx"]) + "?dimension=region"
    ).content
    ws = load_workbook(io.BytesIO(xlsx)).active
    values = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    assert values["西镇"][1] == 6 and values["西镇"][4] == 100.0


def test_rates_hidden_when_denominator_is_small(world):
    make_cases(world, world.tree["village"], 5)
    make_cases(world, world.tree["village"], 2, close=True, rate=Satisfaction.UNSATISFIED, day=2)
    row = selectors.case_statistics(scope=world.office_scope, dimension="region")[0]
    assert row.total == 7 and str(row.accepted_on_time) == "0.0%"  # the office: every figure
    assert str(selectors.Rate(0, 2)) == "—"  # anyone else: no rate from fewer than 5


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
