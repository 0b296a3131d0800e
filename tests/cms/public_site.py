"""A small public site for the public-page tests (not the demo county).

home → 测试市 → 测试县 (basic + withdrawn lists) → 东街道 → 东社区, 西镇 → 西村.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.utils import timezone
from wagtail.models import Page, Site

from cms.models import DutyListPage, HomePage, RegionPage
from registry.enums import AppliesTo, ListKind
from registry.services.regions import duty_list_get_or_create
from registry.services.versions import ItemData
from tests.factories import make_department, publish
from tests.sample_items import ASSISTANCE, INSURANCE, REMOTE_SENSING

# Relative to today, so that "in force" and "superseded" hold whatever the clock says.
V1 = timezone.localdate() - datetime.timedelta(days=400)
V2 = timezone.localdate() - datetime.timedelta(days=30)


def region_page(parent, region):
    return parent.add_child(instance=RegionPage(title=region.name, slug=region.code, region=region))


def list_page(parent, duty_list, title):
    return parent.add_child(
        instance=DutyListPage(
            title=title,
            slug=duty_list.kind.replace("_", "-"),
            kind=duty_list.kind,
            duty_list=duty_list,
        )
    )


def basic_items_v1(dept) -> list[ItemData]:
    return [
        replace(ASSISTANCE, department=dept),
        INSURANCE,
        replace(REMOTE_SENSING, applies_to=AppliesTo.TOWNSHIP),
        ItemData(
            seq=4, code="JB-004", domain="城乡建设", name="农村违法建设拆除", content="组织拆除。"
        ),
        ItemData(
            seq=5,
            code="JB-005",
            domain="平安建设",
            name="社区矫正协助",
            content="协助开展社区矫正。",
            applies_to=AppliesTo.SUBDISTRICT,
        ),
    ]


def basic_items_v2(dept) -> list[ItemData]:
    """Version 2 against version 1: JB-001 reworded, JB-005 moved up, JB-003 and JB-004 gone,
    JB-009 new."""
    jb001, jb002, _, _, jb005 = basic_items_v1(dept)
    return [
        replace(jb001, content="受理最低生活保障、特困人员救助供养和临时救助申请。"),
        replace(jb005, seq=2),
        replace(jb002, seq=3),
        ItemData(
            seq=4,
            code="JB-009",
            domain="乡村振兴",
            name="和美乡村建设",
            content="推进和美乡村建设。",
        ),
    ]


def build(tree) -> dict:
    """Two versions of the basic list (JB-003 moves to the withdrawn list, JB-004 is removed,
    JB-009 added, JB-001 reworded, JB-005 renumbered) and one of the withdrawn list."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="测试清单公开", slug="public-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    dept = make_department(tree["county"], "县民政局")
    resources = make_department(tree["county"], "县自然资源局")
    kind = ListKind.TOWNSHIP_BASIC
    v1 = publish(tree["county"], kind, V1, basic_items_v1(dept), document_no="测委发〔2025〕1号")
    v2 = publish(tree["county"], kind, V2, basic_items_v2(dept), document_no="测委发〔2026〕2号")
    w1 = publish(
        tree["county"],
        ListKind.TOWNSHIP_WITHDRAWN,
        V2,
        [
            replace(
                REMOTE_SENSING, seq=1, content="", department=resources, note="由县自然资源局承担。"
            )
        ],
        document_no="测委发〔2026〕2号",
    )
    city = region_page(home, tree["city"])
    county = region_page(city, tree["county"])
    street = region_page(county, tree["street"])
    town = region_page(county, tree["town"])
    community = region_page(street, tree["community"])
    village = region_page(town, tree["village"])
    basic = list_page(
        county,
        duty_list_get_or_create(region=tree["county"], kind=ListKind.TOWNSHIP_BASIC),
        "测试县基本履职事项清单",
    )
    withdrawn = list_page(
        county,
        duty_list_get_or_create(region=tree["county"], kind=ListKind.TOWNSHIP_WITHDRAWN),
        "测试县上级部门收回事项清单",
    )
    return {
        "home": home,
        "city": city,
        "county": county,
        "street": street,
        "town": town,
        "community": community,
        "village": village,
        "basic": basic,
        "withdrawn": withdrawn,
        "v1": v1,
        "v2": v2,
        "w1": w1,
        "dept": dept,
        "resources": resources,
    }
