"""Two counties in one deployment (issue 14, point 4): every 码上减 setting of a county is its own.

The first county is the World's 测试县; the second is 松岭县 (tests.factories.make_second_county)
under the same city, with its own office, a 县民政局 of the same short name and a routing rule.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mashangjian.enums import UnitRole
from mashangjian.models import CalendarDay, RoutingRule, UnitGroup
from mashangjian.services import setup
from mashangjian.services.calendar import calendar_day_set
from tests.factories import make_department, make_second_county, make_user
from tests.mashangjian.conftest import submit

from .conftest import at


class Second:
    def __init__(self, world):
        self.tree = make_second_county(world.tree["city"])
        self.county = self.tree["county"]
        self.minzheng = make_department(self.county, "县民政局")
        self.office_group = setup.office_group_setup(county=self.county)
        self.minzheng_group = setup.handler_group_setup(department=self.minzheng)
        self.office_user = make_user("songling_office", self.office_group)
        self.minzheng_user = make_user("songling_minzheng", self.minzheng_group)
        self.rule = setup.routing_rule_set(
            county=self.county, category=world.category, department=self.minzheng
        )


@pytest.fixture
def second(world):
    return Second(world)


def _first_rules(world):
    return list(RoutingRule.objects.filter(county=world.county))


# ---------------------------------------------------------------- groups


def test_second_office_setup_leaves_the_first_office_in_its_county(world, second):
    first = UnitGroup.objects.get(group=world.office_group)
    assert first.county == world.county and first.role == UnitRole.OFFICE
    assert second.office_group.pk != world.office_group.pk
    assert second.office_group.name == "松岭县减负机制办"
    assert world.office_user.groups.get().mashangjian_unit.county == world.county


def test_office_setup_refuses_another_countys_group_name(world, second):
    with pytest.raises(ValidationError, match="不能再用于松岭县"):
        setup.office_group_setup(county=second.county, name=world.office_group.name)
    assert UnitGroup.objects.get(group=world.office_group).county == world.county


def test_office_setup_is_idempotent(world, second):
    history = UnitGroup.history.count()
    assert setup.office_group_setup(county=second.county) == second.office_group
    assert setup.office_group_setup(county=world.county) == world.office_group
    assert UnitGroup.history.count() == history


def test_same_named_departments_get_their_own_handler_groups(world, second):
    assert second.minzheng_group.pk != world.minzheng_group.pk
    assert UnitGroup.objects.get(group=world.minzheng_group).department == world.minzheng
    assert UnitGroup.objects.get(group=second.minzheng_group).department == second.minzheng


# ---------------------------------------------------------------- routing rules (admin)


def test_office_lists_only_its_countys_routing_rules(client, world, second):
    client.force_login(second.office_user)
    page = client.get(reverse("mashangjian_routing_rules:index")).content.decode()
    assert reverse("mashangjian_routing_rules:edit", args=[second.rule.pk]) in page
    for rule in _first_rules(world):
        assert reverse("mashangjian_routing_rules:edit", args=[rule.pk]) not in page
    assert "西镇" not in page and "县教育局" not in page


@pytest.mark.parametrize("view", ["edit", "delete", "history"])
def test_office_cannot_open_another_countys_rule(client, world, second, view):
    rule = _first_rules(world)[0]
    client.force_login(second.office_user)
    response = client.get(reverse(f"mashangjian_routing_rules:{view}", args=[rule.pk]))
    assert response.status_code == 404
    assert "不属于你所在县" in response.content.decode()


def test_office_cannot_change_another_countys_rule(client, world, second):
    rule = _first_rules(world)[0]
    before = (rule.department_id, rule.active, rule.note)
    client.force_login(second.office_user)
    response = client.post(
        reverse("mashangjian_routing_rules:edit", args=[rule.pk]),
        {
            "county": second.county.pk,
            "category": rule.category_id,
            "department": second.minzheng.pk,
            "active": "",
            "note": "被改",
        },
    )
    assert response.status_code == 404
    rule.refresh_from_db()
    assert (rule.department_id, rule.active, rule.note) == before


def test_office_cannot_create_a_rule_in_another_county_by_tampering(client, world, second):
    client.force_login(second.office_user)
    add = client.get(reverse("mashangjian_routing_rules:add"))
    form = add.context["form"]
    assert set(form.fields["county"].queryset) == {second.county}
    assert world.minzheng not in form.fields["department"].queryset
    assert world.tree["town"] not in form.fields["region"].queryset
    count = RoutingRule.objects.count()
    response = client.post(
        reverse("mashangjian_routing_rules:add"),
        {
            "county": world.county.pk,
            "category": world.category.pk,
            "department": world.minzheng.pk,
            "region": world.tree["street"].pk,
            "active": "on",
        },
    )
    assert response.status_code == 200  # the form again, with the errors
    errors = response.context["form"].errors
    assert set(errors) >= {"county", "department", "region"}
    assert "选择一个有效的选项" in str(errors["county"])
    assert RoutingRule.objects.count() == count


def test_a_rule_routes_only_to_its_own_countys_department(world, second):
    rule = RoutingRule(
        county=second.county, category=world.category, department=world.minzheng, active=True
    )
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    assert "承办部门须为本县部门" in str(exc.value)


# ---------------------------------------------------------------- holidays: shared + local 调休


def test_local_adjustment_counts_only_for_its_county(world, second):
    # Thu 2025-09-04 is an ordinary working day; 松岭县 gives it off locally.
    calendar_day_set(date=datetime.date(2025, 9, 4), is_workday=False, county=second.county)
    now = at(2025, 9, 3)
    first = submit(
        world,
        content="同一张表一周内重复填报三次。",
        now=now,
    ).case
    other = submit(
        world,
        region=second.tree["village"],
        content="同一张表一周内重复填报三次。",
        now=now,
    ).case
    assert first.accept_due == datetime.date(2025, 9, 5)  # Thu, Fri
    assert other.accept_due == datetime.date(2025, 9, 8)  # Fri, (weekend), Mon


def test_office_sees_national_days_and_only_its_own_local_ones(client, world, second):
    national = CalendarDay.objects.filter(county=None).first()
    CalendarDay.objects.filter(county=None).exclude(pk=national.pk).delete()  # one page
    mine = calendar_day_set(date=datetime.date(2025, 9, 4), is_workday=False, county=second.county)
    theirs = calendar_day_set(
        date=datetime.date(2025, 9, 5), is_workday=False, name="测试县地方假", county=world.county
    )
    client.force_login(second.office_user)
    page = client.get(reverse("mashangjian_calendar:index") + "?p=1").content.decode()
    assert reverse("mashangjian_calendar:edit", args=[mine.pk]) in page
    assert reverse("mashangjian_calendar:edit", args=[theirs.pk]) not in page
    assert "测试县地方假" not in page
    # The national arrangement is shared: listed, but not linked to an edit view that answers 404.
    assert national.name in page
    assert reverse("mashangjian_calendar:edit", args=[national.pk]) not in page
    assert client.get(reverse("mashangjian_calendar:edit", args=[national.pk])).status_code == 404
    assert client.get(reverse("mashangjian_calendar:edit", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("mashangjian_calendar:delete", args=[national.pk]), {"confirm": "1"}
    )
    assert response.status_code == 404
    assert CalendarDay.objects.filter(pk=national.pk).exists()


def test_office_adds_local_days_for_its_own_county_only(client, world, second):
    client.force_login(second.office_user)
    url = reverse("mashangjian_calendar:add")
    for county in ("", world.county.pk):
        response = client.post(
            url, {"date": "2025-09-08", "county": county, "is_workday": "", "name": "地方假"}
        )
        assert response.status_code == 200 and "county" in response.context["form"].errors
    assert not CalendarDay.objects.filter(date=datetime.date(2025, 9, 8)).exists()
    response = client.post(
        url, {"date": "2025-09-08", "county": second.county.pk, "is_workday": "", "name": "地方假"}
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=datetime.date(2025, 9, 8)).county == second.county


# ---------------------------------------------------------------- cases, statistics, exports


def test_case_screens_of_one_county_show_nothing_of_the_other(client, world, second):
    case = submit(
        world,
        content="测试县的反映内容甲乙丙。",
        anonymous=False,
        contact_name="赵六",
        contact_phone="13800001111",
    ).case
    client.force_login(second.office_user)
    assert client.get(reverse("mashangjian_admin:case_detail", args=[case.pk])).status_code == 404
    for name, args in (
        ("case_list", []),
        ("todo", []),
        ("cases_export", ["csv"]),
        ("statistics", []),
        ("statistics_export", ["csv"]),
        ("hotspots", []),
        ("posters", []),
    ):
        response = client.get(reverse(f"mashangjian_admin:{name}", args=args))
        assert response.status_code == 200, name
        body = response.content.decode("utf-8", "replace")
        for leak in (case.number, "赵六", "13800001111", "西村", "东街道", "测试县的反映内容"):
            assert leak not in body, (name, leak)


# ---------------------------------------------------------------- the city role (statistics)


def _cases(world, region, n: int, text: str):
    for i in range(n):
        submit(
            world,
            region=region,
            content=f"{text}第{i + 1}件反映内容。",
            anonymous=False,
            contact_name="钱七",
            contact_phone="13800002222",
        )


def _city_viewers(world):
    from cms.roles import city_role_setup

    return city_role_setup(city=world.tree["city"])


def _city_editors(world):
    """The city's catalogue editors: page permissions on the catalogue open no case."""
    from wagtail.models import Page

    from cms.models import DutyListPage, RegionPage
    from cms.roles import city_editor_setup
    from registry.enums import ListKind

    city = world.tree["city"]
    city_page = Page.get_first_root_node().add_child(
        instance=RegionPage(title=city.name, slug=city.code, region=city)
    )
    city_page.add_child(
        instance=DutyListPage(title="测试市指导目录", slug="basic", kind=ListKind.TOWNSHIP_BASIC)
    )
    return city_editor_setup(city_page=city_page)


