import datetime
from pathlib import Path

import pytest
from django.conf import settings

from mashangjian.models import Category
from mashangjian.permissions import Scope
from mashangjian.services import calendar as calendar_services
from mashangjian.services import setup
from tests.factories import make_county_tree, make_department, make_user

CATEGORIES = Path(settings.BASE_DIR) / "fixtures" / "linyuan" / "mashangjian_categories.csv"


@pytest.fixture(autouse=True)
def _fresh_cache(clear_cache):
    """Rate-limit counters must not leak between tests."""


class World:
    """A county with two departments, the office, a handling unit and their users."""

    def __init__(self):
        self.tree = make_county_tree()
        self.county = self.tree["county"]
        setup.categories_load(path=CATEGORIES)
        self.category = Category.objects.get(code="TBBS")
        self.minzheng = make_department(self.county, "县民政局")
        self.tongji = make_department(self.county, "县统计局")
        self.jiaoyu = make_department(self.county, "县教育局")
        self.office_group = setup.office_group_setup(county=self.county)
        self.minzheng_group = setup.handler_group_setup(department=self.minzheng)
        self.jiaoyu_group = setup.handler_group_setup(department=self.jiaoyu)
        self.office_user = make_user("office", self.office_group)
        self.minzheng_user = make_user("minzheng", self.minzheng_group)
        self.jiaoyu_user = make_user("jiaoyu", self.jiaoyu_group)
        self.office_scope = Scope(office_counties=frozenset({self.county.pk}))
        self.minzheng_scope = Scope(handler_departments=frozenset({self.minzheng.pk}))
        self.jiaoyu_scope = Scope(handler_departments=frozenset({self.jiaoyu.pk}))
        setup.routing_rule_set(county=self.county, category=self.category, department=self.jiaoyu)
        setup.routing_rule_set(
            county=self.county,
            category=self.category,
            department=self.minzheng,
            region=self.tree["town"],
        )

    def by(self, role: str, action, case, **kw):
        """``action`` (a service of ``mashangjian.services.cases``) on ``case`` by the user of
        ``role`` (office, minzheng or jiaoyu) in that role's scope."""
        scope, user = getattr(self, f"{role}_scope"), getattr(self, f"{role}_user")
        return action(case=case, scope=scope, user=user, **kw)


@pytest.fixture
def world(db):
    calendar_services.calendar_seed(years=range(2024, 2027))
    return World()


def at(y, m, d, hour=10):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(y, m, d, hour))


def submit(world, content: str = "重复要表问题反映内容示例。", *, region=None, **kw):
    """A report filed through the service, in the world's village unless ``region``: its receipt."""
    from mashangjian.services import cases as svc

    region = region or world.tree["village"]
    return svc.case_submit(category=world.category, region=region, content=content, **kw)


def route_to_minzheng(world, case):
    """受理 and route to 县民政局 (the office's step most tests need)."""
    from mashangjian.services import cases as svc

    return world.by("office", svc.case_accept, case, department=world.minzheng)


def answer_as_minzheng(world, case, text: str = "已协调取消重复报表。"):
    from mashangjian.services import cases as svc

    return world.by("minzheng", svc.case_answer, case, answer=text)
