import datetime

import pytest

from mashangjian.services import setup
from tests.factories import (
    make_county_tree,
    make_department,
    make_neighbour_county,
    make_user,
)

D = datetime.date


class Counties:
    """Two counties, each with its 减负机制办 (office) user, and a departments per county."""

    def __init__(self):
        self.tree = make_county_tree()
        self.county = self.tree["county"]
        self.town = self.tree["town"]
        self.street = self.tree["street"]
        self.village = self.tree["village"]
        neighbour = make_neighbour_county(self.tree["city"])
        self.other, self.other_town = neighbour["county"], neighbour["town"]
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
