"""The five registers: county scope, validation, history, the flags, pile-ups, API."""

import datetime

import pytest
from django.urls import reverse

from burden import flags as F
from burden.enums import (
    AppKind,
    AppStatus,
    FilledBy,
    FormStatus,
    Frequency,
    PlanKind,
    PlaqueStatus,
)
from burden.models import GovApp, Inspection, Plaque, ReportForm, Secondment
from burden.selectors import department_counts, inspection_calendar, register_entries

D = datetime.date


def make_form(county, department, number="BB-001", **kw):
    defaults = dict(
        title="农村低保对象走访台账",
        frequency=Frequency.MONTHLY,
        filled_by=FilledBy.VILLAGE,
        indicators=12,
        approval="测统字〔2025〕3号",
    )
    defaults.update(kw)
    return ReportForm.objects.create(
        county=county, department=department, number=number, **defaults
    )


def inspect(two, item, department, start, end=None, townships=None, **kw):
    insp = Inspection.objects.create(
        county=two.county,
        item=item,
        department=department,
        plan_kind=kw.pop("plan_kind", PlanKind.ANNUAL),
        start_date=start,
        end_date=end or start,
        **kw,
    )
    insp.townships.set(townships or [two.town])
    return insp


def codes(hits):
    return [h.code for h in hits]


# ---------------------------------------------------------------- scope


def test_office_lists_only_its_county(two, client):
    make_form(two.county, two.minzheng, "BB-001", title="本县报表")
    make_form(two.county, two.minzheng, "BB-002", title="目录外的表", status=FormStatus.OUTSIDE)
    make_form(two.other, two.other_dept, "BB-001", title="邻县报表")
    client.force_login(two.office)
    page = client.get(reverse("burden_forms:index"))
    assert page.status_code == 200
    assert "本县报表" in page.content.decode()
    assert page.content.decode().count("目录外报表") == 1  # the flag column
    assert "邻县报表" not in page.content.decode()


