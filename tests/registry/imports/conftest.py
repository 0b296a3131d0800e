"""A county with three departments, its cooperation list in force and its page tree."""

from __future__ import annotations

import datetime

import pytest
from wagtail.models import Page

from cms.models import DutyListPage, HomePage, RegionPage
from registry.services.versions import ItemData
from tests.factories import make_department, publish
from tests.registry.imports.helpers import COOP


@pytest.fixture
def county(tree):
    return tree["county"]


@pytest.fixture
def depts(county):
    return {
        name: make_department(county, name) for name in ("县民政局", "县市场监管局", "县公安局")
    }


@pytest.fixture
def coop_version(county, depts):
    return publish(
        county,
        COOP,
        datetime.date(2025, 1, 1),
        [
            ItemData(
                seq=1,
                name="消防安全监督检查",
                domain="平安法治",
                department=depts["县公安局"],
                department_duty="依法开展消防监督检查",
                local_duty="落实消防安全网格化管理",
            ),
            ItemData(
                seq=2,
                name="食品安全监管",
                domain="平安法治",
                department=depts["县市场监管局"],
                department_duty="负责食品生产经营监督检查",
                local_duty="开展食品安全宣传，指导农村集体聚餐申报备案",
            ),
            ItemData(
                seq=3,
                name="社会救助",
                domain="民生保障",
                department=depts["县民政局"],
                department_duty="审核确认救助对象",
                local_duty="受理救助申请并入户调查",
                basis="《社会救助暂行办法》",
                note="隐藏列：配合清单不显示备注",
            ),
        ],
    )


@pytest.fixture
def list_page(county):
    """The county's page tree with one cooperation list page (the draft target)."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="imp-home"))
    parent = home
    for region in reversed(county.lineage()):
        parent = parent.add_child(
            instance=RegionPage(title=region.name, slug=region.code, region=region)
        )
    page = parent.add_child(instance=DutyListPage(title="配合清单", slug="coop", kind=COOP))
    page.save_revision()
    return page
