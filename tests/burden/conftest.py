import datetime

import pytest

from mashangjian.services import setup
from registry.enums import RegionLevel, UnitType
from registry.services.regions import region_upsert
from tests.factories import make_county_tree, make_department, make_user

D = datetime.date


class Counties:
    """Two counties, each with its 减负机制办 (office) user, and a departments per county."""

    def __init__(self):
        self.tree = make_county_tree()
        self.county = self.tree["county"]
        self.town = self.tree["town"]
        self.street = self.tree["street"]
        self.village = self.tree["village"]
        self.other = region_upsert(
            code="880102000000",
            name="邻县",
            level=RegionLevel.COUNTY,
            unit_type=UnitType.COUNTY,
            parent=self.tree["city"],
        )
        self.other_town = region_upsert(
            code="880102100000",
            name="邻镇",
            level=RegionLevel.TOWNSHIP,
            unit_type=UnitType.TOWN,
            parent=self.other,
        )
        self.minzheng = make_department(self.county, "县民政局", code="MZ")
        self.tongji = make_department(self.county, "县统计局", code="TJ")
        self.other_dept = make_department(self.other, "县农业局", code="NY")
        self.office = make_user("office", setup.office_group_setup(county=self.county))
        self.other_office = make_user(
            "other_office", setup.office_group_setup(county=self.other, name="邻县减负办")
        )
        self.handler = make_user("handler", setup.handler_group_setup(department=self.minzheng))


@pytest.fixture
def two(db):
    return Counties()
