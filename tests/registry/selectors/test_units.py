"""registry.selectors.units: the items a region carries, narrowed and layered, in few queries."""

import datetime

from registry import selectors
from registry.enums import AppliesTo, ListKind
from tests.factories import items, publish

D = datetime.date


def test_applies_to_narrows_items_by_unit_type(tree):
    county = tree["county"]
    data = [
        *items("全部适用"),
        *[
            i.__class__(**{**i.__dict__, "seq": 2})
            for i in items("只适用乡镇", applies_to=AppliesTo.TOWNSHIP)
        ],
        *[
            i.__class__(**{**i.__dict__, "seq": 3})
            for i in items("只适用街道", applies_to=AppliesTo.SUBDISTRICT)
        ],
    ]
    publish(county, ListKind.TOWNSHIP_BASIC, D(2025, 1, 1), data)
    on = D(2025, 6, 1)

    def names(region):
        [(_, found)] = selectors.items_for_region(region=region, on=on)
        return [i.name for i in found]

    assert names(tree["street"]) == ["全部适用", "只适用街道"]
    assert names(tree["town"]) == ["全部适用", "只适用乡镇"]
    assert len(names(county)) == 3  # a county view shows everything


def test_list_attached_lower_down_adjusts_the_county_list_once_in_force(tree):
    """A township list is a set of adjustments (本级增补 here), never a replacement (issue 14)."""
    county, town, street = tree["county"], tree["town"], tree["street"]
    publish(county, ListKind.TOWNSHIP_BASIC, D(2025, 1, 1), items("县统一"))
    publish(town, ListKind.TOWNSHIP_BASIC, D(2026, 1, 1), items("西镇自定"))

    def names(region, on):
        [(entry, found)] = selectors.items_for_region(region=region, on=on)
        return entry.inherited, [i.name for i in found]

    assert names(town, D(2025, 6, 1)) == (True, ["县统一"])  # override not yet in force
    assert names(town, D(2026, 6, 1)) == (False, ["县统一", "西镇自定"])
    assert names(street, D(2026, 6, 1)) == (True, ["县统一"])  # a sibling keeps the county list


def test_items_for_region_query_count_does_not_grow_with_items(tree, django_assert_num_queries):
    county = tree["county"]
    publish(county, ListKind.TOWNSHIP_BASIC, D(2025, 1, 1), items(*[f"事项{i}" for i in range(5)]))
    publish(
        county, ListKind.TOWNSHIP_WITHDRAWN, D(2025, 1, 1), items(*[f"收回{i}" for i in range(200)])
    )
    region = selectors.region_get(code=tree["town"].code)
    with django_assert_num_queries(2):
        result = selectors.items_for_region(region=region, on=D(2025, 6, 1))
    assert sum(len(found) for _, found in result) == 205


def test_region_get_loads_lineage_in_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        region = selectors.region_get(code=tree["village"].code)
        names = [r.name for r in region.lineage()]
    assert names == ["西村", "西镇", "测试县", "测试市"]