def test_office_cannot_open_another_countys_entry(two, client):
    other = make_form(two.other, two.other_dept, "BB-009")
    client.force_login(two.office)
    assert client.get(reverse("burden_forms:edit", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("burden_forms:edit", args=[other.pk]), {"title": "改掉"}, follow=False
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title != "改掉"


@pytest.mark.parametrize("view", ["inspect", "history", "usage"])
def test_another_countys_entry_is_404_with_the_reason_on_every_object_view(two, client, view):
    other = make_form(two.other, two.other_dept, "BB-009")
    client.force_login(two.office)
    response = client.get(reverse(f"burden_forms:{view}", args=[other.pk]))
    assert response.status_code == 404
    assert "不属于你所在县" in response.content.decode()


def test_handler_and_anonymous_have_no_register_screens(two, client):
    client.force_login(two.handler)
    assert client.get(reverse("burden_forms:index")).status_code in (302, 403)
    response = client.get(reverse("burden_admin:picture_index"))
    assert response.status_code == 302 and response.url == "/admin/"


def test_department_of_another_county_refused_in_chinese(two, client):
    client.force_login(two.office)
    response = client.post(
        reverse("burden_forms:add"),
        {
            "county": two.county.pk,
            "number": "BB-100",
            "title": "测试报表",
            "department": two.other_dept.pk,
            "frequency": Frequency.MONTHLY,
            "filled_by": FilledBy.VILLAGE,
            "indicators": "3",
            "status": FormStatus.IN_CATALOGUE,
        },
    )
    assert response.status_code == 200
    assert not ReportForm.objects.filter(number="BB-100").exists()
    assert "选择一个有效的选项" in response.content.decode()  # not in the county's choices


def test_add_redirects_with_chinese_message_and_keeps_history(two, client):
    client.force_login(two.office)
    data = {
        "county": two.county.pk,
        "number": "BB-101",
        "title": "安全生产检查台账",
        "department": two.minzheng.pk,
        "frequency": Frequency.QUARTERLY,
        "filled_by": FilledBy.TOWNSHIP,
        "indicators": "5",
        "status": FormStatus.IN_CATALOGUE,
    }
    response = client.post(reverse("burden_forms:add"), data, follow=True)
    assert response.redirect_chain
    form = ReportForm.objects.get(number="BB-101")
    assert "已创建" in response.content.decode() or "已添加" in response.content.decode()
    client.post(reverse("burden_forms:edit", args=[form.pk]), {**data, "indicators": "8"})
    history = list(form.history.order_by("history_date"))
    assert [h.indicators for h in history] == [5, 8]
    assert history[-1].history_user == two.office
    assert history[-1].history_type == "~"


def test_no_delete_for_the_office(two, client):
    form = make_form(two.county, two.minzheng)
    client.force_login(two.office)
    client.post(reverse("burden_forms:delete", args=[form.pk]))
    assert ReportForm.objects.filter(pk=form.pk).exists()


def test_model_validation_messages_are_chinese(two):
    from django.core.exceptions import ValidationError

    form = ReportForm(
        county=two.county,
        department=two.other_dept,
        number="X",
        title="t",
        frequency=Frequency.ONCE,
        filled_by=FilledBy.BOTH,
        status=FormStatus.ABOLISHED,
    )
    with pytest.raises(ValidationError) as exc:
        form.full_clean()
    assert exc.value.message_dict["department"] == ["须为本县部门。"]
    form.department = two.minzheng
    with pytest.raises(ValidationError) as exc:
        form.full_clean()
    assert exc.value.message_dict["abolished_on"] == ["已废止的报表须填写废止日期。"]


@pytest.mark.parametrize(
    "model, fields, field, message",
    [
        (ReportForm, {"valid_from": D(2025, 3, 2), "valid_until": D(2025, 3, 1)},
         "valid_until", "有效期至不能早于启用日期。"),
        (ReportForm, {"status": FormStatus.ABOLISHED}, "abolished_on", "已废止的报表须填写废止日期。"),
        (ReportForm, {"abolished_on": D(2025, 3, 1)}, "abolished_on", "只有已废止的报表填写废止日期。"),
        (Inspection, {"start_date": D(2025, 3, 2), "end_date": D(2025, 3, 1)},
         "end_date", "结束日期不能早于开始日期。"),
        (GovApp, {"closed_on": D(2025, 3, 1)}, "closed_on", "处置状态为“保留”时不填整合或关停日期。"),
        (GovApp, {"status": AppStatus.CLOSED}, "closed_on", "整合或关停的须填写日期。"),
        (Secondment, {"start": D(2025, 3, 2), "end": D(2025, 3, 1)}, "end", "约定结束不能早于借调开始。"),
        (Secondment, {"start": D(2025, 3, 2), "end": D(2025, 4, 1), "returned_on": D(2025, 3, 1)},
         "returned_on", "返岗日期不能早于借调开始。"),
        (Plaque, {"status": PlaqueStatus.REMOVED}, "removed_on", "撤除的牌子须填写撤除日期。"),
        (Plaque, {"removed_on": D(2025, 3, 1)}, "removed_on", "保留的牌子不填撤除日期。"),
    ],
)  # fmt: skip
def test_register_date_rules_refuse_in_chinese_on_their_field(two, model, fields, field, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        model(county=two.county, **fields).clean()
    assert exc.value.message_dict == {field: [message]}


# ---------------------------------------------------------------- flags


def test_form_flags_outside_catalogue_and_expired(two):
    ok = make_form(two.county, two.minzheng, "A", valid_until=D(2026, 12, 31))
    expired = make_form(two.county, two.minzheng, "B", valid_until=D(2026, 3, 31))
    outside = make_form(two.county, two.minzheng, "C", status=FormStatus.OUTSIDE)
    hits = F.form_flags([ok, expired, outside], D(2026, 6, 1))
    assert codes(hits[ok.pk]) == []
    assert codes(hits[expired.pk]) == ["expired"]
    assert codes(hits[outside.pk]) == ["outside_catalogue"]


def test_pile_up_week_and_day(two, settings):
    settings.BURDEN = {"INSPECTIONS_PER_WEEK": 2, "DEPARTMENTS_PER_DAY": 2}
    a = inspect(two, "低保核查", two.minzheng, D(2026, 3, 2))  # Monday, ISO week 10
    b = inspect(two, "统计执法检查", two.tongji, D(2026, 3, 2))  # same day, other department
    c = inspect(two, "养老机构检查", two.minzheng, D(2026, 3, 5))  # same week: third
    d = inspect(two, "年报质量抽查", two.tongji, D(2026, 3, 16))  # another week, alone
    e = inspect(two, "他镇检查", two.tongji, D(2026, 3, 3), townships=[two.street])
    everything, townships_of, names = __import__(
        "burden.selectors", fromlist=["x"]
    ).inspection_context([two.county], D(2026, 3, 2))
    hits = F.inspection_flags(everything, townships_of, names)
    assert codes(hits[a.pk]) == ["pile_up_week", "pile_up_day"]
    assert codes(hits[b.pk]) == ["pile_up_week", "pile_up_day"]
    assert codes(hits[c.pk]) == ["pile_up_week"]
    assert codes(hits[d.pk]) == []
    assert codes(hits[e.pk]) == []  # another township: its week has one inspection
    assert "西镇2026年第10周共3次" in hits[c.pk][0].detail
    # raising the threshold clears the week warning
    settings.BURDEN = {"INSPECTIONS_PER_WEEK": 3, "DEPARTMENTS_PER_DAY": 3}
    hits = F.inspection_flags(everything, townships_of, names)
    assert codes(hits[a.pk]) == []


def test_inspection_calendar_and_counts_against_last_year(two):
    inspect(two, "低保核查", two.minzheng, D(2026, 3, 2))
    inspect(two, "统计执法检查", two.tongji, D(2026, 3, 2))
    inspect(two, "去年检查", two.minzheng, D(2025, 5, 6))
    inspect(two, "去年检查二", two.minzheng, D(2025, 6, 6))
    weeks = inspection_calendar(township=two.town, year=2026)
    assert [w["week"] for w in weeks] == ["2026年第10周"]
    assert weeks[0]["crowded_days"] == [D(2026, 3, 2)]
    assert not weeks[0]["too_many"]
    assert department_counts(county=two.county, year=2026) == [
        {"department": "县民政局", "this_year": 1, "last_year": 2, "change": -1},
        {"department": "县统计局", "this_year": 1, "last_year": 0, "change": 1},
    ]


def test_inspection_listing_shows_pile_up_flags(two, client):
    inspect(two, "低保核查", two.minzheng, D(2026, 3, 2))
    inspect(two, "统计执法检查", two.tongji, D(2026, 3, 2))
    client.force_login(two.office)
    html = client.get(reverse("burden_inspections:index")).content.decode()
    assert html.count("同一天多个部门督查检查") == 2


def test_extra_inspection_without_approval_flagged(two):
    extra = inspect(two, "临时检查", two.minzheng, D(2026, 4, 1), plan_kind=PlanKind.EXTRA)
    approved = inspect(
        two,
        "经批准检查",
        two.minzheng,
        D(2026, 5, 1),
        plan_kind=PlanKind.EXTRA,
        approval="批〔2026〕1号",
    )
    hits = F.inspection_flags([extra, approved], {}, {})
    assert codes(hits[extra.pk]) == ["extra_unapproved"]
    assert codes(hits[approved.pk]) == []


def test_app_forbidden_functions(two):
    bad = GovApp.objects.create(
        county=two.county, name="村务通", kind=AppKind.APP, department=two.minzheng,
        filing_no="备2025-1", clock_in=True, ranking=True,
    )  # fmt: skip
    group = GovApp.objects.create(
        county=two.county, name="防汛工作群", kind=AppKind.GROUP, department=two.minzheng
    )
    hits = F.app_flags([bad, group])
    assert codes(hits[bad.pk]) == ["forbidden_function"]
    assert hits[bad.pk][0].detail == "打卡签到、积分排名"
    assert codes(hits[group.pk]) == []


def test_secondment_flags(two):
    long = Secondment.objects.create(
        county=two.county, person="张三", work_started=D(2015, 7, 1), home_unit=two.town,
        borrowing_unit="县委办", start=D(2025, 9, 1), end=D(2026, 2, 28),
    )  # fmt: skip
    young = Secondment.objects.create(
        county=two.county, person="李四", work_started=D(2023, 7, 1), home_unit=two.village,
        borrowing_unit="县信访局", start=D(2026, 1, 5), end=D(2026, 4, 30),
    )  # fmt: skip
    hits = F.secondment_flags([long, young], D(2026, 3, 10))
    assert codes(hits[long.pk]) == ["over_six_months"]
    assert codes(hits[young.pk]) == ["under_five_years"]
    # returned in time: not over six months
    long.returned_on = D(2026, 2, 28)
    assert codes(F.secondment_flags([long], D(2026, 3, 10))[long.pk]) == []


def test_plaque_cap_per_unit_type(two, settings):
    settings.BURDEN = {"PLAQUE_CAPS": {"村": 2}}
    for name in ("党群服务中心", "新时代文明实践站", "综治中心"):
        Plaque.objects.create(
            county=two.county, unit=two.village, name=name, department=two.minzheng
        )
    removed = Plaque.objects.create(
        county=two.county, unit=two.village, name="老年协会", department=two.minzheng,
        status="removed", removed_on=D(2026, 1, 1),
    )  # fmt: skip
    every = list(Plaque.objects.select_related("unit"))
    hits = F.plaque_flags(every, D(2026, 6, 1))
    assert sum(codes(h) == ["over_cap"] for h in hits.values()) == 3
    assert hits[removed.pk] == []
    assert "西村现有3块，上限2块" in next(h for h in hits.values() if h)[0].detail


# ---------------------------------------------------------------- API


def test_api_lists_entries_of_the_unit_and_subtree_with_flags(two, client):
    make_form(two.county, two.minzheng, "V-1", filled_by=FilledBy.VILLAGE)
    make_form(
        two.county, two.minzheng, "T-1", filled_by=FilledBy.TOWNSHIP, status=FormStatus.OUTSIDE
    )
    make_form(two.other, two.other_dept, "V-9", filled_by=FilledBy.VILLAGE)
    body = client.get("/api/v1/registers/forms/", {"region": two.village.code}).json()
    assert [e["number"] for e in body["entries"]] == ["V-1"]
    body = client.get("/api/v1/registers/forms/", {"region": two.town.code}).json()
    assert [e["number"] for e in body["entries"]] == ["T-1"]
    assert body["entries"][0]["flags"][0]["code"] == "outside_catalogue"


def test_api_secondments_never_name_the_person(two, client):
    Secondment.objects.create(
        county=two.county, person="王五", work_started=D(2010, 1, 1), home_unit=two.village,
        borrowing_unit="县委办", start=D(2026, 1, 1), end=D(2026, 3, 1),
    )  # fmt: skip
    response = client.get(
        "/api/v1/registers/secondments/", {"region": two.town.code, "on": "2026-02-01"}
    )
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert "王五" not in response.content.decode()
    office_rows = register_entries("secondments", region=two.town, on=D(2026, 2, 1), office=True)
    assert office_rows[0]["person"] == "王五"


def test_api_secondments_answer_only_counts_per_unit_to_others(two, client):
    """Home unit + dates can identify someone in a small unit: anonymous callers and other
    counties' offices get one row per home unit with counts; the county's office the rows."""
    for person, start in (("王五", D(2025, 6, 1)), ("赵六", D(2026, 1, 1))):
        Secondment.objects.create(
            county=two.county, person=person, work_started=D(2010, 1, 1), home_unit=two.village,
            borrowing_unit="县委办", approval="林组调〔2026〕1号", start=start, end=D(2026, 3, 1),
        )  # fmt: skip
    query = {"region": two.town.code, "on": "2026-02-01"}
    for user in (None, two.other_office, two.handler):
        client.logout()
        if user:
            client.force_login(user)
        response = client.get("/api/v1/registers/secondments/", query)
        assert response.status_code == 200
        body = response.json()
        assert body["entries"] == [
            {
                "home_unit": two.village.name,
                "home_unit_code": two.village.code,
                "count": 2,
                "flags": [{"code": "over_six_months", "label": "借调超过6个月", "detail": "1人"}],
            }
        ]
        text = response.content.decode()
        assert "2025-06-01" not in text and "林组调" not in text and "王五" not in text
    client.force_login(two.office)
    body = client.get("/api/v1/registers/secondments/", query).json()
    assert sorted(e["start"] for e in body["entries"]) == ["2025-06-01", "2026-01-01"]
    assert all("person" not in e for e in body["entries"])


def test_api_bad_parameters_are_chinese(two, client):
    r = client.get("/api/v1/registers/bills/", {"region": two.town.code})
    assert r.status_code == 404 and "没有名为" in r.json()["detail"]
    r = client.get("/api/v1/registers/forms/", {"region": "12ab"})
    assert r.status_code == 400 and "区划代码" in r.json()["detail"]
    r = client.get("/api/v1/registers/forms/", {"region": two.town.code, "on": "2026-02-30"})
    assert r.status_code == 400 and "日期" in r.json()["detail"]


def test_apps_in_force_and_closed(two):
    GovApp.objects.create(
        county=two.county, name="已关停APP", kind=AppKind.APP, department=two.minzheng,
        filing_no="x", status=AppStatus.CLOSED, closed_on=D(2026, 1, 1),
    )  # fmt: skip
    assert [e["name"] for e in register_entries("apps", region=two.town, on=D(2025, 12, 31))] == [
        "已关停APP"
    ]
    assert register_entries("apps", region=two.town, on=D(2026, 1, 1)) == []


def test_openapi_documents_the_burden_api(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/registers/{name}/" in paths
    assert "/api/v1/burden/{code}" in paths
    assert set(paths["/api/v1/burden/{code}"]["get"]["responses"]) >= {"200", "400", "404"}


def test_form_inspect_page_shows_admission_check_of_title_and_purpose(two, client):
    from registry.enums import CheckVerdict, ListKind
    from tests.factories import items, publish

    publish(two.county, ListKind.VILLAGE_NEGATIVE, D(2025, 1, 1), items("要求村级填报各类统计报表"))
    form = make_form(two.county, two.tongji, "BB-200", title="村级统计报表填报", purpose="统计")
    client.force_login(two.office)
    html = client.get(reverse("burden_forms:inspect", args=[form.pk])).content.decode()
    assert 'id="form-admission-check"' in html
    shown = html.split('id="form-admission-check"><strong>')[1].split("</strong>")[0]
    assert shown in {str(label) for label in CheckVerdict.labels}


def test_in_force_in_sql_and_in_the_picture_agree_on_the_boundary_days(two):
    """``<Model>.objects.in_force`` (burden.models._in_force_q) and burden.picture._in_force are
    one rule: begun on or before the day (or no start), not ended by it (or no end)."""
    from burden.picture import _in_force

    start, end = D(2025, 3, 1), D(2025, 9, 1)
    for n, (launched, closed_on) in enumerate(
        ((None, None), (start, None), (None, end), (start, end))
    ):
        app = GovApp.objects.create(
            county=two.county, name=f"应用{n}", kind=AppKind.APP, department=two.minzheng,
            launched=launched, closed_on=closed_on,
            status=AppStatus.KEEP if closed_on is None else AppStatus.CLOSED,
        )  # fmt: skip
        for day in (
            start - datetime.timedelta(days=1),
            start,
            end - datetime.timedelta(days=1),
            end,
        ):
            in_sql = GovApp.objects.in_force(day).filter(pk=app.pk).exists()
            assert in_sql == _in_force(launched, closed_on, day), (launched, closed_on, day)