@pytest.mark.parametrize("city_group", [_city_viewers, _city_editors])
def test_city_role_reads_every_countys_statistics_and_no_case(client, world, second, city_group):
    from mashangjian import selectors
    from mashangjian.permissions import scope_for

    _cases(world, world.tree["village"], 5, "测试县")
    _cases(world, second.tree["village"], 6, "松岭县")
    city_user = make_user("city_viewer", city_group(world))
    scope = scope_for(city_user)
    assert scope.read_counties == {world.county.pk, second.county.pk}
    table = selectors.statistics_table(scope=scope, dimension="county")
    assert {r.label: r.total for r in table.rows} == {"测试县": 5, "松岭县": 6}
    assert table.total.total == 11
    # A county office still counts only its own county.
    office = selectors.statistics_table(scope=scope_for(second.office_user), dimension="region")
    assert office.total.total == 6 and {r.label for r in office.rows} == {"松岭镇"}

    client.force_login(city_user)
    page = client.get(reverse("mashangjian_admin:statistics"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "data-read-only" in body and 'data-dimension="county"' in body
    export = client.get(
        reverse("mashangjian_admin:statistics_export", args=["csv"]) + "?dimension=county"
    )
    assert export.status_code == 200
    text = export.content.decode("utf-8-sig")
    assert "测试县" in text and "松岭县" in text
    # Read-only: counted, never opened (no case list, no case, no contact details).
    case = submit(world, content="测试县又一件反映内容。").case
    for name, args in (("case_list", []), ("case_detail", [case.pk]), ("cases_export", ["csv"])):
        denied = client.get(reverse(f"mashangjian_admin:{name}", args=args))
        # Wagtail turns 403 into a redirect to the dashboard.
        assert denied.status_code == 302 and denied["Location"] == "/admin/", name
    assert "13800002222" not in body and "钱七" not in body


def test_county_office_gets_no_county_table_and_no_other_county(client, world, second):
    _cases(world, world.tree["village"], 5, "测试县")
    client.force_login(second.office_user)
    body = client.get(reverse("mashangjian_admin:statistics")).content.decode()
    assert 'data-dimension="county"' not in body and "data-read-only" not in body
    bad = client.get(
        reverse("mashangjian_admin:statistics_export", args=["csv"]) + "?dimension=county"
    )
    assert bad.status_code == 400 and "统计维度“county”无效" in bad.content.decode()
